/**
 * Valid ranges for price-table entries (--prices files and config `cost.prices`). A rate may be up to
 * 100 times the highest built-in rate of the same unit, rounded up to a power of ten: room for any
 * region or plan, but a forged or mistyped file cannot turn a bill into 1e308. Limits in the table
 * (memory, CPU, init) must lie in the ranges cost inputs have.
 */
import type * as z from "zod";
import { inRange, rangeFor, type CostField } from "./limits.js";
import { DEFAULT_PRICES } from "./price-table.js";

const lambdaRegions = Object.values(DEFAULT_PRICES["aws-lambda"].regions);
const vercelRegions = Object.values(DEFAULT_PRICES.vercel.regions);
const vercelPlans = Object.values(DEFAULT_PRICES.vercel.plans);
const workers = DEFAULT_PRICES["cloudflare-workers"];

function rate(unit: string, builtIn: number[]): z.ZodNumber {
  const highest = Math.max(...builtIn);
  const max = 10 ** Math.ceil(Math.log10(100 * highest));
  return inRange({ min: 0, max, unit: `USD ${unit}`, why: `up to 100 times the highest built-in rate, ${highest}` });
}

const archs = lambdaRegions.flatMap((r) => [r.x86_64, r.arm64]);

export const perGbSecond = rate("per GB-s", archs.flatMap((a) => a.durationTiers.map((t) => t.usdPerGbSecond)));
export const provisionedPerGbSecond = rate("per GB-s", archs.map((a) => a.provisionedConcurrencyPerGbSecond));
export const storagePerGbSecond = rate("per GB-s", lambdaRegions.map((r) => r.ephemeralStoragePerGbSecond));
const lambda = DEFAULT_PRICES["aws-lambda"];
export const perMillionRequests = rate("per million", [
  ...lambdaRegions.map((r) => r.requestsPerMillion),
  DEFAULT_PRICES.vercel.invocationsPerMillion,
  workers.paid.requestsPerMillion,
  ...lambda.apiGateway.restApiPerMillion.map((t) => t.usd),
  lambda.xray.tracesRecordedPerMillion,
]);
export const perGb = rate("per GB", [...lambda.logs.ingestionPerGb, ...lambda.dataTransferOut.perGb].map((t) => t.usd));
export const perHour = rate("per hour", [lambda.alb.perHour, lambda.alb.perLcuHour]);
export const perCpuHour = rate("per CPU-hour", vercelRegions.map((r) => r.cpuPerHour));
export const perGbHour = rate("per GB-hour", vercelRegions.map((r) => r.memoryPerGbHour));
export const perMillionCpuMs = rate("per million CPU-ms", [workers.paid.cpuMsPerMillion]);
/** A binding meter's rate, per the meter's own `per` units (a million operations, a GB-month). */
export const bindingRate = rate("per unit", Object.values(workers.bindings).flatMap((b) => Object.values(b.meters).map((m) => m.usd)));
export const perMonth = rate("per month", [...vercelPlans.flatMap((p) => [p.creditUsd, p.seatUsd]), workers.paid.baseUsd]);

/**
 * Free tiers, plan inclusions and tier caps: any finite amount up to what the largest priced month
 * could use (the most invocations, at the most memory, for the longest duration, in GB-s).
 */
const most = rangeFor("invocations").max * (rangeFor("memoryMb").max / 1024) * (rangeFor("durationMs").max / 1000);
export const allowance = inRange({ min: 0, max: most, unit: "", why: "the most any priced month can use: invocations x GB x seconds at their maximums" });

/** A limit the table states (memory, CPU, init): within the range the same input has. */
export const limitOf = (field: CostField): z.ZodNumber => inRange(rangeFor(field));
