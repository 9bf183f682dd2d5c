/**
 * The valid range of every cost input (flags, config `cost` section, measurements), derived from the
 * platforms' published limits. Figures come from the built-in price table's dated limit sections and
 * from the audit's timeout limits, never from an override: a pull request's --prices file or config
 * cannot widen the ranges that keep its own numbers finite.
 */
import * as z from "zod";
import { LAMBDA_MAX_TIMEOUT_S, VERCEL_MAX_DURATION_S } from "../audit/analysis/timeout-limits.js";
import { DEFAULT_PRICES } from "./price-table.js";
import { COST_PLATFORMS, type CostPlatform } from "./types.js";

export interface Range {
  min: number;
  max: number;
  unit: string;
  /** Where the bounds come from, printed in every error. */
  why: string;
  int?: boolean;
}

type Bound = Omit<Range, "unit" | "int">;

// Integers are grouped by hand: this module loads on every audit, and the first toLocaleString call
// costs about 25 ms of CPU setting up ICU's number formats.
const fmt = (n: number) =>
  Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : n.toLocaleString("en-US", { maximumFractionDigits: 6 });
const lambda = DEFAULT_PRICES["aws-lambda"];
const vercel = DEFAULT_PRICES.vercel;
const workers = DEFAULT_PRICES["cloudflare-workers"];
const LAMBDA_TIMEOUT_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html";

/** What each platform publishes; a string says why a platform has no such limit. */
const PLATFORM_LIMITS: Record<CostPlatform, { memoryMb: Bound | string; durationMs: Bound | string; cpuMs?: Bound }> = {
  "aws-lambda": {
    memoryMb: { min: lambda.memory.minMb, max: lambda.memory.maxMb, why: `AWS Lambda's memory range, ${lambda.memory.source}` },
    durationMs: { min: 0, max: LAMBDA_MAX_TIMEOUT_S * 1000, why: `AWS Lambda's ${LAMBDA_MAX_TIMEOUT_S} s maximum timeout, ${LAMBDA_TIMEOUT_SOURCE}` },
  },
  vercel: {
    // Vercel publishes no minimum; Lambda's is borrowed, as the default cold-start figures are.
    memoryMb: {
      min: lambda.memory.minMb,
      max: vercel.limits.proMaxMemoryMb,
      why: `Vercel's maximum on Pro (Hobby: ${fmt(vercel.limits.hobbyMaxMemoryMb)} MB), ${vercel.limits.source}; minimum borrowed from AWS Lambda`,
    },
    durationMs: {
      min: 0,
      max: VERCEL_MAX_DURATION_S.pro * 1000,
      why: `Vercel's ${VERCEL_MAX_DURATION_S.pro} s maximum duration on Pro (Hobby: ${VERCEL_MAX_DURATION_S.hobby} s), ${vercel.limits.source}`,
    },
  },
  "cloudflare-workers": {
    memoryMb: `Workers ignore the memory setting (fixed at ${workers.limits.memoryMb} MB)`,
    durationMs: "Workers set no wall-time limit",
    cpuMs: { min: 0, max: workers.limits.maxCpuMs, why: `Workers' maximum CPU time per request, ${workers.limits.source}` },
  },
};

/** Inputs no platform bounds by itself: each range and why. */
const FIXED: Record<"invocations" | "coldStartRate" | "concurrency" | "ephemeralStorageMb", Range> = {
  invocations: {
    min: 0,
    max: 1e13,
    unit: "invocations/month",
    why: "no platform publishes a monthly cap; 10 trillion a month is about 3.8 million a second, all month",
  },
  coldStartRate: { min: 0, max: 1, unit: "", why: "a share of invocations" },
  concurrency: {
    min: 1,
    max: 30_000,
    unit: "invocations per instance",
    why: `an instance cannot share more invocations than Vercel's 30,000 concurrency limit, ${vercel.limits.source}`,
  },
  ephemeralStorageMb: { min: 512, max: 10_240, unit: "MB", int: true, why: "AWS Lambda's ephemeral storage range, https://aws.amazon.com/lambda/pricing/" },
};

export type CostField = keyof typeof FIXED | "memoryMb" | "durationMs" | "cpuMs" | "initMs";

const isBound = (b: Bound | string): b is Bound => typeof b !== "string";

/**
 * The widest bound among `platforms`; where none of them sets one, the widest of any platform, so
 * every input stays finite.
 */
function widest(pick: (p: CostPlatform) => Bound | string, platforms: readonly CostPlatform[]): Bound {
  const own = platforms.map(pick).filter(isBound);
  const bounds = own.length > 0 ? own : COST_PLATFORMS.map(pick).filter(isBound);
  const top = bounds.reduce((a, b) => (b.max > a.max ? b : a));
  const why = own.length > 0 ? top.why : `${platforms.map(pick).filter((b): b is string => typeof b === "string").join("; ")}: held to ${top.why}`;
  return { min: Math.min(...bounds.map((b) => b.min)), max: top.max, why };
}

/** The range of one input when it is priced on `platforms` (all three when comparing). */
export function rangeFor(field: CostField, platforms: readonly CostPlatform[] = COST_PLATFORMS): Range {
  switch (field) {
    case "memoryMb":
      return { ...widest((p) => PLATFORM_LIMITS[p].memoryMb, platforms), unit: "MB", int: true };
    case "durationMs":
    case "initMs":
      return { ...widest((p) => PLATFORM_LIMITS[p].durationMs, platforms), unit: "ms" };
    case "cpuMs":
      // CPU time cannot exceed the time a platform lets an invocation run, where it has no CPU limit.
      return { ...widest((p) => PLATFORM_LIMITS[p].cpuMs ?? PLATFORM_LIMITS[p].durationMs, platforms), unit: "ms" };
    default:
      return FIXED[field];
  }
}

export function rangeText(r: Range): string {
  return `${fmt(r.min)}-${fmt(r.max)}${r.unit ? ` ${r.unit}` : ""}: ${r.why}`;
}

function shown(input: unknown): string {
  if (typeof input === "number") return String(input);
  if (typeof input === "string") return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}...` : input);
  return input === null ? "null" : typeof input;
}

/** A zod number within `r`; each error says what is wrong with the value and gives the range. */
export function inRange(r: Range): z.ZodNumber {
  const text = rangeText(r);
  const say = (what: string) => (issue: { input?: unknown }) => `${shown(issue.input)} ${what} (${text})`;
  // abort: one issue per value, so that 1e20 MB is "above the maximum", not also "not a whole number".
  const n = z
    .number({ error: say("is not a finite number") })
    .min(r.min, { error: say("is below the minimum"), abort: true })
    .max(r.max, { error: say("is above the maximum"), abort: true });
  return r.int ? n.int({ error: say("is not a whole number") }) : n;
}
