import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { DEFAULT_PRICES, type PriceTable } from "./price-table.js";

const money = z.number().nonnegative();
const count = z.number().nonnegative();
const dated = { source: z.string().min(1), asOf: z.string().min(1) };

const tier = z.strictObject({ upToGbSeconds: count.nullable(), usdPerGbSecond: money });
const arch = z.strictObject({ durationTiers: z.array(tier).min(1), provisionedConcurrencyPerGbSecond: money });
const lambdaRegion = z.strictObject({ x86_64: arch, arm64: arch, requestsPerMillion: money, ephemeralStoragePerGbSecond: money });
const vercelPlan = z.strictObject({
  ...dated,
  includedCpuHours: count,
  includedGbHours: count,
  includedInvocations: count,
  creditUsd: money,
  seatUsd: money,
  note: z.string(),
});

export const priceTableSchema = z.strictObject({
  "aws-lambda": z.strictObject({
    ...dated,
    regions: z.record(z.string(), lambdaRegion),
    regionsSource: z.strictObject(dated),
    freeTier: z.strictObject({ ...dated, requests: count, gbSeconds: count }),
    initBilling: z.strictObject({ ...dated, billedFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"), maxInitMs: count }),
    ephemeralStorage: z.strictObject({ ...dated, freeMb: count }),
    memory: z.strictObject({ ...dated, minMb: count, maxMb: count, mbPerVcpu: z.number().positive() }),
  }),
  vercel: z.strictObject({
    ...dated,
    regions: z.record(z.string(), z.strictObject({ cpuPerHour: money, memoryPerGbHour: money })),
    invocationsPerMillion: money,
    plans: z.strictObject({ hobby: vercelPlan, pro: vercelPlan, "pro-legacy": vercelPlan }),
    limits: z.strictObject({ ...dated, hobbyMaxMemoryMb: count, proMaxMemoryMb: count }),
  }),
  "cloudflare-workers": z.strictObject({
    ...dated,
    paid: z.strictObject({ baseUsd: money, includedRequests: count, requestsPerMillion: money, includedCpuMs: count, cpuMsPerMillion: money }),
    free: z.strictObject({ requestsPerDay: count, cpuMsPerInvocation: count }),
    limits: z.strictObject({ ...dated, memoryMb: count, defaultCpuMs: count, maxCpuMs: count }),
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
    const at = issue?.path.length ? issue.path.join(".") : "(root)";
    const label = overrides.map((o) => o.label).join(" + ") || "built-in prices";
    throw new ConfigError(`${label}: ${at}: ${issue?.message ?? "invalid price table"}`);
  }
  return result.data as PriceTable;
}

function stampSource(data: Record<string, unknown>, label: string, base: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const [platform, section] of Object.entries(data)) {
    if (!isPlainObject(section) || section.source !== undefined) continue;
    const original = isPlainObject(base) && isPlainObject(base[platform]) ? base[platform] : {};
    const was = typeof original.source === "string" ? ` (the rest: ${original.source})` : "";
    out[platform] = { ...section, source: `overridden in part by ${label}${was}` };
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
