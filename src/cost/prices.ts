import { readFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import { formatPath } from "../config/issues.js";
import { ConfigError } from "../errors.js";
import { DEFAULT_PRICES, type PriceTable, type VercelPlan } from "./price-table.js";
import { inRange } from "./limits.js";
import {
  allowance,
  bindingRate,
  perGb,
  perHour,
  limitOf,
  perCpuHour,
  perGbHour,
  perGbSecond,
  perMillionCpuMs,
  perMillionRequests,
  perMonth,
  provisionedPerGbSecond,
  storagePerGbSecond,
} from "./price-ranges.js";

const dated = { source: z.string().min(1), asOf: z.string().min(1) };

/** Tiers of any unit: caps (in `cap`) rise from tier to tier, and only the last may be open (null). */
function risingTiers<C extends string, R extends string>(cap: C, rate: R, rateSchema: z.ZodNumber) {
  const tier = z.strictObject({ [cap]: allowance.nullable(), [rate]: rateSchema } as Record<C, z.ZodNullable<z.ZodNumber>> & Record<R, z.ZodNumber>);
  return z
    .array(tier)
    .min(1)
    .superRefine((list, ctx) => {
      list.forEach((t, i) => {
        const value = (t as Record<string, number | null>)[cap];
        const previous = (list[i - 1] as Record<string, number | null> | undefined)?.[cap];
        if (value === null && i < list.length - 1) ctx.addIssue({ code: "custom", path: [i, cap], message: "null (no cap) is allowed on the last tier only" });
        if (value != null && previous != null && value <= previous) ctx.addIssue({ code: "custom", path: [i, cap], message: `${value} must be above the previous tier's cap (${previous})` });
      });
    });
}
const tiers = risingTiers("upToGbSeconds", "usdPerGbSecond", perGbSecond);
const volumeTiers = (rate: z.ZodNumber) => risingTiers("upTo", "usd", rate);
const arch = z.strictObject({ durationTiers: tiers, provisionedConcurrencyPerGbSecond: provisionedPerGbSecond, provisionedDurationPerGbSecond: perGbSecond.optional() });
const lambdaRegion = z.strictObject({ x86_64: arch, arm64: arch, requestsPerMillion: perMillionRequests, ephemeralStoragePerGbSecond: storagePerGbSecond });
const vercelPlan = z.strictObject({
  ...dated,
  includedCpuHours: allowance,
  includedGbHours: allowance,
  includedInvocations: allowance,
  creditUsd: perMonth,
  seatUsd: perMonth,
  note: z.string(),
});

const bindingMeter = z.strictObject({
  label: z.string().min(1),
  unit: z.string().min(1),
  usd: bindingRate,
  per: inRange({ min: 1, max: 1e12, unit: "units", why: "the quantity a rate is quoted per: 1 (a GB-month) to a trillion" }),
  included: allowance,
  free: z.strictObject({ amount: allowance, per: z.enum(["day", "total"]) }).nullable(),
  roundUpTo: inRange({ min: 0, max: 1e12, unit: "units", why: "the billing unit usage is rounded up to, in the meter's units; 0 for none" }).optional(),
});
const cdnIncluded = z.strictObject({ edgeRequests: allowance, fastDataTransferGb: allowance, fastOriginTransferGb: allowance });
const VERCEL_PLAN_IDS: VercelPlan[] = ["hobby", "pro", "pro-legacy"];
const cdnRates = z.strictObject({
  ...dated,
  edgeRequestsPerMillion: bindingRate,
  fastDataTransferPerGb: bindingRate,
  fastOriginTransferPerGb: bindingRate,
  included: z
    .strictObject(Object.fromEntries(VERCEL_PLAN_IDS.map((p) => [p, cdnIncluded.optional()])) as Record<VercelPlan, z.ZodOptional<typeof cdnIncluded>>)
    .default({}),
});
const bindingPrices = z.strictObject({ ...dated, name: z.string().min(1), planIndependent: z.boolean(), meters: z.record(z.string(), bindingMeter) });

export const priceTableSchema = z.strictObject({
  "aws-lambda": z.strictObject({
    ...dated,
    regions: z.record(z.string(), lambdaRegion),
    regionsSource: z.strictObject(dated),
    freeTier: z.strictObject({ ...dated, requests: allowance, gbSeconds: allowance }),
    initBilling: z.strictObject({ ...dated, billedFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"), maxInitMs: limitOf("initMs") }),
    ephemeralStorage: z.strictObject({ ...dated, freeMb: limitOf("ephemeralStorageMb") }),
    memory: z
      .strictObject({ ...dated, minMb: limitOf("memoryMb"), maxMb: limitOf("memoryMb"), mbPerVcpu: limitOf("memoryMb") })
      .refine((m) => m.minMb <= m.maxMb, { path: ["maxMb"], message: "must not be below minMb" }),
    month: z.strictObject({ ...dated, hours: inRange({ min: 672, max: 744, unit: "hours", why: "28 to 31 days" }) }),
    apiGateway: z.strictObject({
      ...dated,
      httpApiPerMillion: volumeTiers(perMillionRequests),
      restApiPerMillion: volumeTiers(perMillionRequests),
      freeTierNote: z.string(),
      webSocket: z.strictObject({
        ...dated,
        messagesPerMillion: volumeTiers(perMillionRequests),
        connectionMinutesPerMillion: perMillionRequests,
        messageKb: inRange({ min: 1, max: 1024, unit: "KB", why: "the size a message is metered in" }),
      }),
    }),
    alb: z.strictObject({
      ...dated,
      perHour,
      perLcuHour: perHour,
      lcu: z.strictObject({
        newConnectionsPerSecond: inRange({ min: 1, max: 1e6, unit: "connections/s", why: "an LCU's new connections a second" }),
        activeConnectionsPerMinute: inRange({ min: 1, max: 1e9, unit: "connections", why: "an LCU's active connections a minute" }),
        lambdaGbPerHour: inRange({ min: 0.001, max: 1e6, unit: "GB/h", why: "an LCU's processed bytes an hour for Lambda targets" }),
        ruleEvaluationsPerSecond: inRange({ min: 1, max: 1e9, unit: "evaluations/s", why: "an LCU's rule evaluations a second" }),
      }),
      freeTierNote: z.string(),
    }),
    xray: z.strictObject({
      ...dated,
      tracesRecordedPerMillion: perMillionRequests,
      freeTracesPerMonth: allowance,
      reservoirPerSecond: allowance,
      fixedRate: inRange({ min: 0, max: 1, unit: "", why: "a share of requests" }),
    }),
    logs: z.strictObject({ ...dated, ingestionPerGb: volumeTiers(perGb), freeGbPerMonth: allowance }),
    dataTransferOut: z.strictObject({ ...dated, perGb: volumeTiers(perGb), freeGbPerMonth: allowance }),
  }),
  vercel: z.strictObject({
    ...dated,
    regions: z.record(z.string(), z.strictObject({ cpuPerHour: perCpuHour, memoryPerGbHour: perGbHour })),
    invocationsPerMillion: perMillionRequests,
    plans: z.strictObject({ hobby: vercelPlan, pro: vercelPlan, "pro-legacy": vercelPlan }),
    limits: z.strictObject({ ...dated, hobbyMaxMemoryMb: limitOf("memoryMb"), proMaxMemoryMb: limitOf("memoryMb") }),
    cdn: cdnRates.optional(),
    cdnRegions: z.record(z.string(), cdnRates),
  }),
  "cloudflare-workers": z.strictObject({
    ...dated,
    paid: z.strictObject({ baseUsd: perMonth, includedRequests: allowance, requestsPerMillion: perMillionRequests, includedCpuMs: allowance, cpuMsPerMillion: perMillionCpuMs }),
    free: z.strictObject({ requestsPerDay: allowance, cpuMsPerInvocation: limitOf("cpuMs") }),
    limits: z.strictObject({ ...dated, memoryMb: limitOf("memoryMb"), defaultCpuMs: limitOf("cpuMs"), maxCpuMs: limitOf("cpuMs") }),
    bindings: z.strictObject({ kv: bindingPrices, d1: bindingPrices, r2: bindingPrices, queues: bindingPrices, "durable-objects": bindingPrices }),
  }),
});

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge key by key (so a new region can be added); arrays and values replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

export interface PriceOverride {
  /** Where the override came from, for messages: "--prices prices.json", "config cost.prices". */
  label: string;
  data: unknown;
}

/**
 * Applies overrides in order and validates the result. An override that does not name its own
 * source is named in the platform's source, so reports never show a changed price under the
 * vendor's name alone.
 */
export function resolvePrices(overrides: PriceOverride[], base: PriceTable = DEFAULT_PRICES): PriceTable {
  let merged: unknown = base;
  for (const o of overrides) {
    if (!isPlainObject(o.data)) throw new ConfigError(`${o.label}: expected an object with "aws-lambda", "vercel" or "cloudflare-workers" keys`);
    merged = deepMerge(merged, stampSource(o.data, o.label, merged));
  }
  const result = priceTableSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue?.path.length ? formatPath(issue.path) : "(root)";
    const label = overrides.map((o) => o.label).join(" + ") || "built-in prices";
    throw new ConfigError(`${label}: ${at}: ${issue?.message ?? "invalid price table"}`);
  }
  return result.data;
}

/** Stamps every dated section the override changes (a platform, a plan, a binding) that does not name its own source. */
function stampSource(data: Record<string, unknown>, label: string, base: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const [key, section] of Object.entries(data)) {
    if (!isPlainObject(section)) continue;
    const original = isPlainObject(base) && isPlainObject(base[key]) ? base[key] : {};
    const stamped = stampSource(section, label, original);
    if (typeof original.source === "string" && section.source === undefined) stamped.source = `overridden in part by ${label} (the rest: ${original.source})`;
    out[key] = stamped;
  }
  return out;
}

export async function readPriceFile(file: string, cwd: string): Promise<PriceOverride> {
  const full = path.resolve(cwd, file);
  const label = `--prices ${file}`;
  let text: string;
  try {
    text = await readFile(full, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${label}: cannot read the file (${code ?? "error"})`);
  }
  try {
    return { label, data: JSON.parse(text) as unknown };
  } catch (error) {
    throw new ConfigError(`${label}: not valid JSON (${(error as Error).message})`);
  }
}
