import { describe, expect, it } from "vitest";
import { priceLambda, tieredCost } from "../../../src/cost/lambda.js";
import { DEFAULT_PRICES } from "../../../src/cost/price-table.js";
import { resolvePrices } from "../../../src/cost/prices.js";
import { priceVercel } from "../../../src/cost/vercel.js";
import { priceWorkers } from "../../../src/cost/workers.js";
import { cents, sumUsd, usage } from "./_usage.js";

const after = { billingDate: "2026-09-01" };

describe("Cloudflare Workers published examples", () => {
  it("15M requests x 7 ms CPU = $8.00", () => {
    const [r] = priceWorkers([{ id: "w", usage: usage({ invocations: 15e6, cpuMs: 7, plan: "paid" }) }], DEFAULT_PRICES);
    expect(cents(sumUsd(r!.lines))).toBe(8);
  });
  it("100M requests x 7 ms CPU = $45.40", () => {
    const [r] = priceWorkers([{ id: "w", usage: usage({ invocations: 100e6, cpuMs: 7, plan: "paid" }) }], DEFAULT_PRICES);
    expect(cents(sumUsd(r!.lines))).toBe(45.4);
  });
  it("without inclusions: $5 + 15M x $0.30/M + 105M CPU-ms x $0.02/M = $11.60", () => {
    const [r] = priceWorkers([{ id: "w", usage: usage({ invocations: 15e6, cpuMs: 7, plan: "paid", freeTier: false }) }], DEFAULT_PRICES);
    expect(sumUsd(r!.lines)).toBeCloseTo(11.6, 10);
  });
  it("Free plan costs nothing but warns past 100k requests/day or 10 ms CPU", () => {
    const [ok] = priceWorkers([{ id: "w", usage: usage({ invocations: 3e6, cpuMs: 5, plan: "free" }) }], DEFAULT_PRICES);
    expect(sumUsd(ok!.lines)).toBe(0);
    expect(ok!.warnings).toEqual([]);
    const [over] = priceWorkers([{ id: "w", usage: usage({ invocations: 3.1e6, cpuMs: 12, plan: "free" }) }], DEFAULT_PRICES);
    expect(over!.warnings).toHaveLength(2);
  });
  it("shares the $5 minimum and the inclusions across functions of one account", () => {
    const fns = [
      { id: "a", usage: usage({ invocations: 10e6, cpuMs: 7, plan: "paid" as const }) },
      { id: "b", usage: usage({ invocations: 5e6, cpuMs: 7, plan: "paid" as const }) },
    ];
    const r = priceWorkers(fns, DEFAULT_PRICES);
    expect(cents(sumUsd(r.flatMap((x) => x.lines)))).toBe(8);
    expect(sumUsd(r[0]!.lines)).toBeCloseTo(8 * (2 / 3), 10);
  });
});

describe("AWS Lambda published examples", () => {
  it("512 MB x 3M x 1 s at the older $0.00001667 rate = $18.34 compute + $0.40 requests", () => {
    const prices = resolvePrices([
      {
        label: "test",
        data: { "aws-lambda": { regions: { "us-east-1": { x86_64: { durationTiers: [{ upToGbSeconds: null, usdPerGbSecond: 0.00001667 }] } } } } },
      },
    ]);
    const [r] = priceLambda([{ id: "f", usage: usage({ invocations: 3e6, durationMs: 1000, memoryMb: 512 }) }], prices, after);
    const compute = r!.lines.filter((l) => l.unit === "GB-s");
    const requests = r!.lines.filter((l) => l.unit === "requests");
    expect(cents(sumUsd(compute))).toBe(18.34);
    expect(cents(sumUsd(requests))).toBe(0.4);
  });
  it("2M x 1 s x 10 GB = $326.87", () => {
    const [r] = priceLambda([{ id: "f", usage: usage({ invocations: 2e6, durationMs: 1000, memoryMb: 10240 }) }], DEFAULT_PRICES, after);
    expect(cents(sumUsd(r!.lines))).toBe(326.87);
  });
  it("Infracost golden: 100k x 350 ms x 128 MB = 4,375 GB-s = $0.07, requests $0.02, free tier ignored", () => {
    const [r] = priceLambda([{ id: "f", usage: usage({ invocations: 1e5, durationMs: 350, freeTier: false }) }], DEFAULT_PRICES, after);
    const duration = r!.lines.find((l) => l.item.startsWith("Duration"))!;
    expect(duration.quantity).toBeCloseTo(4375, 9);
    expect(cents(duration.usd)).toBe(0.07);
    expect(cents(r!.lines.find((l) => l.item === "Requests")!.usd)).toBe(0.02);
  });
});

