/**
 * Reads back what a measuring child printed. The figures come from the process that ran the
 * project's code, so they are input like any other: each must be finite and in its platform's
 * range, and together they cannot add up to more time than the run took. Anything else is
 * "not measured", with the reason, and never priced.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import { formatPath } from "../config/issues.js";
import type { Contained } from "./contain.js";
import { inRange, rangeFor } from "./limits.js";
import type { CostPlatform, Measured } from "./types.js";

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
    /** Each warm run's wall time, for percentiles. */
    wallSamples: z.array(wall).max(10_000).optional(),
  });
}

type Figures = z.infer<ReturnType<typeof schemaFor>>;

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
  const wallSum = f.initMs + f.firstWallMs + f.wallMs * (f.runs - 1);
  const slackMs = 50;
  if (wallSum > run.elapsedMs + slackMs) {
    return { error: `the run reported ${Math.round(wallSum)} ms of work but lasted ${Math.round(run.elapsedMs)} ms` };
  }
  if (f.cpuMs * Math.max(1, f.runs - 1) > run.elapsedMs * availableParallelism() + slackMs) {
    return { error: `the run reported more CPU time (${Math.round(f.cpuMs * (f.runs - 1))} ms) than ${availableParallelism()} cores have in ${Math.round(run.elapsedMs)} ms` };
  }
  return { figures: f };
}

/** The figures as the report keeps them, with where and how they were taken. */
export function measuredFrom(f: Figures, how: string): Measured {
  const out: Measured = { initMs: f.initMs, wallMs: f.wallMs, cpuMs: f.cpuMs, firstWallMs: f.firstWallMs, runs: f.runs, how };
  if (f.wallSamples && f.wallSamples.length > 0) out.wallPercentilesMs = percentiles(f.wallSamples);
  return out;
}

/** p50, p90 and p99 by the nearest-rank method. */
export function percentiles(samples: number[]): { p50: number; p90: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p90: at(90), p99: at(99) };
}

/**
 * One function measured several times (each event file, and repeated cold starts): init is the
 * median of the cold starts, wall and CPU the mean over the inputs, percentiles over every warm run.
 */
export function combineMeasured(list: Array<{ measured: Measured; samples: number[]; input: string }>, how: string): Measured {
  const first = list[0]!.measured;
  if (list.length === 1) return first;
  const inputs = [...new Set(list.map((x) => x.input))];
  const byInput = inputs.map((input) => list.filter((x) => x.input === input).sort((a, b) => b.measured.runs - a.measured.runs)[0]!.measured);
  const mean = (f: (m: Measured) => number) => byInput.reduce((s, m) => s + f(m), 0) / byInput.length;
  const inits = list.map((x) => x.measured.initMs);
  const samples = list.flatMap((x) => x.samples);
  const out: Measured = {
    initMs: percentiles(inits).p50,
    initSamplesMs: inits,
    wallMs: mean((m) => m.wallMs),
    cpuMs: mean((m) => m.cpuMs),
    firstWallMs: mean((m) => m.firstWallMs ?? m.wallMs),
    runs: byInput.reduce((s, m) => s + m.runs, 0),
    how,
  };
  if (samples.length > 0) out.wallPercentilesMs = percentiles(samples);
  return out;
}
