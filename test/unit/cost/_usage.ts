import type { Usage } from "../../../src/cost/types.js";

export function usage(overrides: Partial<Usage> = {}): Usage {
  const base: Omit<Usage, "work"> = {
    invocations: 1_000_000,
    durationMs: 100,
    cpuMs: 10,
    memoryMb: 128,
    coldStartRate: 0,
    initMs: 0,
    arch: "x86_64",
    ephemeralStorageMb: 512,
    region: "us-east-1",
    concurrency: 1,
    plan: undefined,
    freeTier: true,
    ...overrides,
  };
  return { work: { cpuMs: base.cpuMs, ioMs: Math.max(0, base.durationMs - base.cpuMs), initMs: base.initMs }, ...base };
}

export const sumUsd = (lines: Array<{ usd: number }>) => lines.reduce((s, l) => s + l.usd, 0);
export const cents = (n: number) => Math.round(n * 100) / 100;
