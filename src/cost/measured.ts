/**
 * Reads back what a measuring child printed. The figures come from the process that ran the
 * project's code, so they are input like any other: each must be finite and in its platform's
 * range, and together they cannot add up to more time than the run took. Anything else is
 * "not measured", with the reason, and never priced.
 */
import { availableParallelism } from "node:os";
import * as z from "zod";
import { formatPath } from "../config/issues.js";
import type { Contained } from "./contain.js";
import { inRange, rangeFor } from "./limits.js";
import type { CostPlatform, Measured, MeasuredInput, Percentiles } from "./types.js";

const MARKER = "__COLDSTART_MEASURE__";

function schemaFor(platform: CostPlatform) {
  const wall = inRange(rangeFor("durationMs", [platform]));
  return z.object({
    initMs: inRange(rangeFor("initMs", [platform])),
    wallMs: wall,
    cpuMs: inRange(rangeFor("cpuMs", [platform])),
    firstWallMs: wall,
    runs: inRange({ min: 1, max: 10_000, unit: "runs", int: true, why: "--runs, or Workers' batched warm calls" }),
    capped: z.boolean().optional(),
    cpuObserved: z.boolean().optional(),
    status: inRange({ min: 100, max: 599, unit: "", int: true, why: "an HTTP status" }).optional(),
    overheadMs: wall.optional(),
    /** workerd: warm calls per request (each warm sample is one request's mean per call). */
    callsPerRequest: inRange({ min: 1, max: 10_000, unit: "calls", int: true, why: "warm calls batched in one request" }).optional(),
    /** Each warm run's wall and CPU time, for percentiles. */
    wallSamples: z.array(wall).max(10_000).optional(),
    cpuSamples: z.array(inRange(rangeFor("cpuMs", [platform]))).max(10_000).optional(),
    /** Several cold starts in one run (workerd: fresh copies of the module); initMs is then their median. */
    initSamples: z.array(inRange(rangeFor("initMs", [platform]))).min(1).max(100).optional(),
    /** Mean per warm run: bytes written to stdout and stderr, console calls (log lines), response body bytes. */
    logBytes: inRange({ min: 0, max: 256 * 1024 * 1024, unit: "bytes", why: "up to 256 MB of logs per invocation" }).optional(),
    logLines: inRange({ min: 0, max: 1_000_000, unit: "lines", why: "up to a million log lines per invocation" }).optional(),
    responseBytes: inRange({ min: 0, max: 5 * 1024 ** 3, unit: "bytes", why: "up to 5 GB per response" }).optional(),
  });
}

export type Figures = z.infer<ReturnType<typeof schemaFor>>;

/** The figures, the error the project's code threw, or why there is no measurement. */
type RunOutcome = { figures: Figures } | { thrown: string } | { error: string };

const OUT_OF_MEMORY = /JavaScript heap out of memory|Fatal process out of memory|Array buffer allocation failed|allocation failed|Cannot allocate memory/i;

function lastLine(text: string): string | undefined {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).at(-1)?.slice(0, 200);
}

