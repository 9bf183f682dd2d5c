import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/commands/cost.js";
import { DEFAULT_PRICES } from "../../../src/cost/price-table.js";
import { resolvePrices } from "../../../src/cost/prices.js";
import { ConfigError } from "../../../src/errors.js";
import type { BindingUsage, Usage } from "../../../src/cost/types.js";
import { priceWorkers } from "../../../src/cost/workers.js";
import { captureIo } from "./_io.js";
import { cents, sumUsd, usage } from "./_usage.js";

const source = { kind: "config" as const, detail: "test" };
const bind = (name: string, kind: BindingUsage["kind"], meters: Record<string, number>): BindingUsage => ({ name, kind, meters, source });

/** The lines of one Worker's bindings, priced alone on an account (a Worker with no requests adds only its minimum). */
function bindingLines(bindings: BindingUsage[], over: Partial<Usage> = {}) {
  const [r] = priceWorkers([{ id: "w", usage: usage({ invocations: 0, cpuMs: 0, plan: "paid", bindings, ...over }) }], DEFAULT_PRICES);
  const names = new Set(bindings.map((b) => b.name));
  return { lines: r!.lines.filter((l) => [...names].some((n) => l.item.includes(` ${n}: `))), warnings: r!.warnings };
}

describe("Workers bindings, hand-computed (Workers Paid)", () => {
  it("KV: 30M reads, 3M writes, 3 GB = $31.50 list; less 10M reads, 1M writes and 1 GB included = $21.00", () => {
    const kv = [bind("CACHE", "kv", { reads: 30e6, writes: 3e6, storageGb: 3 })];
    // 30 x $0.50 + 3 x $5.00 + 3 x $0.50, then 10 x $0.50, 1 x $5.00 and 1 x $0.50 off.
    expect(sumUsd(bindingLines(kv, { freeTier: false }).lines)).toBeCloseTo(31.5, 9);
    expect(sumUsd(bindingLines(kv).lines)).toBeCloseTo(21, 9);
    expect(bindingLines(kv).lines.map((l) => l.item)).toContain("Workers KV CACHE: reads, included in Workers Paid (account share of 10,000,000)");
  });

  it("D1: 30 billion rows read, 60M written, 10 GB = $97.50 list; $18.75 with 25 billion, 50M and 5 GB included", () => {
    const d1 = [bind("DB", "d1", { rowsRead: 30e9, rowsWritten: 60e6, storageGb: 10 })];
    // 30,000 M x $0.001 + 60 M x $1.00 + 10 x $0.75; included: 25,000 M x $0.001, 50 M x $1.00, 5 x $0.75.
    expect(sumUsd(bindingLines(d1, { freeTier: false }).lines)).toBeCloseTo(97.5, 9);
    expect(sumUsd(bindingLines(d1).lines)).toBeCloseTo(18.75, 9);
  });

  it("R2: Cloudflare's asset-hosting example is $104.40, on either Workers plan; $112.65 without the free tier", () => {
    // 100,000 writes, 10M reads a day for 30 days, 100,000 objects of 100 KB (10 GB).
    const r2 = [bind("ASSETS", "r2", { classA: 100_000, classB: 300e6, storageGb: 10 })];
    expect(cents(sumUsd(bindingLines(r2).lines))).toBe(104.4);
    expect(cents(sumUsd(bindingLines(r2, { plan: "free" }).lines))).toBe(104.4);
    // 100,000 Class A rounded up to 1 M x $4.50 + 300 M x $0.36 + 10 x $0.015.
    expect(sumUsd(bindingLines(r2, { freeTier: false }).lines)).toBeCloseTo(112.65, 9);
  });

  it("Queues: 2M messages are 6M operations: ((2M x 3) - 1M) / 1M x $0.40 = $2.00, as the pricing page's formula; $2.40 without the inclusion", () => {
    const q = [bind("JOBS", "queues", { operations: 6e6 })];
    expect(sumUsd(bindingLines(q).lines)).toBeCloseTo(2, 9);
    expect(sumUsd(bindingLines(q, { freeTier: false }).lines)).toBeCloseTo(2.4, 9);
  });

  it("Durable Objects: 10M requests, 552,960 GB-s, SQLite rows and 10 GB = $117.00 list; $64.85 with the inclusions", () => {
    // 4,320,000 active seconds x 0.128 GB = 552,960 GB-s, as in the pricing page's WebSocket example.
    const dobj = [bind("ROOMS", "durable-objects", { requests: 10e6, gbSeconds: 552_960, rowsRead: 1e9, rowsWritten: 100e6, storageGb: 10 })];
    // 10 x $0.15 + 552,960 GB-s rounded up to 1 M x $12.50 + 1,000 x $0.001 + 100 x $1.00 + 10 x $0.20.
    expect(sumUsd(bindingLines(dobj, { freeTier: false }).lines)).toBeCloseTo(117, 9);
    // less 1 x $0.15, all 1,000 M rows read (under 25 billion), 50 x $1.00, 5 x $0.20; duration: 552,960 - 400,000
    // = 152,960 GB-s billable, rounded up to 1 M GB-s = $12.50, as the page's fourth example bills it.
    expect(sumUsd(bindingLines(dobj).lines)).toBeCloseTo(64.85, 9);
    const duration = bindingLines(dobj).lines.filter((l) => l.unit === "GB-s");
    expect(cents(sumUsd(duration))).toBe(12.5);
    expect(duration.map((l) => l.item)).toContain("Durable Objects ROOMS: duration, rounded up to the next 1,000,000 GB-s (account share)");
  });

  it("shares an inclusion across the account's Workers in proportion to use", () => {
    const fns = [
      { id: "a", usage: usage({ invocations: 0, plan: "paid", bindings: [bind("CACHE", "kv", { reads: 15e6 })] }) },
      { id: "b", usage: usage({ invocations: 0, plan: "paid", bindings: [bind("CACHE", "kv", { reads: 5e6 })] }) },
    ];
    const [a, b] = priceWorkers(fns, DEFAULT_PRICES).map((r) => sumUsd(r.lines.filter((l) => l.item.startsWith("Workers KV"))));
    // (20M - 10M) x $0.50 = $5.00, split 3:1.
    expect(a).toBeCloseTo(3.75, 9);
    expect(b).toBeCloseTo(1.25, 9);
  });
});

