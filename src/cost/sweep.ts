import { priceLambda, type PriceOptions } from "./lambda.js";
import type { LambdaArch, PriceTable } from "./price-table.js";
import { total, type Usage } from "./types.js";

export const SWEEP_MEMORIES = [128, 256, 512, 1024, 1536, 1769, 2048, 3008] as const;
export const SWEEP_ARCHS: readonly LambdaArch[] = ["arm64", "x86_64"];

export interface SweepRow {
  memoryMb: number;
  arch: LambdaArch;
  durationMs: number;
  monthlyUsd: number;
  cheapest: boolean;
  fastest: boolean;
}

export interface Sweep {
  function: string;
  rows: SweepRow[];
  model: string;
}

/**
 * Duration at another memory size. Lambda gives CPU in proportion to memory (1,769 MB = 1 vCPU); a
 * single-threaded handler gains nothing past one vCPU. CPU time c is work at a full vCPU, so at
 * memory M it takes c / share(M) of wall time; the rest (I/O waits) does not change.
 */
export function durationAt(memoryMb: number, base: { durationMs: number; cpuMs: number; memoryMb: number }, mbPerVcpu: number): number {
  const share = (mb: number) => Math.min(1, mb / mbPerVcpu);
  const io = Math.max(0, base.durationMs - base.cpuMs / share(base.memoryMb));
  return io + base.cpuMs / share(memoryMb);
}

export function sweepModel(mbPerVcpu: number): string {
  return `duration(M) = I/O wait + CPU ms / min(1, M / ${mbPerVcpu.toLocaleString("en-US")}): CPU share grows with memory (${mbPerVcpu.toLocaleString("en-US")} MB = 1 vCPU), a single-threaded handler gains nothing past one vCPU; arm64 assumed as fast as x86_64 (AWS claims up to 19% faster: measure to know). Priced without the free tier so sizes compare.`;
}

/** Power-Tuning-style table for one function, priced alone with its own free-tier setting. */
export function memorySweep(id: string, usage: Usage, prices: PriceTable, options: PriceOptions = {}, baseMemoryMb = usage.memoryMb): Sweep {
  const mbPerVcpu = prices["aws-lambda"].memory.mbPerVcpu;
  const rows: SweepRow[] = [];
  for (const arch of SWEEP_ARCHS) {
    for (const memoryMb of SWEEP_MEMORIES) {
      const durationMs = durationAt(memoryMb, { durationMs: usage.durationMs, cpuMs: usage.cpuMs, memoryMb: baseMemoryMb }, mbPerVcpu);
      // Without the free tier, which would flatten small functions to $0 at every size.
      const [priced] = priceLambda([{ id, usage: { ...usage, memoryMb, arch, durationMs, freeTier: false } }], prices, options);
      rows.push({ memoryMb, arch, durationMs, monthlyUsd: priced ? total(priced.lines) : 0, cheapest: false, fastest: false });
    }
  }
  // Ties: the cheapest prefers the faster row, the fastest prefers the cheaper one (Power Tuning's rule).
  const eps = 1e-9;
  const cheapest = rows.reduce((a, b) => (b.monthlyUsd < a.monthlyUsd - eps || (Math.abs(b.monthlyUsd - a.monthlyUsd) <= eps && b.durationMs < a.durationMs) ? b : a));
  const fastest = rows.reduce((a, b) => (b.durationMs < a.durationMs - eps || (Math.abs(b.durationMs - a.durationMs) <= eps && b.monthlyUsd < a.monthlyUsd) ? b : a));
  cheapest.cheapest = true;
  fastest.fastest = true;
  return { function: id, rows, model: sweepModel(mbPerVcpu) };
}