export function readRun(run: Contained, platform: CostPlatform, memoryMb: number): RunOutcome {
  if (run.stopped) return { error: run.stopped };
  const oom = OUT_OF_MEMORY.exec(run.stderr)?.[0];
  const ranOut = (what: string) => ({ error: `ran out of memory: the function has ${memoryMb} MB (${what})` });
  const marker = run.stdout.lastIndexOf(MARKER);
  if (marker < 0) {
    if (oom) return ranOut(oom);
    const how = run.signal ? `was killed by ${run.signal}` : `exited with code ${run.exitCode}`;
    const said = lastLine(run.stderr);
    return { error: `the run ${how} before printing a measurement${said ? `: ${said}` : ""}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(run.stdout.slice(marker + MARKER.length).split("\n")[0] ?? "");
  } catch {
    return { error: "the run printed a measurement that is not JSON" };
  }
  if (raw && typeof raw === "object" && "error" in raw) {
    const thrown = String(raw.error).slice(0, 500);
    return OUT_OF_MEMORY.test(thrown) ? ranOut(thrown) : { thrown };
  }
  const parsed = schemaFor(platform).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `the run reported an impossible figure: ${issue ? `${formatPath(issue.path)}: ${issue.message}` : "not an object"}` };
  }
  const f = parsed.data;
  // Work cannot take longer than the run that did it (CPU: on every core at once).
  const wallSum = sum(f.initSamples ?? [f.initMs]) + f.firstWallMs + f.wallMs * (f.runs - 1);
  const slackMs = 50;
  if (wallSum > run.elapsedMs + slackMs) {
    return { error: `the run reported ${Math.round(wallSum)} ms of work but lasted ${Math.round(run.elapsedMs)} ms` };
  }
  if (f.cpuMs * Math.max(1, f.runs - 1) > run.elapsedMs * availableParallelism() + slackMs) {
    return { error: `the run reported more CPU time (${Math.round(f.cpuMs * (f.runs - 1))} ms) than ${availableParallelism()} cores have in ${Math.round(run.elapsedMs)} ms` };
  }
  return { figures: f };
}

const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

/** p50, p90 and p99 by the nearest-rank method. */
export function percentiles(samples: number[]): Percentiles {
  return weightedPercentiles(samples.map((value) => ({ value, weight: 1 })));
}

/**
 * Nearest rank with weights: the smallest value whose cumulative weight reaches p% of the total.
 * With equal weights this is the plain nearest-rank percentile.
 */
export function weightedPercentiles(samples: Array<{ value: number; weight: number }>): Percentiles {
  const sorted = [...samples].sort((a, b) => a.value - b.value);
  const totalWeight = sum(sorted.map((x) => x.weight));
  const at = (p: number) => {
    // A relative tolerance, so that float sums of shares (0.1 + 0.2) do not skip a rank.
    const target = (p / 100) * totalWeight * (1 - 1e-12);
    let cumulative = 0;
    for (const x of sorted) {
      cumulative += x.weight;
      if (cumulative >= target) return x.value;
    }
    return sorted.at(-1)!.value;
  };
  return { p50: at(50), p90: at(90), p99: at(99) };
}

/** One input's runs (an event file, a request): each process that ran it, and its share of traffic. */
export interface InputRuns {
  input: string;
  weight: number;
  runs: Figures[];
}

/** What the runs add that is not in their figures. */
export interface CombineOptions {
  how: string;
  weighting: NonNullable<Measured["weighting"]>;
  /** Bytes the platform adds to each log line (Lambda's timestamp, request id and level); undefined: logs not priced from measurement. */
  logLinePrefixBytes?: number;
}

/**
 * One function's measurement from its inputs: each input's own figures (from its longest run), the
 * weighted mix of them (wall, CPU, first run, log and response bytes), percentiles over every warm
 * run weighted by its input's share, and init as the median of every cold start.
 */
export function combineRuns(inputs: InputRuns[], options: CombineOptions): Measured {
  const totalWeight = sum(inputs.map((i) => i.weight));
  const own = inputs.map(({ input, weight, runs }) => {
    const main = [...runs].sort((a, b) => b.runs - a.runs)[0]!;
    const out: MeasuredInput = { input, weight: weight / totalWeight, wallMs: main.wallMs, cpuMs: main.cpuMs, firstWallMs: main.firstWallMs, runs: main.runs };
    if (main.wallSamples?.length) out.wallPercentilesMs = percentiles(main.wallSamples);
    if (main.cpuSamples?.length) out.cpuPercentilesMs = percentiles(main.cpuSamples);
    if (main.logBytes !== undefined && options.logLinePrefixBytes !== undefined) out.logBytes = main.logBytes + (main.logLines ?? 0) * options.logLinePrefixBytes;
    if (main.responseBytes !== undefined) out.responseBytes = main.responseBytes;
    return { out, main };
  });
  const mix = (f: (m: MeasuredInput) => number) => sum(own.map(({ out }) => out.weight * f(out)));
  const spread = (samples: (f: Figures) => number[] | undefined) => {
    const weighted = own.flatMap(({ out, main }) => {
      const xs = samples(main) ?? [];
      return xs.map((value) => ({ value, weight: out.weight / xs.length }));
    });
    return weighted.length > 0 ? weightedPercentiles(weighted) : undefined;
  };
  const inits = inputs.flatMap((i) => i.runs.flatMap((f) => f.initSamples ?? [f.initMs]));
  const measured: Measured = {
    initMs: percentiles(inits).p50,
    wallMs: mix((m) => m.wallMs),
    cpuMs: mix((m) => m.cpuMs),
    firstWallMs: mix((m) => m.firstWallMs),
    runs: sum(own.map(({ out }) => out.runs)),
    how: options.how,
    initSamplesMs: inits,
    inputs: own.map(({ out }) => out),
    weighting: options.weighting,
  };
  const wall = spread((f) => f.wallSamples);
  const cpu = spread((f) => f.cpuSamples);
  if (wall) measured.wallPercentilesMs = wall;
  if (cpu) measured.cpuPercentilesMs = cpu;
  if (own.every(({ out }) => out.logBytes !== undefined)) measured.logBytes = mix((m) => m.logBytes!);
  if (own.every(({ out }) => out.responseBytes !== undefined)) measured.responseBytes = mix((m) => m.responseBytes!);
  return measured;
}
