import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/commands/cost.js";
import { resolvePrices } from "../../../src/cost/prices.js";
import { DEFAULT_PRICES } from "../../../src/cost/price-table.js";
import type { Usage } from "../../../src/cost/types.js";
import { priceVercel } from "../../../src/cost/vercel.js";
import { captureIo } from "./_io.js";
import { sumUsd, usage } from "./_usage.js";

/** Rates a user supplies with --prices: the built-in table has none (no first-party figure). Test figures only. */
const withCdn = resolvePrices([
  {
    label: "--prices cdn.json",
    data: {
      vercel: {
        cdn: {
          source: "test rates",
          asOf: "2026-12-05",
          edgeRequestsPerMillion: 2,
          fastDataTransferPerGb: 0.15,
          fastOriginTransferPerGb: 0.06,
          included: { pro: { edgeRequests: 10e6, fastDataTransferGb: 1000, fastOriginTransferGb: 0 } },
        },
      },
    },
  },
]);

const fn = (over: Partial<Usage> = {}) =>
  usage({ invocations: 20e6, durationMs: 10, cpuMs: 1, memoryMb: 1024, region: "iad1", plan: "pro", vercelCdn: { responseBytes: 50_000, source: { kind: "config", detail: "test" } }, ...over });
const cdnItems = /^(Included in pro: )?(Edge Requests|Fast Origin Transfer|Fast Data Transfer)/;

describe("Vercel CDN lines, hand-computed with supplied rates", () => {
  it("20M requests of 50,000 bytes = 1,000 GB each way: $250 list, $80 after Pro's 10M requests and 1 TB", () => {
    // 20 M x $2 + 1,000 GB x $0.06 + 1,000 GB x $0.15; included: 10 M x $2 and 1,000 GB x $0.15.
    const [off] = priceVercel([{ id: "f", usage: fn({ freeTier: false }) }], withCdn);
    expect(sumUsd(off!.lines.filter((l) => cdnItems.test(l.item)))).toBeCloseTo(250, 9);
    const [on] = priceVercel([{ id: "f", usage: fn() }], withCdn);
    expect(sumUsd(on!.lines.filter((l) => cdnItems.test(l.item)))).toBeCloseTo(80, 9);
    expect(on!.lines.find((l) => l.item === "Fast Data Transfer")!.source).toEqual({ kind: "config", detail: "test" });
  });

  it("draws on the same $20 Pro credit as the functions", () => {
    // Compute: 20M x 1 ms = 5.556 CPU-h x $0.128; 20M x 10 ms x 1 GB = 55.56 GB-h x $0.0106; 20M x $0.60/M.
    const compute = (20e6 / 3.6e6) * 0.128 + ((20e6 * 0.01) / 3600) * 0.0106 + 12;
    const [alone] = priceVercel([{ id: "f", usage: fn() }], DEFAULT_PRICES);
    // Without CDN rates the credit covers the compute and the bill is the seat.
    expect(sumUsd(alone!.lines)).toBeCloseTo(20, 9);
    const [priced] = priceVercel([{ id: "f", usage: fn() }], withCdn);
    expect(priced!.lines.find((l) => l.item.includes("usage credit"))!.usd).toBeCloseTo(-20, 9);
    expect(sumUsd(priced!.lines)).toBeCloseTo(20 + compute + 80 - 20, 9);
  });

  it("without rates in the table, the CDN meters are listed as not priced with their quantities", () => {
    const [r] = priceVercel([{ id: "f", usage: fn() }], DEFAULT_PRICES);
    expect(r!.lines.some((l) => cdnItems.test(l.item))).toBe(false);
    expect(r!.notes.join(" ")).toMatch(/Not priced: 20,000,000 Edge Requests, 1,000 GB of Fast Origin Transfer and 1,000 GB of Fast Data Transfer \(50,000 bytes per response, config\): coldstart has first-party CDN rates for cle1 only/);
    expect(r!.notes.join(" ")).toMatch(/"cdnRegions": \{ "iad1": \.\.\. \}/);
  });

  it("a what-if report states the default response size and cites supplied rates", async () => {
    const t = captureIo();
    const prices = { vercel: { cdn: { source: "my contract", asOf: "2026-12-01", edgeRequestsPerMillion: 2, fastDataTransferPerGb: 0.15, fastOriginTransferPerGb: 0.06 } } };
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-cdn-"));
    writeFileSync(path.join(dir, "prices.json"), JSON.stringify(prices));
    expect(await run({ whatIf: true, platform: "vercel", prices: path.join(dir, "prices.json"), format: "json", invocations: 1e6 }, t.io)).toBe(0);
    const report = JSON.parse(t.out());
    const lines = report.estimates[0].lines as Array<{ item: string; quantity: number; source?: { kind: string } }>;
    expect(lines.find((l) => l.item === "Fast Data Transfer")).toMatchObject({ quantity: 1e6 * 10_240 / 1e9, source: { kind: "default" } });
    expect(report.prices.vercel.details.map((d: { what: string }) => d.what)).toContain("CDN (Edge Requests, Fast Origin Transfer, Fast Data Transfer)");
  });
});

