import { LAMBDA_MAX_TIMEOUT_S } from "../audit/analysis/timeout-limits.js";
import { priceLambda, type PriceOptions } from "./lambda.js";
import type { LambdaArch, PriceTable } from "./price-table.js";
import { total, type PricedFunction } from "./types.js";
import { lambdaAt } from "./work.js";

/** Power Tuning's defaults and the steps up to Lambda's 10,240 MB; the configured size is added when missing. */
export const SWEEP_MEMORIES = [128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096, 6144, 8192, 10_240] as const;
export const SWEEP_ARCHS: readonly LambdaArch[] = ["arm64", "x86_64"];
/** Power Tuning's `balancedWeight`: 0 = fastest, 1 = cheapest. */
export const BALANCED_WEIGHT = 0.5;

export interface SweepRow {
  memoryMb: number;
  arch: LambdaArch;
  durationMs: number;
  /** The whole monthly estimate at this size, as the main estimate computes it (free tier as configured). */
  monthlyUsd: number;
  /** The same without free tiers: what the picks compare, so that small functions do not all tie at $0. */
  listUsd: number;
  configured: boolean;
  /** Over the function's Timeout (or Lambda's 900 s): it would fail there, so it is never a pick. */
  timesOut: boolean;
  cheapest: boolean;
  fastest: boolean;
  balanced: boolean;
}

export interface Sweep {
  function: string;
  rows: SweepRow[];
  model: string;
}

export function sweepModel(mbPerVcpu: number): string {
  const v = mbPerVcpu.toLocaleString("en-US");
  return `duration(M) = I/O wait + CPU work / min(1, M / ${v}), INIT likewise: CPU share grows with memory (${v} MB = 1 vCPU), a single-threaded handler gains nothing past one vCPU; arm64 assumed as fast as x86_64 (AWS claims up to 19% faster: measure to know). Each row is the whole estimate at that size, priced with the account's other functions; cheapest, fastest and balanced (weight ${BALANCED_WEIGHT}, as AWS Lambda Power Tuning) compare the cost without free tiers.`;
}

/**
 * Power-Tuning-style table for `account[index]`: each row prices the account again with this
 * function moved to another memory size and architecture, through the same model and pricer as the
 * main estimate, so the row at the configured size is the main estimate.
 */
export function memorySweep(index: number, account: PricedFunction[], prices: PriceTable, options: PriceOptions = {}): Sweep {
  const subject = account[index]!;
  const mbPerVcpu = prices["aws-lambda"].memory.mbPerVcpu;
  const memories = [...new Set([...SWEEP_MEMORIES, subject.usage.memoryMb])].sort((a, b) => a - b);
  const priceAt = (memoryMb: number, arch: LambdaArch, freeTier: (f: PricedFunction) => boolean) => {
    const moved = account.map((f, i) => {
      const usage = i === index ? lambdaAt(f.usage, memoryMb, arch, mbPerVcpu) : f.usage;
      return { id: f.id, usage: { ...usage, freeTier: freeTier(f) } };
    });
    const priced = priceLambda(moved, prices, options)[index];
    return { usd: priced ? total(priced.lines) : 0, durationMs: moved[index]!.usage.durationMs };
  };
  const rows: SweepRow[] = [];
  for (const arch of SWEEP_ARCHS) {
    for (const memoryMb of memories) {
      const actual = priceAt(memoryMb, arch, (f) => f.usage.freeTier);
      const list = priceAt(memoryMb, arch, () => false);
      const configured = memoryMb === subject.usage.memoryMb && arch === subject.usage.arch;
      const timesOut = actual.durationMs > Math.min(subject.usage.timeout?.ms ?? Infinity, LAMBDA_MAX_TIMEOUT_S * 1000);
      rows.push({ memoryMb, arch, durationMs: actual.durationMs, monthlyUsd: actual.usd, listUsd: list.usd, configured, timesOut, cheapest: false, fastest: false, balanced: false });
    }
  }
  pick(rows);
  return { function: subject.id, rows, model: sweepModel(mbPerVcpu) };
}

/** Ties: the cheapest prefers the faster row, the fastest the cheaper one (Power Tuning's rule). Rows that time out are not picked. */
function pick(all: SweepRow[]): void {
  const fit = all.filter((r) => !r.timesOut);
  const rows = fit.length > 0 ? fit : all;
  const eps = 1e-9;
  const cheapest = rows.reduce((a, b) => (b.listUsd < a.listUsd - eps || (Math.abs(b.listUsd - a.listUsd) <= eps && b.durationMs < a.durationMs) ? b : a));
  const fastest = rows.reduce((a, b) => (b.durationMs < a.durationMs - eps || (Math.abs(b.durationMs - a.durationMs) <= eps && b.listUsd < a.listUsd) ? b : a));
  const maxUsd = Math.max(...rows.map((r) => r.listUsd)) || 1;
  const maxMs = Math.max(...rows.map((r) => r.durationMs)) || 1;
  const score = (r: SweepRow) => BALANCED_WEIGHT * (r.listUsd / maxUsd) + (1 - BALANCED_WEIGHT) * (r.durationMs / maxMs);
  const balanced = rows.reduce((a, b) => (score(b) < score(a) - eps ? b : a));
  cheapest.cheapest = true;
  fastest.fastest = true;
  balanced.balanced = true;
}