/** Usage as config gives it, converted the way `resolveBindings` does, for one Worker on an account. */
async function fromConfig(binding: string, entry: Record<string, unknown>, over: { plan?: "free" | "paid"; freeTier?: boolean } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-bindings-"));
  mkdirSync(path.join(dir, "src"));
  writeFileSync(path.join(dir, "src/index.ts"), "export default { async fetch() { return new Response('ok'); } };\n");
  writeFileSync(path.join(dir, "wrangler.jsonc"), JSON.stringify({ name: "w", main: "src/index.ts", compatibility_date: "2026-09-01" }));
  const id = "cloudflare-workers:src/index.ts";
  writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify({ cost: { functions: { [id]: { invocations: 0, cpuMs: 1, bindings: { [binding]: entry } } } } }));
  const t = captureIo(dir);
  const flags = { dir: ".", format: "json" as const, plan: over.plan ?? "paid", ...(over.freeTier === false ? { freeTier: false } : {}) };
  expect(await run(flags, t.io)).toBe(0);
  const r = JSON.parse(t.out()) as { estimates: Array<{ lines: Array<{ item: string; quantity: number; usd: number }>; assumptions: { notes: string[]; warnings: string[] } }> };
  const [worker] = r.estimates;
  const lines = worker!.lines.filter((l) => l.item.includes(` ${binding}: `));
  return { lines, usd: sumUsd(lines), notes: worker!.assumptions.notes.join(" "), warnings: worker!.assumptions.warnings.join(" ") };
}