describe("Vercel CDN in cle1, from vercel.com/docs/pricing/regional-pricing/cle1 (updated 2026-02-13, read 2026-12-05)", () => {
  const inCle1 = (over: Partial<Usage> = {}) => fn({ region: "cle1", ...over });

  it("20M requests of 50,000 bytes on Pro: $250 list, $80 after the 10M Edge Requests and 1 TB included", () => {
    // Edge Requests 20 M x $2.00 = $40; Fast Origin Transfer 1,000 GB x $0.06 = $60; Fast Data Transfer 1,000 GB x $0.15 = $150.
    // Included on Pro: 10 M Edge Requests (-$20) and 1 TB = 1,000 GB of Fast Data Transfer (-$150); no Fast Origin Transfer.
    const [off] = priceVercel([{ id: "f", usage: inCle1({ freeTier: false }) }], DEFAULT_PRICES);
    expect(sumUsd(off!.lines.filter((l) => cdnItems.test(l.item)))).toBeCloseTo(250, 9);
    const [on] = priceVercel([{ id: "f", usage: inCle1() }], DEFAULT_PRICES);
    const cdn = on!.lines.filter((l) => cdnItems.test(l.item));
    expect(sumUsd(cdn)).toBeCloseTo(80, 9);
    expect(cdn.map((l) => l.item)).not.toContain(expect.stringMatching(/Included in pro: Fast Origin Transfer/));
    expect(on!.notes.join(" ")).toMatch(/at cle1's rates, taking visitors to be served from the function's region/);
  });

  it("the CDN draws on the same $20 Pro credit as the functions, and the seat is still paid", () => {
    // cle1 compute rates equal iad1's: 20 M x 1 ms = 5.556 CPU-h x $0.128; 20 M x 10 ms x 1 GB = 55.56 GB-h x $0.0106; 20 M x $0.60/M.
    const compute = (20e6 / 3.6e6) * 0.128 + ((20e6 * 0.01) / 3600) * 0.0106 + 12;
    const [r] = priceVercel([{ id: "f", usage: inCle1() }], DEFAULT_PRICES);
    expect(r!.lines.find((l) => l.item.includes("usage credit"))!.usd).toBeCloseTo(-20, 9);
    expect(sumUsd(r!.lines)).toBeCloseTo(20 + compute + 80 - 20, 9);
  });

  it("the inclusions are shared by the account's priced functions; a function in an unsourced region is not priced", () => {
    // Two cle1 functions of 10 M requests each: 20 M in all, as above, split 1:1 ($40 each); an iad1 function adds no CDN line.
    const fns = [
      { id: "a", usage: inCle1({ invocations: 10e6 }) },
      { id: "b", usage: inCle1({ invocations: 10e6 }) },
      { id: "c", usage: fn({ invocations: 10e6 }) },
    ];
    const [a, b, c] = priceVercel(fns, DEFAULT_PRICES).map((r) => r.lines.filter((l) => cdnItems.test(l.item)));
    expect(sumUsd(a!)).toBeCloseTo(40, 9);
    expect(sumUsd(b!)).toBeCloseTo(40, 9);
    expect(c).toEqual([]);
  });

  it("on Hobby the cle1 rates do not apply (the page prices Pro only) and the note says why", () => {
    const [r] = priceVercel([{ id: "f", usage: inCle1({ plan: "hobby", invocations: 100_000 }) }], DEFAULT_PRICES);
    expect(r!.lines.some((l) => cdnItems.test(l.item))).toBe(false);
    expect(r!.notes.join(" ")).toMatch(/Hobby has no CDN overage/);
  });

  it("rates supplied for every region win over the table's, and the report cites the cle1 page when it is used", async () => {
    const [r] = priceVercel([{ id: "f", usage: inCle1() }], withCdn);
    expect(r!.notes.join(" ")).toMatch(/at the supplied CDN rates/);
    const t = captureIo();
    expect(await run({ whatIf: true, platform: "vercel", region: "cle1", format: "json", invocations: 1e6 }, t.io)).toBe(0);
    const report = JSON.parse(t.out());
    expect(report.prices.vercel.details).toContainEqual({ what: "CDN in cle1 (Edge Requests, Fast Origin Transfer, Fast Data Transfer)", source: expect.stringMatching(/^https:\/\/vercel\.com\/docs\/pricing\/regional-pricing\/cle1 /), asOf: "2026-02-13" });
    expect(report.estimates[0].lines.map((l: { item: string }) => l.item)).toContain("Edge Requests");
  });
});
