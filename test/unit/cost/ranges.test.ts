import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/commands/cost.js";
import { checkFlags } from "../../../src/cost/flags.js";
import { readPriceFile, resolvePrices } from "../../../src/cost/prices.js";
import { CliError, ConfigError, UsageError } from "../../../src/errors.js";
import { captureIo } from "./_io.js";

const LAMBDA_MEMORY = /\(128-10,240 MB: AWS Lambda's memory range, https:\/\/docs\.aws\.amazon\.com\/lambda\/latest\/dg\/configuration-memory\.html\)$/;
const LAMBDA_TIMEOUT = /\(0-900,000 ms: AWS Lambda's 900 s maximum timeout, https:\/\/docs\.aws\.amazon\.com\/lambda\/latest\/dg\/configuration-timeout\.html\)$/;

async function outcome(args: Record<string, unknown>, cwd = process.cwd()): Promise<"ok" | CliError> {
  try {
    await run({ dir: ".", whatIf: true, format: "json", ...args }, captureIo(cwd).io);
    return "ok";
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
}

async function failure(args: Record<string, unknown>, cwd?: string): Promise<CliError> {
  const result = await outcome(args, cwd);
  if (result === "ok") throw new Error(`expected ${JSON.stringify(args)} to be refused`);
  expect(result.message).not.toContain("\n");
  expect(result.exitCode).toBe(2);
  return result;
}

describe("cost flags are held to the platforms' ranges", () => {
  // [flag as the CLI spells it, option key, lowest valid, highest valid, just below, just above]
  const bounds: Array<[string, string, number, number, number, number]> = [
    ["--invocations", "invocations", 0, 1e13, -1, 1e13 + 1],
    ["--duration", "duration", 0, 900_000, -0.001, 900_000.001],
    ["--cpu", "cpu", 0, 900_000, -0.001, 900_000.001],
    ["--memory", "memory", 128, 10_240, 127, 10_241],
    ["--concurrency", "concurrency", 1, 30_000, 0.999, 30_001],
    ["--cold-start-rate", "coldStartRate", 0, 1, -0.001, 1.001],
  ];

  it.each(bounds)("%s: both bounds are accepted, just outside them is refused with the range", async (flag, key, low, high, below, above) => {
    expect(await outcome({ [key]: low })).toBe("ok");
    expect(await outcome({ [key]: high })).toBe("ok");
    expect((await failure({ [key]: below })).message).toMatch(new RegExp(`^${flag}: ${below} is below the minimum \\(`));
    expect((await failure({ [key]: above })).message).toMatch(new RegExp(`^${flag}: ${above} is above the maximum \\(`));
  });

  it.each(bounds.map(([flag, key]) => [flag, key] as const))("%s: 1e308, -1, NaN, Infinity and text are refused", async (flag, key) => {
    for (const value of [1e308, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "lots"]) {
      const error = await failure({ [key]: value });
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message.startsWith(`${flag}: `)).toBe(true);
      expect(error.message).toMatch(/ \(-?[\d,.]+-[\d,.]+.*\)$/);
    }
  });

  it("names the range and its source: --duration 1e308 and a 20-digit --memory", async () => {
    expect((await failure({ duration: 1e308 })).message).toMatch(new RegExp(`^--duration: 1e\\+308 is above the maximum ${LAMBDA_TIMEOUT.source}`));
    expect((await failure({ memory: Number("99999999999999999999") })).message).toMatch(new RegExp(`^--memory: 100000000000000000000 is above the maximum ${LAMBDA_MEMORY.source}`));
    expect((await failure({ duration: "1e308x" })).message).toMatch(/^--duration: "1e308x" is not a finite number \(/);
  });

  it("uses the range of the platform priced: Vercel 4,096 MB and 800 s, Workers 300,000 ms CPU", async () => {
    expect(await outcome({ platform: "vercel", memory: 4096, duration: 800_000 })).toBe("ok");
    expect((await failure({ platform: "vercel", memory: 4097 })).message).toMatch(/^--memory: 4097 is above the maximum \(128-4,096 MB: Vercel's maximum on Pro .*vercel\.com\/docs\/functions\/limitations/);
    expect((await failure({ platform: "vercel", duration: 800_001 })).message).toMatch(/^--duration: 800001 is above the maximum \(0-800,000 ms: Vercel's 800 s maximum duration/);
    expect(await outcome({ platform: "cloudflare-workers", cpu: 300_000 })).toBe("ok");
    expect((await failure({ platform: "cloudflare-workers", cpu: 300_001 })).message).toMatch(/^--cpu: 300001 is above the maximum \(0-300,000 ms: Workers' maximum CPU time per request, https:\/\/developers\.cloudflare\.com/);
    // Compared on all three, a value any of them allows is priced; the others warn.
    const t = captureIo();
    await run({ dir: ".", whatIf: true, format: "json", memory: 8192, duration: 850_000 }, t.io);
    const vercel = JSON.parse(t.out()).estimates.find((e: { platform: string }) => e.platform === "vercel");
    expect(vercel.assumptions.warnings.join(" ")).toMatch(/8192 MB is over the pro plan's 4096 MB.*850 s is over the pro plan's 800 s maximum duration/);
  });

  it("--runs and --measure-timeout have ranges too", () => {
    expect(() => checkFlags({ runs: 1, measureTimeout: 1 }, ["aws-lambda"])).not.toThrow();
    expect(() => checkFlags({ runs: 1000, measureTimeout: 900 }, ["aws-lambda"])).not.toThrow();
    expect(() => checkFlags({ runs: 1001 }, ["aws-lambda"])).toThrow(/^--runs: 1001 is above the maximum \(1-1,000 runs/);
    expect(() => checkFlags({ runs: 2.5 }, ["aws-lambda"])).toThrow(/^--runs: 2.5 is not a whole number/);
    expect(() => checkFlags({ measureTimeout: 0.5 }, ["aws-lambda"])).toThrow(/^--measure-timeout: 0.5 is below the minimum \(1-900 s/);
    expect(() => checkFlags({ measureTimeout: 901 }, ["aws-lambda"])).toThrow(/^--measure-timeout: 901 is above the maximum/);
  });
});

describe("the config file's cost section is held to the widest platform range", () => {
  function withConfig(text: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-cost-range-"));
    writeFileSync(path.join(dir, "coldstart.config.json"), text);
    return dir;
  }
  const configFailure = async (text: string) => {
    const error = await failure({}, withConfig(text));
    expect(error).toBeInstanceOf(ConfigError);
    return error.message;
  };

  it.each([
    ["memoryMb", 128, 10_240, 127, 10_241],
    ["durationMs", 0, 900_000, -1, 900_001],
    ["cpuMs", 0, 900_000, -1, 900_001],
    ["initMs", 0, 900_000, -1, 900_001],
    ["invocations", 0, 1e13, -1, 2e13],
    ["coldStartRate", 0, 1, -0.5, 1.5],
    ["concurrency", 1, 30_000, 0, 30_001],
    ["ephemeralStorageMb", 512, 10_240, 511, 10_241],
  ])("cost.defaults.%s: %s and %s pass, %s and %s are refused", async (field, low, high, below, above) => {
    for (const ok of [low, high]) expect(await outcome({}, withConfig(JSON.stringify({ cost: { defaults: { [field]: ok } } })))).toBe("ok");
    expect(await configFailure(JSON.stringify({ cost: { defaults: { [field]: below } } }))).toMatch(new RegExp(`^coldstart.config.json: cost.defaults.${field}: ${below} is below the minimum \\(`));
    expect(await configFailure(JSON.stringify({ cost: { functions: { "x": { [field]: above } } } }))).toMatch(new RegExp(`^coldstart.config.json: cost.functions.x.${field}: ${above} is above the maximum \\(`));
  });

  it("refuses 1e308, a number JSON reads as Infinity, and a 20-digit memory", async () => {
    expect(await configFailure('{ "cost": { "defaults": { "durationMs": 1e308 } } }')).toMatch(new RegExp(`durationMs: 1e\\+308 is above the maximum ${LAMBDA_TIMEOUT.source}`));
    expect(await configFailure('{ "cost": { "defaults": { "cpuMs": 1e999 } } }')).toMatch(/cpuMs: Infinity is not a finite number \(0-900,000 ms/);
    expect(await configFailure('{ "cost": { "defaults": { "memoryMb": 99999999999999999999 } } }')).toMatch(new RegExp(`memoryMb: 100000000000000000000 is above the maximum ${LAMBDA_MEMORY.source}`));
    expect(await configFailure('{ "cost": { "defaults": { "invocations": -1 } } }')).toMatch(/invocations: -1 is below the minimum \(0-10,000,000,000,000 invocations\/month/);
  });
});

describe("price overrides are held to ranges", () => {
  const region = (usdPerGbSecond: unknown) => ({ "aws-lambda": { regions: { "us-east-1": { x86_64: { durationTiers: [{ upToGbSeconds: null, usdPerGbSecond }] } } } } });
  const refused = (data: unknown) => {
    try {
      resolvePrices([{ label: "--prices p.json", data }]);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain("\n");
      return (error as Error).message;
    }
    throw new Error("expected the override to be refused");
  };

  it("a rate may be up to 100 times the highest built-in one, rounded up to a power of ten", () => {
    expect(() => resolvePrices([{ label: "--prices p.json", data: region(0.01) }])).not.toThrow();
    expect(refused(region(0.0100001))).toMatch(/^--prices p\.json: aws-lambda\.regions\.us-east-1\.x86_64\.durationTiers\[0\]\.usdPerGbSecond: 0\.0100001 is above the maximum \(0-0\.01 USD per GB-s: up to 100 times the highest built-in rate, 0\.00002292\)$/);
    for (const bad of [1e308, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(refused(region(bad))).toMatch(/usdPerGbSecond: .* \(0-0\.01 USD per GB-s/);
    expect(refused({ vercel: { invocationsPerMillion: -0.6 } })).toMatch(/^--prices p\.json: vercel\.invocationsPerMillion: -0\.6 is below the minimum \(0-1,000 USD per million/);
    expect(refused({ "cloudflare-workers": { paid: { baseUsd: 1e308 } } })).toMatch(/baseUsd: 1e\+308 is above the maximum \(0-10,000 USD per month/);
  });

  it("limits in the table stay in the inputs' ranges, and tiers rise", () => {
    expect(refused({ "aws-lambda": { memory: { maxMb: Number("99999999999999999999") } } })).toMatch(/memory\.maxMb: 100000000000000000000 is above the maximum \(128-10,240 MB/);
    expect(refused({ "aws-lambda": { memory: { mbPerVcpu: 1e308 } } })).toMatch(/memory\.mbPerVcpu: 1e\+308 is above the maximum/);
    expect(refused({ "aws-lambda": { memory: { minMb: 4096, maxMb: 2048 } } })).toMatch(/memory\.maxMb: must not be below minMb/);
    const tiers = (caps: Array<number | null>) => ({ "aws-lambda": { regions: { "us-east-1": { arm64: { durationTiers: caps.map((upToGbSeconds) => ({ upToGbSeconds, usdPerGbSecond: 0.00001 })) } } } } });
    expect(() => resolvePrices([{ label: "--prices p.json", data: tiers([100, 200, null]) }])).not.toThrow();
    expect(refused(tiers([200, 100, null]))).toMatch(/durationTiers\[1\]\.upToGbSeconds: 100 must be above the previous tier's cap \(200\)/);
    expect(refused(tiers([null, 100]))).toMatch(/durationTiers\[0\]\.upToGbSeconds: null \(no cap\) is allowed on the last tier only/);
  });

  it("a --prices file with 1e999 (read as Infinity) is refused with its path", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-prices-range-"));
    writeFileSync(path.join(dir, "p.json"), '{ "vercel": { "regions": { "iad1": { "cpuPerHour": 1e999 } } } }');
    const error = await failure({ prices: "p.json" }, dir);
    expect(error.message).toMatch(/^--prices p\.json: vercel\.regions\.iad1\.cpuPerHour: Infinity is not a finite number \(0-100 USD per CPU-hour/);
    expect((await readPriceFile("p.json", dir)).label).toBe("--prices p.json");
  });
});
