import * as z from "zod";
import { UsageError } from "../errors.js";
import { inRange, rangeFor, type Range } from "./limits.js";
import type { CostPlatform } from "./types.js";

const FLAG = {
  invocations: "--invocations",
  duration: "--duration",
  cpu: "--cpu",
  memory: "--memory",
  concurrency: "--concurrency",
  coldStartRate: "--cold-start-rate",
  runs: "--runs",
  measureTimeout: "--measure-timeout",
} as const;

/** As given: the CLI keeps text that is no number as typed, so that the error can show it. */
type Given = Partial<Record<keyof typeof FLAG, unknown>>;

const RUNS_RANGE: Range = { min: 1, max: 1000, unit: "runs", int: true, why: "the runs stop after 20 s anyway" };

/** A measuring run may last as long as the longest invocation any priced platform allows. */
function measureTimeoutRange(): Range {
  const longest = rangeFor("durationMs");
  return { min: 1, max: longest.max / 1000, unit: "s", why: longest.why };
}

/**
 * Checks the numeric flags against the ranges of the platforms they will be priced on (all three
 * when comparing), so that `--duration 1e308` is an error instead of `$∞/month`.
 */
export function checkFlags(flags: Given, platforms: readonly CostPlatform[]): void {
  const schema = z.object({
    invocations: inRange(rangeFor("invocations", platforms)).optional(),
    duration: inRange(rangeFor("durationMs", platforms)).optional(),
    cpu: inRange(rangeFor("cpuMs", platforms)).optional(),
    memory: inRange(rangeFor("memoryMb", platforms)).optional(),
    concurrency: inRange(rangeFor("concurrency", platforms)).optional(),
    coldStartRate: inRange(rangeFor("coldStartRate", platforms)).optional(),
    runs: inRange(RUNS_RANGE).optional(),
    measureTimeout: inRange(measureTimeoutRange()).optional(),
  });
  const { invocations, duration, cpu, memory, concurrency, coldStartRate, runs, measureTimeout } = flags;
  const result = schema.safeParse({ invocations, duration, cpu, memory, concurrency, coldStartRate, runs, measureTimeout });
  const issue = result.error?.issues[0];
  if (issue) throw new UsageError(`${FLAG[issue.path[0] as keyof typeof FLAG]}: ${issue.message}`);
}