describe("R2 billing units and Infrequent Access (developers.cloudflare.com/r2/pricing/, read 2026-12-05)", () => {
  it("Cloudflare's Standard storage example: 1,000 GB-month, 1,000 writes, 1M reads = $14.85", () => {
    // (1,000 - 10) GB-month x $0.015 = $14.85; 1,000 Class A and 1M Class B within the 1M and 10M free.
    const r2 = [bind("FILES", "r2", { storageGb: 1000, classA: 1000, classB: 1e6 })];
    expect(cents(sumUsd(bindingLines(r2).lines))).toBe(14.85);
  });

  it("Cloudflare's Infrequent Access example: 1,000 GB kept 5 days, 1,000 writes, 1M reads, 1,000 GB retrieved = $29.90", async () => {
    // Storage: 1,000 GB x 5/30 = 166.67 GB-month stored + 1,000 GB x 25/30 = 833.33 to the 30-day minimum = 1,000 x $0.01 = $10.00.
    // Class A: 1,000 rounded up to 1 M x $9.00 = $9.00. Class B: 1 M x $0.90. Retrieval: 1,000 GB x $0.01 = $10.00. No free tier.
    const r = await fromConfig("ARCHIVE", { kind: "r2", iaStorageGb: (1000 * 5) / 30, iaDeletedEarlyGb: 1000, iaDeletedAfterDays: 5, iaClassA: 1000, iaClassB: 1e6, iaRetrievalGb: 1000 });
    expect(cents(r.usd)).toBe(29.9);
    expect(r.lines.find((l) => l.item === "R2 ARCHIVE: Infrequent Access stored data")!.quantity).toBeCloseTo(1000, 9);
    expect(r.lines.some((l) => /Infrequent Access stored data, rounded up/.test(l.item))).toBe(false);
    expect(r.lines.find((l) => l.item === "R2 ARCHIVE: Infrequent Access Class A operations, rounded up to the next 1,000,000 requests (account share)")!.quantity).toBe(999_000);
    expect(r.notes).toMatch(/R2 ARCHIVE: Infrequent Access stored data includes 833\.333 GB-month for 1,000 GB deleted after 5 days, billed to the 30-day minimum storage duration\./);
    // The same on the Workers Free plan: R2 bills alike on every plan.
    expect(cents((await fromConfig("ARCHIVE", { kind: "r2", iaStorageGb: 1000, iaClassA: 1000, iaClassB: 1e6, iaRetrievalGb: 1000 }, { plan: "free" })).usd)).toBe(29.9);
  });

  it("rounds the billable quantity up to the next unit: 1,000,001 operations bill as 2M, 1.1 GB-month as 2, 1.1 GB retrieved as 2", () => {
    // Past the free tier: 11,000,001 Class B - 10 M = 1,000,001 -> 2 M x $0.36 = $0.72; 11.1 GB-month - 10 = 1.1 -> 2 x $0.015 = $0.03.
    expect(sumUsd(bindingLines([bind("F", "r2", { classB: 11_000_001, storageGb: 11.1 })]).lines)).toBeCloseTo(0.72 + 0.03, 9);
    // Infrequent Access has no free tier: 1.1 GB retrieved -> 2 x $0.01; 1,000,001 Class A -> 2 M x $9.00.
    expect(sumUsd(bindingLines([bind("F", "r2", { iaRetrievalGb: 1.1, iaClassA: 1_000_001 })]).lines)).toBeCloseTo(0.02 + 18, 9);
    // Exactly at the free tier or a whole unit past it, nothing is added.
    expect(sumUsd(bindingLines([bind("F", "r2", { classA: 1e6, classB: 12e6 })]).lines)).toBeCloseTo(2 * 0.36, 9);
  });

  it("rounds the account's total once and shares the rounding in proportion to use", () => {
    // Two Workers, 6,000,000 + 6,000,000 Class B = 12 M; 2 M billable, whole: $0.72 split 1:1, no rounding line.
    // With 6,000,000 + 4,500,001: 10,500,001 - 10 M = 500,001 -> 1 M x $0.36 = $0.36 in all.
    const fns = [
      { id: "a", usage: usage({ invocations: 0, plan: "paid", bindings: [bind("F", "r2", { classB: 6e6 })] }) },
      { id: "b", usage: usage({ invocations: 0, plan: "paid", bindings: [bind("F", "r2", { classB: 4_500_001 })] }) },
    ];
    const [a, b] = priceWorkers(fns, DEFAULT_PRICES).map((r) => sumUsd(r.lines.filter((l) => l.item.startsWith("R2"))));
    expect(a! + b!).toBeCloseTo(0.36, 9);
    expect(a! / b!).toBeCloseTo(6e6 / 4_500_001, 9);
  });
});

