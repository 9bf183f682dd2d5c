import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { judgeSize } from "../../../src/audit/analysis/size-limits.js";
import { runAudit } from "../../../src/audit/engine.js";
import type { BundleInfo } from "../../../src/audit/types.js";
import type { FunctionInfo } from "../../../src/project/types.js";

const MiB = 1024 * 1024;

function fn(platform: FunctionInfo["platform"], runtime: FunctionInfo["runtime"]): FunctionInfo {
  return { id: `${platform}:x`, platform, runtime, entry: "/x/index.ts", config: { file: "x", line: 1 }, packageRoot: "/x" };
}

function bundle(bytes: number, gzipBytes: number): BundleInfo {
  return { bytes, gzipBytes, topInputs: [], packages: [], missingPackages: [], source: "test" };
}

describe("judgeSize", () => {
  const worker = fn("cloudflare-workers", "workerd");
  const big = { bundle: { budgetKb: 1024 * 1024 } };

  it("warns at 70% and fails at 90% of the Workers Free plan's 3 MiB gzip", () => {
    expect(judgeSize(worker, bundle(5 * MiB, 0.69 * 3 * MiB), big)).toBeUndefined();
    expect(judgeSize(worker, bundle(5 * MiB, 0.71 * 3 * MiB), big)?.severity).toBe("warning");
    expect(judgeSize(worker, bundle(5 * MiB, 0.91 * 3 * MiB), big)?.severity).toBe("error");
  });

  it("measures against 10 MiB on the Paid plan", () => {
    expect(judgeSize(worker, bundle(5 * MiB, 2.9 * MiB), { ...big, workers: { plan: "paid" } })).toBeUndefined();
    expect(judgeSize(worker, bundle(20 * MiB, 9.5 * MiB), { ...big, workers: { plan: "paid" } })?.what).toMatch(/95% of the Workers Paid plan's 10 MiB/);
  });

  it("checks Lambda's zipped and unzipped limits and Vercel's 250 MB", () => {
    const lambda = fn("aws-lambda", "nodejs");
    expect(judgeSize(lambda, bundle(100_000_000, 36_000_000), big)?.what).toMatch(/72% of Lambda's 50 MB zipped/);
    expect(judgeSize(lambda, bundle(230_000_000, 20_000_000), big)?.severity).toBe("error");
    expect(judgeSize(fn("vercel", "nodejs"), bundle(180_000_000, 1), big)?.what).toMatch(/72% of Vercel's 250 MB/);
    expect(judgeSize(fn("vercel", "edge"), bundle(180_000_000, 1), big)).toBeUndefined();
  });

  it("warns over the cold-start budget: 1 MB by default, or bundle.budgetKb, or the rule option", () => {
    const lambda = fn("aws-lambda", "nodejs");
    expect(judgeSize(lambda, bundle(1024 * 1024, 1), {})).toBeUndefined();
    expect(judgeSize(lambda, bundle(1024 * 1024 + 1, 1), {})?.what).toMatch(/cold-start budget of 1024 KB/);
    expect(judgeSize(lambda, bundle(1024 * 1024 + 1, 1), { bundle: { budgetKb: 2048 } })).toBeUndefined();
    expect(judgeSize(lambda, bundle(600 * 1024, 1), { budgetKb: 512, bundle: { budgetKb: 2048 } })?.severity).toBe("warning");
  });
});

describe("bundle/size-budget on a generated Worker", () => {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-size-budget-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, "src"));
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "assets-worker", private: true, type: "module" }));
  writeFileSync(path.join(root, "wrangler.jsonc"), JSON.stringify({ name: "assets-worker", main: "src/index.ts", compatibility_date: "2026-03-01" }));
  writeFileSync(path.join(root, "src/index.ts"), 'import { BLOB } from "./blob";\nexport default { async fetch() { return new Response(BLOB.slice(0, 16)); } };\n');
  // Random base64 barely compresses: about 2.4 MB gzip, 77% of 3 MiB.
  writeFileSync(path.join(root, "src/blob.ts"), `export const BLOB = "${randomBytes(2_400_000).toString("base64")}";\n`);

  const sizeFindings = async (config: Record<string, unknown>) => {
    writeFileSync(path.join(root, "coldstart.config.json"), JSON.stringify(config));
    const result = await runAudit({ root, today: "2026-11-25" });
    return result.findings.filter((f) => f.ruleId === "bundle/size-budget");
  };

  it("warns on the Free plan with the share, the limit and the biggest contributor", async () => {
    const found = await sizeFindings({ bundle: { budgetKb: 8192 } });
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe("warning");
    expect(found[0]!.file).toBe("src/index.ts");
    expect(found[0]!.message).toMatch(/7\d% of the Workers Free plan's 3 MiB compressed size limit/);
    expect(found[0]!.message).toMatch(/1 s start-up limit/);
    expect(found[0]!.message).toMatch(/Biggest packages in the output: your own code 3\.\d+ MB/);
  });

  it("is quiet on the Paid plan with a budget that fits", async () => {
    expect(await sizeFindings({ workers: { plan: "paid" }, bundle: { budgetKb: 8192 } })).toEqual([]);
  });

  it("still warns on the Paid plan over the default 1 MB budget", async () => {
    const found = await sizeFindings({ workers: { plan: "paid" } });
    expect(found.map((f) => f.severity)).toEqual(["warning"]);
    expect(found[0]!.message).toMatch(/over the cold-start budget of 1024 KB/);
  });
});
