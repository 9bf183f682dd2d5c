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

  it("R2: Cloudflare's asset-hosting example is $104.40, on either Workers plan; $108.60 without the free tier", () => {
    // 100,000 writes, 10M reads a day for 30 days, 100,000 objects of 100 KB (10 GB).
    const r2 = [bind("ASSETS", "r2", { classA: 100_000, classB: 300e6, storageGb: 10 })];
    expect(cents(sumUsd(bindingLines(r2).lines))).toBe(104.4);
    expect(cents(sumUsd(bindingLines(r2, { plan: "free" }).lines))).toBe(104.4);
    // 0.1 M x $4.50 + 300 M x $0.36 + 10 x $0.015.
    expect(sumUsd(bindingLines(r2, { freeTier: false }).lines)).toBeCloseTo(108.6, 9);
  });

  it("Queues: 2M messages are 6M operations: ((2M x 3) - 1M) / 1M x $0.40 = $2.00, as the pricing page's formula; $2.40 without the inclusion", () => {
    const q = [bind("JOBS", "queues", { operations: 6e6 })];
    expect(sumUsd(bindingLines(q).lines)).toBeCloseTo(2, 9);
    expect(sumUsd(bindingLines(q, { freeTier: false }).lines)).toBeCloseTo(2.4, 9);
  });

  it("Durable Objects: 10M requests, 552,960 GB-s, SQLite rows and 10 GB = $111.412 list; $54.262 with the inclusions", () => {
    // 4,320,000 active seconds x 0.128 GB = 552,960 GB-s, as in the pricing page's WebSocket example.
    const dobj = [bind("ROOMS", "durable-objects", { requests: 10e6, gbSeconds: 552_960, rowsRead: 1e9, rowsWritten: 100e6, storageGb: 10 })];
    // 10 x $0.15 + 0.55296 x $12.50 + 1,000 x $0.001 + 100 x $1.00 + 10 x $0.20.
    expect(sumUsd(bindingLines(dobj, { freeTier: false }).lines)).toBeCloseTo(111.412, 9);
    // less 1 x $0.15, 0.4 x $12.50, all 1,000 M rows read (under 25 billion), 50 x $1.00, 5 x $0.20.
    expect(sumUsd(bindingLines(dobj).lines)).toBeCloseTo(54.262, 9);
    const duration = bindingLines(dobj).lines.filter((l) => l.unit === "GB-s");
    expect(cents(sumUsd(duration))).toBe(1.91);
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
