import { describe, expect, it } from "vitest";
import { priceLambda } from "../../../src/cost/lambda.js";
import { DEFAULT_PRICES } from "../../../src/cost/price-table.js";
import type { FrontDoor, LambdaExtras, Usage } from "../../../src/cost/types.js";
import { sumUsd, usage } from "./_usage.js";

const after = { billingDate: "2026-09-01" };
const MONTH_S = 730 * 3600;

function extras(o: { door?: FrontDoor; tracing?: boolean; logBytes?: number; pc?: number } = {}): LambdaExtras {
  const source = { kind: "config" as const, detail: "test" };
  return {
    frontDoor: { kind: o.door ?? "none", source },
    tracing: { active: o.tracing ?? false, source },
    logs: { bytesPerInvocation: o.logBytes ?? 0, source },
    provisionedConcurrency: { units: o.pc ?? 0, source },
  };
}

function priced(u: Usage) {
  const [r] = priceLambda([{ id: "f", usage: u }], DEFAULT_PRICES, after);
  return r!;
}
const item = (r: ReturnType<typeof priced>, name: string) => r.lines.filter((l) => l.item.startsWith(name));

describe("API Gateway front door", () => {
  it("HTTP API: 10M requests x $1.00/M = $10.00, free tier on or off (its free tier is for new accounts only)", () => {
    for (const freeTier of [true, false]) {
      const r = priced(usage({ invocations: 10e6, freeTier, lambda: extras({ door: "http-api" }) }));
      expect(sumUsd(item(r, "API Gateway HTTP API"))).toBeCloseTo(10, 9);
      expect(item(r, "API Gateway HTTP API")[0]!.source).toEqual({ kind: "config", detail: "test" });
    }
  });
  it("REST API: 10M x $3.50/M = $35.00; 400M crosses a tier: 333M x $3.50 + 67M x $2.80 = $1,353.10", () => {
    expect(sumUsd(item(priced(usage({ invocations: 10e6, lambda: extras({ door: "rest-api" }) })), "API Gateway REST API"))).toBeCloseTo(35, 9);
    expect(sumUsd(item(priced(usage({ invocations: 400e6, lambda: extras({ door: "rest-api" }) })), "API Gateway REST API"))).toBeCloseTo(1353.1, 6);
  });
  it("HTTP API tiers apply to the account's sum: two functions of 200M pay 300M x $1.00 + 100M x $0.90 together", () => {
    const fns = ["a", "b"].map((id) => ({ id, usage: usage({ invocations: 200e6, lambda: extras({ door: "http-api" }) }) }));
    const r = priceLambda(fns, DEFAULT_PRICES, after);
    expect(sumUsd(r.flatMap((x) => item(x, "API Gateway")))).toBeCloseTo(390, 6);
  });
  it("no front door for a queue consumer", () => {
    expect(item(priced(usage({ invocations: 10e6, lambda: extras({ door: "none" }) })), "API Gateway")).toEqual([]);
  });
});

describe("X-Ray", () => {
  // Default sampling over 730 h: 2,628,000 reservoir traces + 5% of the other 7,372,000 = 2,996,600.
  const traces = MONTH_S + 0.05 * (10e6 - MONTH_S);
  it("10M invocations: 2,996,600 traces; free tier on: (2,996,600 - 100,000) x $5/M = $14.48", () => {
    expect(traces).toBe(2_996_600);
    const r = priced(usage({ invocations: 10e6, lambda: extras({ tracing: true }) }));
    expect(item(r, "X-Ray traces recorded")[0]!.quantity).toBeCloseTo(traces, 6);
    expect(sumUsd([...item(r, "X-Ray"), ...item(r, "Free tier: X-Ray")])).toBeCloseTo(((traces - 100_000) * 5) / 1e6, 9);
  });
  it("free tier off: 2,996,600 x $5/M = $14.98; under one request a second every request is traced", () => {
    const r = priced(usage({ invocations: 10e6, freeTier: false, lambda: extras({ tracing: true }) }));
    expect(sumUsd(r.lines.filter((l) => l.item.includes("X-Ray")))).toBeCloseTo((traces * 5) / 1e6, 9);
    const small = priced(usage({ invocations: 50_000, freeTier: false, lambda: extras({ tracing: true }) }));
    expect(item(small, "X-Ray traces recorded")[0]!.quantity).toBe(50_000);
    expect(sumUsd(small.lines.filter((l) => l.item.includes("X-Ray")))).toBeCloseTo(0.25, 9);
  });
  it("tracing off: no X-Ray line", () => {
    expect(priced(usage({ invocations: 10e6, lambda: extras() })).lines.some((l) => l.item.includes("X-Ray"))).toBe(false);
  });
});

describe("CloudWatch Logs", () => {
  // 10M x 1,024 bytes = 9.5367 GiB.
  const gb = (10e6 * 1024) / 1024 ** 3;
  it("free tier off: 9.54 GB x $0.50 = $4.77", () => {
    const r = priced(usage({ invocations: 10e6, freeTier: false, lambda: extras({ logBytes: 1024 }) }));
    expect(item(r, "CloudWatch Logs ingestion")[0]!.quantity).toBeCloseTo(gb, 9);
    expect(sumUsd(r.lines.filter((l) => /logs/i.test(l.item)))).toBeCloseTo(gb * 0.5, 9);
  });
  it("free tier on: (9.54 - 5) GB x $0.50 = $2.27", () => {
    const r = priced(usage({ invocations: 10e6, lambda: extras({ logBytes: 1024 }) }));
    expect(sumUsd(r.lines.filter((l) => /logs/i.test(l.item)))).toBeCloseTo((gb - 5) * 0.5, 9);
  });
});