describe("AWS Lambda, hand-computed", () => {
  // 5M x 200 ms x 1024 MB = 1,000,000 GB-s; cold 1% x 500 ms init = 25,000 GB-s.
  const u = usage({ invocations: 5e6, durationMs: 199.2, memoryMb: 1024, coldStartRate: 0.01, initMs: 500 });
  it("free tier on: (1,025,000 - 400,000) GB-s x $0.0000166667 + 4M x $0.20/M", () => {
    const [r] = priceLambda([{ id: "f", usage: u }], DEFAULT_PRICES, after);
    expect(sumUsd(r!.lines)).toBeCloseTo(625_000 * 0.0000166667 + 0.8, 9);
    expect(r!.lines.find((l) => l.item === "INIT on cold starts")!.quantity).toBeCloseTo(25_000, 9);
  });
  it("free tier off: 1,025,000 GB-s x $0.0000166667 + 5M x $0.20/M", () => {
    const [r] = priceLambda([{ id: "f", usage: { ...u, freeTier: false } }], DEFAULT_PRICES, after);
    expect(sumUsd(r!.lines)).toBeCloseTo(1_025_000 * 0.0000166667 + 1, 9);
  });
  it("INIT is free before 2025-08-01", () => {
    const [r] = priceLambda([{ id: "f", usage: { ...u, freeTier: false } }], DEFAULT_PRICES, { billingDate: "2025-07-31" });
    expect(sumUsd(r!.lines)).toBeCloseTo(1_000_000 * 0.0000166667 + 1, 9);
  });
  it("arm64, ephemeral storage and a non-US region", () => {
    const v = usage({ invocations: 1e6, durationMs: 1000, memoryMb: 2048, arch: "arm64", ephemeralStorageMb: 1536, region: "eu-central-2", freeTier: false });
    const [r] = priceLambda([{ id: "f", usage: v }], DEFAULT_PRICES, after);
    // 2,000,000 GB-s x 0.0000146667 + 1M x 0.22/M + 1M x 1 GB x 1 s x 0.0000000441
    expect(sumUsd(r!.lines)).toBeCloseTo(2e6 * 0.0000146667 + 0.22 + 1e6 * 0.0000000441, 9);
  });
  it("volume tiers apply to the account sum, not per function", () => {
    expect(tieredCost(7e9, DEFAULT_PRICES["aws-lambda"].regions["us-east-1"]!.x86_64.durationTiers)).toBeCloseTo(6e9 * 0.0000166667 + 1e9 * 0.000015, 3);
    // Two functions of 4 B GB-s each: neither crosses 6 B alone, together they do.
    const big = usage({ invocations: 4e9, durationMs: 1000, memoryMb: 1024, freeTier: false });
    const r = priceLambda([{ id: "a", usage: big }, { id: "b", usage: big }], DEFAULT_PRICES, after);
    const compute = sumUsd(r.flatMap((x) => x.lines.filter((l) => l.unit === "GB-s")));
    expect(compute).toBeCloseTo(6e9 * 0.0000166667 + 2e9 * 0.000015, 3);
    expect(r[0]!.lines.some((l) => l.item.startsWith("Volume tier discount"))).toBe(true);
  });
  it("the free tier is shared across functions by usage", () => {
    const a = usage({ invocations: 600_000, durationMs: 1000, memoryMb: 1024 });
    const b = usage({ invocations: 600_000, durationMs: 1000, memoryMb: 1024 });
    const r = priceLambda([{ id: "a", usage: a }, { id: "b", usage: b }], DEFAULT_PRICES, after);
    // 1.2M GB-s - 400k = 800k GB-s; 1.2M requests - 1M = 200k.
    expect(sumUsd(r.flatMap((x) => x.lines))).toBeCloseTo(800_000 * 0.0000166667 + 0.04, 9);
    expect(sumUsd(r[0]!.lines)).toBeCloseTo(sumUsd(r[1]!.lines), 12);
  });
});

