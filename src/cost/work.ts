/**
 * The one usage model: what an invocation does, stated once, from which every platform's duration
 * follows. CPU work and init are milliseconds on one full vCPU (what a local run, a Vercel 2 GB
 * instance or a Workers isolate gets); I/O wait is time spent waiting, which no amount of CPU shortens.
 */
import type { LambdaArch } from "./price-table.js";
import type { Usage } from "./types.js";

export interface Work {
  /** CPU time per invocation on one full vCPU. */
  cpuMs: number;
  /** Waiting on I/O per invocation. */
  ioMs: number;
  /** Init (module load) of a cold start on one full vCPU. */
  initMs: number;
  /** False when init is a figure observed on Lambda (the default), not work on a full vCPU: it is not stretched. */
  initScales?: boolean;
}

/** Share of one vCPU at a Lambda memory size: 1,769 MB is one vCPU; one thread gains nothing above it. */
export function cpuShare(memoryMb: number, mbPerVcpu: number): number {
  return Math.min(1, memoryMb / mbPerVcpu);
}

/**
 * Work from a stated wall time and CPU time (both on a full vCPU): I/O wait is the difference. CPU
 * above wall is inconsistent; the CPU figure is kept and the wall raised to it, and the returned
 * warning says so.
 */
export function workFrom(wallMs: number, cpuMs: number, initMs: number): { work: Work; warning?: string } {
  if (cpuMs <= wallMs) return { work: { cpuMs, ioMs: wallMs - cpuMs, initMs } };
  return {
    work: { cpuMs, ioMs: 0, initMs },
    warning: `CPU time ${fmt(cpuMs)} ms is more than the wall time ${fmt(wallMs)} ms: assumed ${fmt(cpuMs)} ms of CPU work and no I/O wait (wall ${fmt(cpuMs)} ms on a full vCPU).`,
  };
}

/** Wall time on a full vCPU. */
export function wallOf(work: Work): number {
  return work.ioMs + work.cpuMs;
}

/** Lambda's duration and INIT at a memory size: the CPU parts stretch by the CPU share, I/O does not. */
export function lambdaTimes(work: Work, memoryMb: number, mbPerVcpu: number): { durationMs: number; initMs: number; share: number } {
  const share = cpuShare(memoryMb, mbPerVcpu);
  return { durationMs: work.ioMs + work.cpuMs / share, initMs: work.initScales === false ? work.initMs : work.initMs / share, share };
}

/**
 * The same function at another memory size and architecture: the main estimate and every memory
 * sweep row come from here, so the row at the configured memory is the estimate.
 */
export function lambdaAt(usage: Usage, memoryMb: number, arch: LambdaArch, mbPerVcpu: number): Usage {
  const t = lambdaTimes(usage.work, memoryMb, mbPerVcpu);
  return { ...usage, memoryMb, arch, durationMs: t.durationMs, initMs: t.initMs };
}

const fmt = (n: number) => Number(n.toPrecision(4)).toLocaleString("en-US");
