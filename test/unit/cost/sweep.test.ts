import { describe, expect, it } from "vitest";
import { resolveUsage, type Settings } from "../../../src/cost/assumptions.js";
import { estimateAll } from "../../../src/cost/estimate.js";
import { DEFAULT_PRICES } from "../../../src/cost/price-table.js";
import { memorySweep, SWEEP_MEMORIES } from "../../../src/cost/sweep.js";
import { lambdaTimes, workFrom } from "../../../src/cost/work.js";
import { usage } from "./_usage.js";

const after = { billingDate: "2026-09-01" };

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe("the usage model", () => {
  it("stretches only the CPU work by the CPU share, and stops gaining at one vCPU", () => {
    const work = { cpuMs: 60, ioMs: 40, initMs: 100 };
    expect(lambdaTimes(work, 1769, 1769).durationMs).toBeCloseTo(100, 10);
    expect(lambdaTimes(work, 884.5, 1769)).toMatchObject({ durationMs: 40 + 120, initMs: 200 });
    expect(lambdaTimes(work, 3008, 1769).durationMs).toBeCloseTo(100, 10);
  });

  it("keeps stated I/O wait: --duration 200 --cpu 40 is 40 ms of CPU work and 160 ms of I/O wait", () => {
    const { work, warning } = workFrom(200, 40, 0);
    expect(work).toEqual({ cpuMs: 40, ioMs: 160, initMs: 0 });
    expect(warning).toBeUndefined();
    // At 128 MB (0.0724 vCPU) the CPU part takes 40 x 1769 / 128 = 552.8 ms, and the I/O wait stays.
    expect(lambdaTimes(work, 128, 1769).durationMs).toBeCloseTo(160 + (40 * 1769) / 128, 9);
  });

  it("CPU above wall is a warning that says what was assumed", () => {
    const { work, warning } = workFrom(30, 50, 0);
    expect(work).toEqual({ cpuMs: 50, ioMs: 0, initMs: 0 });
    expect(warning).toMatch(/CPU time 50 ms is more than the wall time 30 ms: assumed 50 ms of CPU work and no I\/O wait/);
  });
});

describe("memory sweep", () => {
  it("goes to 10,240 MB and marks cheapest, fastest, balanced and the configured size", () => {
    const sweep = memorySweep(0, [{ id: "f", usage: usage({ durationMs: 200, cpuMs: 2, memoryMb: 1000 }) }], DEFAULT_PRICES, after);
    const mems = [...new Set(sweep.rows.map((r) => r.memoryMb))];
    expect(mems.at(-1)).toBe(10_240);
    expect(mems).toContain(1000);
    expect(mems.length).toBe(SWEEP_MEMORIES.length + 1);
    expect(sweep.rows.filter((r) => r.configured)).toEqual([expect.objectContaining({ memoryMb: 1000, arch: "x86_64" })]);
    for (const mark of ["cheapest", "fastest", "balanced"] as const) expect(sweep.rows.filter((r) => r[mark])).toHaveLength(1);
    // I/O-bound: the cheapest is the smallest arm64 size.
    expect(sweep.rows.find((r) => r.cheapest)).toMatchObject({ memoryMb: 128, arch: "arm64" });
  });

  it("a CPU-bound function is fastest from one vCPU up and costs the same GB-s below it", () => {
    const cpu = memorySweep(0, [{ id: "f", usage: usage({ durationMs: 1000, cpuMs: 1000, memoryMb: 1769, freeTier: false }) }], DEFAULT_PRICES, after);
    expect(cpu.rows.find((r) => r.fastest)).toMatchObject({ memoryMb: 1769, arch: "arm64" });
    const arm = cpu.rows.filter((r) => r.arch === "arm64" && r.memoryMb <= 1769).map((r) => r.listUsd);
    for (const v of arm) expect(v).toBeCloseTo(arm[0]!, 1);
  });

  it("the row at the configured memory equals the main estimate, for random inputs", () => {
    const next = random(12345);
    const regions = Object.keys(DEFAULT_PRICES["aws-lambda"].regions);
    for (let i = 0; i < 60; i++) {
      const wall = 1 + next() * 3000;
      const settings: Settings = {
        flags: {
          invocations: Math.round(next() * 50e6),
          duration: wall,
          cpu: next() * wall * 1.3, // sometimes above wall: the warning case
          memory: 128 + Math.round(next() * (10_240 - 128)),
          arch: next() < 0.5 ? "arm64" : "x86_64",
          region: regions[Math.floor(next() * regions.length)],
          freeTier: next() < 0.5,
          coldStartRate: next() * 0.05,
        },
        cost: { defaults: { initMs: next() * 800, tracing: next() < 0.5, provisionedConcurrency: next() < 0.2 ? Math.ceil(next() * 5) : 0 } },
      };
      const subject = { id: `f${i}` };
      const [estimate] = estimateAll([{ subject, platform: "aws-lambda" }], settings, DEFAULT_PRICES, after);
      const { usage: u } = resolveUsage(subject, "aws-lambda", settings, DEFAULT_PRICES);
      const sweep = memorySweep(0, [{ id: subject.id, usage: u }], DEFAULT_PRICES, after);
      const row = sweep.rows.find((r) => r.configured)!;
      expect(row.memoryMb).toBe(settings.flags.memory);
      expect(row.monthlyUsd).toBeCloseTo(estimate!.monthlyUsd, 9);
      expect(row.durationMs).toBeCloseTo(estimate!.assumptions.durationMs, 9);
    }
  });
});
