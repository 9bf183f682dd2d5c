import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/commands/cost.js";
import { ConfigError, InputError, UsageError } from "../../../src/errors.js";
import { captureIo } from "./_io.js";

const repo = path.resolve(import.meta.dirname, "../../..");
const fixture = (name: string) => path.join(repo, "fixtures/discovery", name);

async function json(args: Record<string, unknown>, cwd = repo) {
  const t = captureIo(cwd);
  expect(await run({ format: "json", ...args }, t.io)).toBe(0);
  return JSON.parse(t.out());
}

describe("cost --what-if", () => {
  it("prints the documented JSON shape with every price's source and date", async () => {
    const r = await json({ dir: ".", whatIf: true, invocations: 15e6, cpu: 7, duration: 50, platform: "cloudflare-workers" });
    expect(Object.keys(r).slice(0, 3)).toEqual(["estimates", "totalMonthlyUsd", "prices"]);
    expect(r.estimates).toHaveLength(1);
    const e = r.estimates[0];
    expect(Object.keys(e)).toEqual(["function", "platform", "monthlyUsd", "lines", "assumptions"]);
    expect(Object.keys(e.lines[0])).toEqual(["item", "quantity", "unit", "unitPriceUsd", "usd"]);
    expect(e.monthlyUsd).toBeCloseTo(8, 10);
    expect(r.totalMonthlyUsd).toBeCloseTo(8, 10);
    expect(r.prices["cloudflare-workers"].asOf).toMatch(/^\d{4}-\d{2}/);
    expect(r.prices["cloudflare-workers"].source).toMatch(/cloudflare/);
    expect(Object.keys(r.prices)).toEqual(["cloudflare-workers"]);
  });

  it("compares all three platforms by default and states what each assumes", async () => {
    const r = await json({ dir: ".", whatIf: true, invocations: 10e6, duration: 120, cpu: 15 });
    // In the registry's order (src/platforms/index.ts).
    expect(r.estimates.map((e: { platform: string }) => e.platform)).toEqual(["vercel", "cloudflare-workers", "aws-lambda"]);
    expect(r.totalMonthlyUsd).toBe(Math.min(...Object.values(r.totalsByPlatform as Record<string, number>)));
    const vercel = r.estimates[0];
    expect(vercel.assumptions.notes.join(" ")).toMatch(/wall duration x memory \/ concurrency/);
    expect(vercel.assumptions.defaulted.join(" ")).toMatch(/memory MB 2048/);
    expect(r.estimates[1].assumptions.defaulted.join(" ")).not.toMatch(/init/);
  });

  it("--compare is like for like: the same CPU work at one vCPU each, Lambda with an HTTP API, and each platform's CPU share and front door stated", async () => {
    const r = await json({ dir: ".", whatIf: true, compare: true, invocations: 10e6, duration: 200, cpu: 40 });
    const by = Object.fromEntries((r.estimates as Array<{ platform: string; lines: Array<{ item: string; usd: number }>; assumptions: Record<string, unknown> }>).map((e) => [e.platform, e]));
    const lambda = by["aws-lambda"]!;
    expect(lambda.assumptions.memoryMb).toBe(1769);
    expect(lambda.assumptions.defaulted).toEqual(expect.arrayContaining([expect.stringMatching(/^memory MB 1769 \(one full vCPU, the CPU share of Vercel's 2 GB default/)]));
    expect(lambda.assumptions.durationMs).toBeCloseTo(200, 9);
    expect(lambda.assumptions.cpuShare).toMatch(/^1 vCPU at 1,769 MB/);
    expect(lambda.assumptions.frontDoor).toMatch(/^API Gateway HTTP API \(default: /);
    expect(lambda.lines.find((l) => l.item === "API Gateway HTTP API")!.usd).toBeCloseTo(10, 9);
    for (const e of Object.values(by)) {
      expect(e.assumptions.cpuMs).toBe(40);
      expect(e.assumptions.ioWaitMs).toBe(160);
      expect(String(e.assumptions.cpuShare).length).toBeGreaterThan(0);
      expect(String(e.assumptions.frontDoor).length).toBeGreaterThan(0);
    }
    const t = captureIo(repo);
    expect(await run({ dir: ".", whatIf: true, compare: true, invocations: 10e6, duration: 200, cpu: 40 }, t.io)).toBe(0);
    expect(t.out()).toMatch(/- AWS Lambda: \$[\d.,]+\/month; CPU: 1 vCPU at 1,769 MB .*; front door: API Gateway HTTP API .*; includes Requests, Duration, INIT on cold starts, API Gateway HTTP API, CloudWatch Logs ingestion, Data transfer out to the internet\./);
    expect(t.out()).toMatch(/- Cloudflare Workers: \$12\.40\/month; CPU: the isolate's CPU/);
  });

  it("a --prices file overrides a rate and is named as the source", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-prices-"));
    writeFileSync(path.join(dir, "prices.json"), JSON.stringify({ "cloudflare-workers": { paid: { baseUsd: 6 } } }));
    const r = await json({ dir: ".", whatIf: true, invocations: 15e6, cpu: 7, platform: "cloudflare-workers", prices: "prices.json" }, dir);
    expect(r.totalMonthlyUsd).toBeCloseTo(9, 10);
    expect(r.prices["cloudflare-workers"].source).toMatch(/^overridden in part by --prices prices\.json \(the rest: https:\/\/developers\.cloudflare\.com/);
  });

  it("a bad --prices file is a one-line ConfigError naming the path", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-prices-"));
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ vercel: { invocationsPerMillion: "cheap" } }));
    writeFileSync(path.join(dir, "typo.json"), JSON.stringify({ vercel: { invocationsPerMilion: 1 } }));
    writeFileSync(path.join(dir, "broken.json"), "{");
    const t = captureIo(dir);
    const bad = await run({ dir: ".", whatIf: true, prices: "bad.json" }, t.io).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as Error).message).toMatch(/^--prices bad\.json: vercel\.invocationsPerMillion: /);
    expect((bad as Error).message).not.toContain("\n");
    const typo = await run({ dir: ".", whatIf: true, prices: "typo.json" }, t.io).catch((e: unknown) => e);
    expect((typo as Error).message).toMatch(/invocationsPerMilion/);
    expect(await run({ dir: ".", whatIf: true, prices: "broken.json" }, t.io).catch((e: unknown) => e)).toBeInstanceOf(ConfigError);
    expect(await run({ dir: ".", whatIf: true, prices: "missing.json" }, t.io).catch((e: unknown) => e)).toBeInstanceOf(ConfigError);
  });

  it("rejects an unknown plan or region with a clear error", async () => {
    const t = captureIo();
    expect(await run({ dir: ".", whatIf: true, plan: "enterprise" }, t.io).catch((e: unknown) => e)).toBeInstanceOf(UsageError);
    const region = await run({ dir: ".", whatIf: true, region: "mars-1" }, t.io).catch((e: unknown) => e);
    expect(region).toBeInstanceOf(InputError);
    expect((region as Error).message).toContain("us-east-1");
  });

  it("--memory-sweep marks exactly one cheapest, one fastest and one balanced row, up to 10,240 MB", async () => {
    const r = await json({ dir: ".", whatIf: true, platform: "aws-lambda", duration: 400, cpu: 300, memory: 512, memorySweep: true });
    const rows = r.sweeps[0].rows as Array<{ memoryMb: number; arch: string; durationMs: number; monthlyUsd: number; configured: boolean; cheapest: boolean; fastest: boolean; balanced: boolean }>;
    expect(rows).toHaveLength(24);
    expect(Math.max(...rows.map((x) => x.memoryMb))).toBe(10_240);
    for (const mark of ["cheapest", "fastest", "balanced"] as const) expect(rows.filter((x) => x[mark])).toHaveLength(1);
    // The row at the configured size is the estimate.
    expect(rows.find((x) => x.configured)!.monthlyUsd).toBeCloseTo(r.estimates[0].monthlyUsd, 9);
    // Past one vCPU a single-threaded handler is no faster, so the fastest is the cheaper arm64 at 1,769 MB.
    expect(rows.find((x) => x.fastest)).toMatchObject({ memoryMb: 1769, arch: "arm64" });
    expect(r.sweeps[0].model).toMatch(/1,769 MB = 1 vCPU/);
  });
});

describe("cost on a project", () => {
  it("prices each discovered function on its own platform, tiers per account", async () => {
    const r = await json({ dir: fixture("sam-globals-and-events") });
    expect(r.estimates.length).toBeGreaterThan(1);
    for (const e of r.estimates) expect(e.platform).toBe("aws-lambda");
    const api = r.estimates.find((e: { function: string }) => e.function.includes("OrdersApiFunction"));
    expect(api.assumptions.memoryMb).toBe(1024);
    expect(api.assumptions.arch).toBe("arm64");
    expect(api.assumptions.notes.join(" ")).toMatch(/per account/);
    expect(r.totalMonthlyUsd).toBeCloseTo(r.estimates.reduce((s: number, e: { monthlyUsd: number }) => s + e.monthlyUsd, 0), 10);
  });

  it("prices an unset memory size at the default of whatever deploys the function", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-cost-defaults-"));
    cpSync(fixture("serverless-framework"), path.join(dir, "sls"), { recursive: true });
    const yml = path.join(dir, "sls/serverless.yml");
    writeFileSync(yml, readFileSync(yml, "utf8").replace(/^ {2}memorySize: 256\n/m, ""));
    const sam = path.join(dir, "sam");
    cpSync(fixture("sam-globals-and-events"), sam, { recursive: true });
    const template = path.join(sam, "template.yaml");
    writeFileSync(template, readFileSync(template, "utf8").replace(/^ *MemorySize: .*\n/gm, ""));

    const sls = (await json({ dir: path.join(dir, "sls") })).estimates.find((e: { function: string; assumptions: { defaulted: string[] } }) => e.assumptions.defaulted.some((d) => d.startsWith("memory MB")));
    expect(sls.assumptions.memoryMb).toBe(1024);
    expect(sls.assumptions.defaulted).toContain("memory MB 1024 (the Serverless Framework's default)");
    const [first] = (await json({ dir: sam })).estimates;
    expect(first.assumptions.memoryMb).toBe(128);
    expect(first.assumptions.defaulted).toContain("memory MB 128 (Lambda's default)");
  });

  it("reads traffic from config cost.functions and cost.defaults", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-cost-"));
    cpSync(fixture("workers-toml"), dir, { recursive: true });
    const first = await json({ dir });
    const id = first.estimates[0].function as string;
    writeFileSync(
      path.join(dir, "coldstart.config.json"),
      JSON.stringify({ cost: { functions: { [id]: { invocations: 100e6 } }, defaults: { cpuMs: 7, invocations: 0 } } }),
    );
    const r = await json({ dir });
    const e = r.estimates.find((x: { function: string }) => x.function === id);
    expect(e.platform).toBe("cloudflare-workers");
    expect(e.monthlyUsd).toBeCloseTo(45.4, 10);
    expect(e.assumptions.defaulted.join(" ")).not.toMatch(/invocations|CPU/);
  });

  it("falls back to what-if when no functions are found, and says so", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-empty-"));
    const t = captureIo();
    expect(await run({ dir, format: "pretty" }, t.io)).toBe(0);
    expect(t.out()).toMatch(/what-if, one hypothetical function \(no functions found/);
  });

  it("stops with the configuration problem instead of pricing a made-up function when nothing can be read", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-broken-"));
    writeFileSync(path.join(dir, "wrangler.toml"), 'name = "w"\nmain = "src/missing.ts"\ncompatibility_date = "2025-09-15"\n');
    const error = await run({ dir, format: "json" }, captureIo().io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe("wrangler.toml:2: `main` points at src/missing.ts, which does not exist");
    expect((error as InputError).hint).toMatch(/or price a hypothetical function with --what-if\.$/);
    // Asked for explicitly, the hypothetical function is still priced.
    expect((await json({ dir, whatIf: true })).estimates.length).toBeGreaterThan(0);
  });

  it("every format prints each price's source and date, and --output writes the file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-out-"));
    for (const format of ["pretty", "markdown"]) {
      const t = captureIo(dir);
      await run({ dir: fixture("sam-globals-and-events"), format, output: `report.${format}` }, t.io);
      const text = readFileSync(path.join(dir, `report.${format}`), "utf8");
      expect(text).toContain("https://aws.amazon.com/lambda/pricing/");
      expect(text).toMatch(/as of 2026-08/);
      expect(text).toMatch(/INIT billing: .*as of 2025-08-01/);
      expect(t.out()).toBe("");
    }
  });
});
