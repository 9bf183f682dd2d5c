import { describe, expect, it } from "vitest";
import { DEFAULT_PRICES } from "../../../src/cost/price-table.js";
import { durationAt, memorySweep } from "../../../src/cost/sweep.js";
import { usage } from "./_usage.js";

describe("memory sweep duration model", () => {
  it("stretches only the CPU part by the CPU share, and stops gaining at one vCPU", () => {
    // 100 ms wall at 1,769 MB with 60 ms CPU: 40 ms I/O.
    const base = { durationMs: 100, cpuMs: 60, memoryMb: 1769 };
    expect(durationAt(1769, base, 1769)).toBeCloseTo(100, 10);
    expect(durationAt(884.5, base, 1769)).toBeCloseTo(40 + 120, 10);
    expect(durationAt(3008, base, 1769)).toBeCloseTo(100, 10);
    // From a smaller base: at 512 MB the same function took 40 + 60 x 1769/512 ms.
    expect(durationAt(1769, { durationMs: 40 + (60 * 1769) / 512, cpuMs: 60, memoryMb: 512 }, 1769)).toBeCloseTo(100, 10);
  });

  it("an I/O-bound function is cheapest at 128 MB arm64; a CPU-bound one is fastest at 1,769 MB", () => {
    const io = memorySweep("f", usage({ durationMs: 200, cpuMs: 2, memoryMb: 1024 }), DEFAULT_PRICES, { billingDate: "2026-09-01" });
    expect(io.rows.find((r) => r.cheapest)).toMatchObject({ memoryMb: 128, arch: "arm64" });
    const cpu = memorySweep("f", usage({ durationMs: 1000, cpuMs: 1000, memoryMb: 1769 }), DEFAULT_PRICES, { billingDate: "2026-09-01" });
    expect(cpu.rows.find((r) => r.fastest)).toMatchObject({ memoryMb: 1769, arch: "arm64" });
    // Fully CPU-bound below one vCPU: GB-s stay constant, so every size up to 1,769 MB costs the same.
    const arm = cpu.rows.filter((r) => r.arch === "arm64" && r.memoryMb <= 1769).map((r) => r.monthlyUsd);
    // (Only the 1 ms rounding and the INIT term, which grows with memory, differ.)
    for (const v of arm) expect(v).toBeCloseTo(arm[0]!, 1);
  });
});