describe("Provisioned Concurrency", () => {
  const pcUsage = (o: Partial<Usage>, units: number) => usage({ memoryMb: 512, arch: "arm64", durationMs: 100, ...o, lambda: extras({ pc: units }) });
  it("5 units x 512 MB arm64 for 730 h = 6,570,000 GB-s x $0.0000033334 = $21.90, and the duration they serve at $0.0000077778", () => {
    for (const freeTier of [true, false]) {
      const r = priced(pcUsage({ invocations: 10e6, freeTier }, 5));
      const [pc] = item(r, "Provisioned Concurrency");
      expect(pc!.quantity).toBeCloseTo(5 * 0.5 * MONTH_S, 6);
      expect(pc!.usd).toBeCloseTo(21.9004, 3);
      // Mean concurrency 10M x 0.1 s / 2,628,000 s = 0.38: the units serve every invocation, none on demand, no free compute.
      expect(item(r, "Duration served by Provisioned Concurrency")[0]!.usd).toBeCloseTo(500_000 * 0.0000077778, 9);
      expect(item(r, "Duration, arm64")[0]!.quantity).toBe(0);
      expect(item(r, "Free tier: compute")).toEqual([]);
    }
  });
  it("units below the mean concurrency serve their share; the rest is on demand", () => {
    // 1 s x 10,512,000 invocations / 2,628,000 s = mean concurrency 4; 2 units serve half.
    const r = priced(pcUsage({ invocations: 4 * MONTH_S, durationMs: 1000, freeTier: false }, 2));
    const all = 4 * MONTH_S * 0.5 * 1;
    expect(item(r, "Duration served by Provisioned Concurrency")[0]!.quantity).toBeCloseTo(all / 2, 6);
    expect(item(r, "Duration, arm64")[0]!.quantity).toBeCloseTo(all / 2, 6);
    expect(r.notes.join(" ")).toMatch(/serves 50% of invocations/);
  });
  it("a region without a PC duration rate says the duration is priced on demand", () => {
    // A region added with --prices without the PC duration rate (every built-in region has one).
    const { provisionedDurationPerGbSecond: _x86, ...x86 } = DEFAULT_PRICES["aws-lambda"].regions["us-east-1"]!.x86_64;
    const { provisionedDurationPerGbSecond: _arm, ...arm64 } = DEFAULT_PRICES["aws-lambda"].regions["us-east-1"]!.arm64;
    const prices = { ...DEFAULT_PRICES, "aws-lambda": { ...DEFAULT_PRICES["aws-lambda"], regions: { ...DEFAULT_PRICES["aws-lambda"].regions, "xx-test-1": { ...DEFAULT_PRICES["aws-lambda"].regions["us-east-1"]!, x86_64: x86, arm64 } } } };
    const [r] = priceLambda([{ id: "f", usage: pcUsage({ invocations: 1e6, region: "xx-test-1" }, 1) }], prices, after);
    expect(r!.warnings.join(" ")).toMatch(/No Provisioned Concurrency duration rate for xx-test-1/);
  });
});

describe("Lambda limits", () => {
  it("a modelled duration over 900 s is a warning and is priced at 900 s", () => {
    const r = priced(usage({ invocations: 1000, durationMs: 1_200_000, freeTier: false }));
    expect(r.warnings.join(" ")).toMatch(/1,200 s, over Lambda's 900 s maximum: it would time out, so it is priced at 900 s/);
    expect(item(r, "Duration")[0]!.quantity).toBeCloseTo((1000 * 0.125 * 900_000) / 1000, 6);
  });
});

describe("the project's Timeout", () => {
  it("a modelled duration over the declared Timeout is a warning, priced at the Timeout, and never a sweep pick", async () => {
    const { memorySweep } = await import("../../../src/cost/sweep.js");
    const u = usage({ invocations: 1000, durationMs: 5000, cpuMs: 1000, memoryMb: 1769, freeTier: false, timeout: { ms: 3000, at: "template.yaml:12" } });
    const r = priced(u);
    expect(r.warnings.join(" ")).toMatch(/over the 3 s Timeout the project sets \(template\.yaml:12\): it would time out, so it is priced at 3 s/);
    expect(item(r, "Duration")[0]!.quantity).toBeCloseTo((1000 * (1769 / 1024) * 3000) / 1000, 6);
    const sweep = memorySweep(0, [{ id: "f", usage: u }], DEFAULT_PRICES, after);
    // 4,000 ms of I/O wait is over 3 s at any size: every row times out, so the picks fall back to all rows.
    expect(sweep.rows.every((row) => row.timesOut)).toBe(true);
    const fits = memorySweep(0, [{ id: "f", usage: usage({ invocations: 1000, durationMs: 1100, cpuMs: 1000, memoryMb: 1769, timeout: { ms: 3000, at: "t" } }) }], DEFAULT_PRICES, after);
    // 100 ms I/O + 1,000 ms CPU / share: below 1,769 x 1000 / 2900 = 610 MB it takes over 3 s.
    expect(fits.rows.filter((row) => row.timesOut).map((row) => row.memoryMb)).toEqual([128, 256, 512, 128, 256, 512]);
    for (const mark of ["cheapest", "fastest", "balanced"] as const) expect(fits.rows.find((row) => row[mark])!.timesOut).toBe(false);
  });
});