describe("Queues operations (developers.cloudflare.com/queues/platform/pricing/, read 2026-12-05)", () => {
  it("Cloudflare's first example: 1M messages a day for 30 days, each under 64 KB = 89M billed operations = $35.60", async () => {
    // 3 x 30 x 1,000,000 = 90 M operations - 1 M included = 89 M x $0.40 = $35.60.
    expect(cents((await fromConfig("JOBS", { kind: "queues", messages: 30e6, messageBytes: 1000 })).usd)).toBe(35.6);
  });

  it("Cloudflare's second example: 100M messages of ~127 KB = 2 operations each way = $239.60", async () => {
    // (127,000 + ~100 metadata) / 64,000 -> 2 chunks; 2 x 3 x 100 M = 600 M - 1 M = 599 M x $0.40 = $239.60.
    const r = await fromConfig("JOBS", { kind: "queues", messages: 100e6, messageBytes: 127_000 });
    expect(cents(r.usd)).toBe(239.6);
    expect(r.notes).toMatch(/Queues JOBS: 100,000,000 messages x 3 \(write, read, delete\) = 300,000,000, x 2 operations per message of 127,000 bytes \+ ~100 bytes metadata: 600,000,000 operations\./);
  });

  it("counts a read per retry, a write per dead-lettered message and no read for a message that expires unread", async () => {
    // 1 M messages of 70,000 bytes (2 chunks): (3 x 1 M - 100,000 expired + 300,000 retries + 20,000 dead-lettered) x 2
    // = 3,220,000 x 2 = 6,440,000 operations; - 1 M included = 5.44 M x $0.40 = $2.176.
    const r = await fromConfig("JOBS", { kind: "queues", messages: 1e6, messageBytes: 70_000, retries: 300_000, deadLettered: 20_000, expired: 100_000 });
    expect(r.usd).toBeCloseTo(2.176, 9);
    expect(r.lines.find((l) => l.item === "Queues JOBS: operations (64 KB each)")!.quantity).toBe(6_440_000);
    // Without the inclusion: 6.44 M x $0.40 = $2.576.
    expect((await fromConfig("JOBS", { kind: "queues", messages: 1e6, messageBytes: 70_000, retries: 300_000, deadLettered: 20_000, expired: 100_000 }, { freeTier: false })).usd).toBeCloseTo(2.576, 9);
  });

  it("on the Free plan costs nothing and warns past 10,000 operations a day", async () => {
    // 100,000 messages x 3 = 300,000 operations / 30 days = 10,000 a day: at the limit, no warning; 1 retry more is past it.
    expect((await fromConfig("JOBS", { kind: "queues", messages: 100_000 }, { plan: "free" })).warnings).toBe("");
    const over = await fromConfig("JOBS", { kind: "queues", messages: 100_000, retries: 30_000 }, { plan: "free" });
    expect(over.usd).toBe(0);
    expect(over.warnings).toMatch(/Queues JOBS: operations \(64 KB each\): 11,000 a day \(over 30 days\) exceeds the Free plan's 10,000 a day/);
  });

  it("retries without messages are a warning, not a silent zero", async () => {
    const r = await fromConfig("JOBS", { kind: "queues", operations: 2e6, retries: 5 });
    expect(r.warnings).toMatch(/Queues JOBS: retries is ignored without messages/);
    expect(r.usd).toBeCloseTo(0.4, 9);
  });
});

describe("Durable Objects WebSocket messages, 20:1 (developers.cloudflare.com/durable-objects/platform/pricing/, read 2026-12-05)", () => {
  it("Cloudflare's example 1 (HTTP coordination): 1.5M requests, 1,000,000 active seconds = $0.15 + $5 minimum", async () => {
    // 1.5 M - 1 M = 0.5 M, rounded up to 1 M x $0.15 = $0.15; 128,000 GB-s within 400,000.
    expect(cents((await fromConfig("DO", { kind: "durable-objects", requests: 1.5e6, activeSeconds: 1e6 })).usd)).toBe(0.15);
  });

  it("Cloudflare's example 2 (100 objects x 50 WebSockets, a message a minute 8 h a day) = $0.45 + $137.50", async () => {
    // Requests: 150,000 connections + 72,000,000 messages / 20 = 3,750,000 - 1 M = 2.75 M -> 3 M x $0.15 = $0.45.
    // Duration: 86,400,000 s x 0.128 = 11,059,200 GB-s - 400,000 = 10,659,200 -> 11 M x $12.50 = $137.50.
    const r = await fromConfig("ROOMS", { kind: "durable-objects", requests: 150_000, websocketMessages: 72e6, activeSeconds: 86.4e6 });
    expect(cents(r.usd)).toBe(137.95);
    expect(r.notes).toMatch(/Durable Objects ROOMS: 72,000,000 incoming WebSocket messages are billed as 3,600,000 requests \(20:1\)\./);
  });

  it("Cloudflare's example 3 (100 objects, one message a second all month) = $1.80 + $412.50", async () => {
    // 100 + 259,200,000 / 20 = 12,960,100 - 1 M = 11,960,100 -> 12 M x $0.15 = $1.80.
    // 259,200,000 s x 0.128 = 33,177,600 GB-s - 400,000 = 32,777,600 -> 33 M x $12.50 = $412.50.
    expect(cents((await fromConfig("ROOMS", { kind: "durable-objects", requests: 100, websocketMessages: 259.2e6, activeSeconds: 259.2e6 })).usd)).toBe(414.3);
  });

  it("Cloudflare's example 4 (hibernation, 100 x 100 WebSockets) = $3.15 + $12.50; $20.65 with the Workers minimum", async () => {
    // 10,000 + 432,000,000 / 20 = 21,610,000 - 1 M = 20,610,000 -> 21 M x $0.15 = $3.15.
    // 4,320,000 s x 0.128 = 552,960 GB-s - 400,000 = 152,960 -> 1 M x $12.50 = $12.50.
    const r = await fromConfig("ROOMS", { kind: "durable-objects", requests: 10_000, websocketMessages: 432e6, activeSeconds: 4.32e6 });
    expect(cents(r.usd)).toBe(15.65);
  });

  it("on the Free plan, WebSocket messages count toward the 100,000 requests a day at 20:1", async () => {
    // 60,000,000 messages / 20 = 3,000,000 requests / 30 days = 100,000 a day: at the limit.
    expect((await fromConfig("ROOMS", { kind: "durable-objects", websocketMessages: 60e6 }, { plan: "free" })).warnings).toBe("");
    const over = await fromConfig("ROOMS", { kind: "durable-objects", websocketMessages: 60e6, requests: 30 }, { plan: "free" });
    expect(over.usd).toBe(0);
    expect(over.warnings).toMatch(/Durable Objects ROOMS: requests: 100,001 a day \(over 30 days\) exceeds the Free plan's 100,000 a day/);
  });
});

describe("Workers bindings on the Free plan", () => {
  it("cost nothing, and warn when the account's daily use passes a limit", () => {
    const within = bindingLines([bind("CACHE", "kv", { reads: 3e6 })], { plan: "free" });
    expect(sumUsd(within.lines)).toBe(0);
    expect(within.warnings).toEqual([]);
    const over = bindingLines([bind("CACHE", "kv", { reads: 3.1e6, storageGb: 2 })], { plan: "free" });
    expect(sumUsd(over.lines)).toBe(0);
    expect(over.warnings.join(" ")).toMatch(/Workers KV CACHE: reads: 103,333\.333 a day \(over 30 days\) exceeds the Free plan's 100,000 a day/);
    expect(over.warnings.join(" ")).toMatch(/stored data: 2 GB-month exceeds the Free plan's 1 in total/);
  });
});

/** A Worker that binds one of each product, with config giving usage for some. */
function project(config: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-bindings-"));
  mkdirSync(path.join(dir, "src"));
  writeFileSync(path.join(dir, "src/index.ts"), "export default { async fetch() { return new Response('ok'); } };\n");
  writeFileSync(
    path.join(dir, "wrangler.jsonc"),
    JSON.stringify({
      name: "shop",
      main: "src/index.ts",
      compatibility_date: "2026-09-01",
      kv_namespaces: [{ binding: "CACHE", id: "a" }],
      d1_databases: [{ binding: "DB", database_name: "db", database_id: "b" }],
      r2_buckets: [{ binding: "FILES", bucket_name: "files" }],
      queues: { producers: [{ binding: "JOBS", queue: "jobs" }] },
      durable_objects: { bindings: [{ name: "ROOMS", class_name: "Room" }] },
      hyperdrive: [{ binding: "PG", id: "c" }],
    }),
  );
  writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify(config));
  return dir;
}

async function report(dir: string) {
  const t = captureIo(dir);
  expect(await run({ dir: ".", format: "json" }, t.io)).toBe(0);
  return JSON.parse(t.out()) as {
    estimates: Array<{ lines: Array<{ item: string; usd: number; source?: { kind: string; detail: string } }>; assumptions: { notes: string[]; warnings: string[] } }>;
    prices: Record<string, { details: Array<{ what: string; source: string; asOf: string }> }>;
  };
}

describe("bindings from the wrangler config and usage from config", () => {
  const id = "cloudflare-workers:src/index.ts";

  it("prices the bindings given usage, names the rest as not priced, and cites each product's page", async () => {
    const dir = project({ cost: { functions: { [id]: { bindings: { CACHE: { reads: 20e6 }, JOBS: { messages: 1e6 }, ROOMS: { requests: 2e6, activeSeconds: 1e6 } } } } } });
    const r = await report(dir);
    const [worker] = r.estimates;
    const items = worker!.lines.map((l) => l.item);
    expect(items).toEqual(expect.arrayContaining(["Workers KV CACHE: reads", "Queues JOBS: operations (64 KB each)", "Durable Objects ROOMS: requests", "Durable Objects ROOMS: duration"]));
    const reads = worker!.lines.find((l) => l.item === "Workers KV CACHE: reads")!;
    expect(reads.source).toEqual({ kind: "config", detail: `cost.functions["${id}"].bindings.CACHE (bound in the wrangler config)` });
    // 1M messages x 3 operations, 1M included: 2M x $0.40/M.
    expect(sumUsd(worker!.lines.filter((l) => l.item.startsWith("Queues JOBS")))).toBeCloseTo(0.8, 9);
    // 1,000,000 s x 0.128 GB = 128,000 GB-s, all within the 400,000 included.
    expect(sumUsd(worker!.lines.filter((l) => l.item.startsWith("Durable Objects ROOMS: duration")))).toBeCloseTo(0, 9);
    const notes = worker!.assumptions.notes.join(" ");
    expect(notes).toMatch(/Not priced: bound but no usage given: D1 DB, R2 FILES\. Give a month's use in cost\.functions\[".*"\]\.bindings\.<BINDING> to price it\./);
    expect(notes).toMatch(/Not priced: Hyperdrive PG/);
    const details = r.prices["cloudflare-workers"]!.details.map((d) => d.what);
    expect(details).toEqual(["limits", "Workers KV", "Queues", "Durable Objects"]);
    expect(r.prices["cloudflare-workers"]!.details[1]).toMatchObject({ source: expect.stringMatching(/^https:\/\/developers\.cloudflare\.com\/kv\/platform\/pricing\//), asOf: "2026-12-05" });
  });

  it("with no usage given, every bound product is listed as not priced and no binding line appears", async () => {
    const r = await report(project({}));
    const [worker] = r.estimates;
    expect(worker!.assumptions.notes.join(" ")).toMatch(/Not priced: bound but no usage given: Workers KV CACHE, D1 DB, R2 FILES, Queues JOBS, Durable Objects ROOMS\./);
    expect(worker!.lines.map((l) => l.item)).toEqual(["Paid plan minimum", "Requests", "Included requests (account share of 10M)", "CPU time", "Included CPU time (account share of 30M CPU-ms)"]);
  });

  it("a name the wrangler config does not bind needs a kind; a key the product does not bill is a warning", async () => {
    const dir = project({ cost: { functions: { [id]: { bindings: { OTHER: { reads: 1 }, SESSIONS: { kind: "kv", reads: 11e6 }, CACHE: { reads: 1, rowsRead: 5 } } } } } });
    const [worker] = (await report(dir)).estimates;
    const warnings = worker!.assumptions.warnings.join(" ");
    expect(warnings).toMatch(/bindings\.OTHER: the wrangler config binds no "OTHER" and the entry names no kind/);
    expect(warnings).toMatch(/bindings\.CACHE: rowsRead does not apply to Workers KV and is ignored\./);
    const sessions = worker!.lines.filter((l) => l.item.startsWith("Workers KV SESSIONS"));
    expect(sessions[0]!.source!.detail).toMatch(/kind "kv" from config, not bound in the wrangler config/);
  });

  it("an unknown usage key is a config error naming it", async () => {
    const dir = project({ cost: { functions: { [id]: { bindings: { CACHE: { raeds: 1 } } } } } });
    const t = captureIo(dir);
    await expect(run({ dir: ".", format: "json" }, t.io)).rejects.toThrow(ConfigError);
    await expect(run({ dir: ".", format: "json" }, t.io)).rejects.toThrow(/bindings\.CACHE: unknown key "raeds"/);
  });
});

describe("binding rates are overridable", () => {
  it("a changed rate is priced and its product's source says it was overridden", () => {
    const prices = resolvePrices([{ label: "--prices p.json", data: { "cloudflare-workers": { bindings: { kv: { meters: { reads: { usd: 1 } } } } } } }]);
    expect(prices["cloudflare-workers"].bindings.kv.source).toMatch(/^overridden in part by --prices p\.json \(the rest: https:\/\/developers\.cloudflare\.com\/kv\//);
    expect(prices["cloudflare-workers"].bindings.d1.source).toMatch(/^https:\/\/developers\.cloudflare\.com\/d1\//);
    const [r] = priceWorkers([{ id: "w", usage: usage({ invocations: 0, plan: "paid", freeTier: false, bindings: [bind("CACHE", "kv", { reads: 2e6 })] }) }], prices);
    expect(sumUsd(r!.lines.filter((l) => l.item.startsWith("Workers KV")))).toBeCloseTo(2, 9);
  });
});