describe("Vercel's published example", () => {
  it("gru1, 4 GB, 4 s of Active CPU in an instance alive 10 s = $0.0004489 per invocation", () => {
    const [r] = priceVercel([{ id: "f", usage: usage({ invocations: 1, cpuMs: 4000, durationMs: 10_000, memoryMb: 4096, region: "gru1", plan: "pro", freeTier: false }) }], DEFAULT_PRICES);
    const compute = r!.lines.filter((l) => l.unit === "CPU-h" || l.unit === "GB-h");
    expect(sumUsd(compute)).toBeCloseTo(0.0004489, 7);
  });
  it("prices every one of Vercel's 20 function regions", () => {
    expect(Object.keys(DEFAULT_PRICES.vercel.regions).sort()).toEqual(
      ["arn1", "bom1", "cdg1", "cle1", "cpt1", "dub1", "dxb1", "fra1", "gru1", "hkg1", "hnd1", "iad1", "icn1", "kix1", "lhr1", "pdx1", "sfo1", "sin1", "syd1", "yul1"],
    );
  });
});

describe("Vercel, hand-computed", () => {
  // 10M x 120 ms wall, 15 ms CPU, 2 GB, iad1: CPU 41.667 h, memory 666.67 GB-h.
  const u = usage({ invocations: 10e6, durationMs: 120, cpuMs: 15, memoryMb: 2048, region: "iad1" });
  const cpuH = (10e6 * 15) / 3.6e6;
  const gbH = (10e6 * 0.12 * 2) / 3600;
  const gross = cpuH * 0.128 + gbH * 0.0106 + 10 * 0.6;
  // Pro costs $20 per seat per month whatever the usage; one seat is counted, like Workers' $5 minimum.
  const seat = 20;
  it("free tier off", () => {
    const [r] = priceVercel([{ id: "v", usage: { ...u, plan: "pro", freeTier: false } }], DEFAULT_PRICES);
    expect(sumUsd(r!.lines)).toBeCloseTo(seat + gross, 9);
    expect(r!.notes.join(" ")).toMatch(/wall duration x memory \/ concurrency/);
  });
  it("Pro: the $20 usage credit covers small bills and is subtracted from larger ones", () => {
    const [small] = priceVercel([{ id: "v", usage: { ...u, plan: "pro" } }], DEFAULT_PRICES);
    expect(gross).toBeLessThan(20);
    expect(sumUsd(small!.lines)).toBeCloseTo(seat, 9);
    const [big] = priceVercel([{ id: "v", usage: { ...u, invocations: 30e6, plan: "pro" } }], DEFAULT_PRICES);
    expect(sumUsd(big!.lines)).toBeCloseTo(seat + 3 * gross - 20, 9);
  });
  it("Pro, 2025 inclusions: 16 CPU-h, 1,440 GB-h, 1M invocations", () => {
    const [r] = priceVercel([{ id: "v", usage: { ...u, plan: "pro-legacy" } }], DEFAULT_PRICES);
    expect(sumUsd(r!.lines)).toBeCloseTo(seat + (cpuH - 16) * 0.128 + 0 + 9 * 0.6, 9);
  });
  it("Hobby: inclusions, and a warning past them", () => {
    const small = usage({ invocations: 500_000, durationMs: 100, cpuMs: 10, memoryMb: 1024, region: "iad1", plan: "hobby" });
    const [r] = priceVercel([{ id: "v", usage: small }], DEFAULT_PRICES);
    expect(sumUsd(r!.lines)).toBeCloseTo(0, 12);
    expect(r!.warnings).toEqual([]);
    const [big] = priceVercel([{ id: "v", usage: { ...u, plan: "hobby" } }], DEFAULT_PRICES);
    expect(big!.warnings.join(" ")).toMatch(/may be paused/);
  });
  it("concurrency divides provisioned memory; a region changes the rates", () => {
    const [r] = priceVercel([{ id: "v", usage: { ...u, region: "sfo1", concurrency: 4, plan: "pro", freeTier: false } }], DEFAULT_PRICES);
    expect(sumUsd(r!.lines)).toBeCloseTo(seat + cpuH * 0.177 + (gbH / 4) * 0.0147 + 6, 9);
  });
});
