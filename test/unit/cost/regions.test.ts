import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/commands/cost.js";
import { captureIo } from "./_io.js";

const repo = path.resolve(import.meta.dirname, "../../..");

/** A copy of a discovery fixture with one file rewritten. */
function copyWith(fixture: string, file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-regions-"));
  cpSync(path.join(repo, "fixtures/discovery", fixture), dir, { recursive: true });
  writeFileSync(path.join(dir, file), edit(readFileSync(path.join(dir, file), "utf8")));
  return dir;
}

async function estimates(dir: string, args: Record<string, unknown> = {}) {
  const t = captureIo(dir);
  expect(await run({ dir: ".", format: "json", ...args }, t.io)).toBe(0);
  return JSON.parse(t.out()).estimates as Array<{ function: string; lines: Array<{ item: string; usd: number }>; assumptions: { region: string; warnings: string[]; notes: string[] } }>;
}

describe("regions the project declares", () => {
  it("a serverless region in the table is priced there; tracing and Provisioned Concurrency come from the file", async () => {
    const dir = copyWith("serverless-framework", "serverless.yml", (t) =>
      t.replace("  architecture: arm64\n", "  architecture: arm64\n  region: eu-west-1\n  tracing:\n    lambda: true\n").replace("    timeout: 6\n", "    timeout: 6\n    provisionedConcurrency: 2\n"),
    );
    const [email] = await estimates(dir);
    expect(email!.assumptions.region).toBe("eu-west-1");
    expect(email!.assumptions.warnings).toEqual([]);
    expect(email!.lines.map((l) => l.item)).toEqual(expect.arrayContaining(["X-Ray traces recorded", "Provisioned Concurrency, 2 units x 256 MB all month", "API Gateway HTTP API"]));
  });

  it("a serverless region the table lacks is a warning naming the region used instead", async () => {
    const dir = copyWith("serverless-framework", "serverless.yml", (t) => t.replace("  architecture: arm64\n", "  architecture: arm64\n  region: eu-south-2\n"));
    const [email] = await estimates(dir);
    expect(email!.assumptions.region).toBe("us-east-1");
    expect(email!.assumptions.warnings.join(" ")).toMatch(/deploys to eu-south-2 \(serverless\.yml:\d+\), which the price table lacks \(a commercial region whose rates coldstart has no source for\): priced at us-east-1 instead/);
  });

  it("a vercel.json region the table lacks is a warning naming the region used instead", async () => {
    const dir = copyWith("vercel-api-functions", "vercel.json", (t) => t.replace('"functions"', '"regions": ["bru1"],\n  "functions"'));
    const [first] = await estimates(dir);
    expect(first!.assumptions.region).toBe("iad1");
    expect(first!.assumptions.warnings.join(" ")).toMatch(/declares Vercel region bru1, which the price table lacks: priced at iad1 instead/);
  });

  it("a vercel.json region in the table (fra1) is priced there, without a warning", async () => {
    const dir = copyWith("vercel-api-functions", "vercel.json", (t) => t.replace('"functions"', '"regions": ["fra1"],\n  "functions"'));
    const [first] = await estimates(dir);
    expect(first!.assumptions.region).toBe("fra1");
    expect(first!.assumptions.warnings).toEqual([]);
  });
});

describe("Workers bindings", () => {
  it("a bound KV, D1 or R2 with no usage given is named as not priced", async () => {
    const dir = copyWith("workers-toml", "wrangler.toml", (t) => t);
    const [worker] = await estimates(dir);
    expect(worker!.assumptions.notes.join(" ")).toMatch(/Not priced: bound but no usage given: Workers KV SIZES, R2 IMAGES\./);
  });
});

describe("a SAM function's bill", () => {
  it("a REST API event, Provisioned Concurrency from a parameter and Tracing from Globals", async () => {
    const dir = copyWith("sam-globals-and-events", "template.yaml", (t) =>
      t.replace("    Timeout: 10\n", "    Timeout: 10\n    Tracing: Active\n").replace("      MemorySize: 1024\n", "      MemorySize: 1024\n      AutoPublishAlias: live\n      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: !Ref WorkerConcurrency\n"),
    );
    const api = (await estimates(dir, { invocations: 1e6 })).find((e) => e.function.includes("#OrdersApiFunction"))!;
    const items = api.lines.map((l) => l.item);
    expect(items).toEqual(expect.arrayContaining(["API Gateway REST API", "X-Ray traces recorded", "Provisioned Concurrency, 5 units x 1024 MB all month"]));
    // 5 units x 1 GB x 730 h at arm64's $0.0000033334 per GB-s.
    expect(api.lines.find((l) => l.item.startsWith("Provisioned Concurrency"))!.usd).toBeCloseTo(5 * 730 * 3600 * 0.0000033334, 6);
    expect(api.lines.find((l) => l.item === "API Gateway REST API")!.usd).toBeCloseTo(3.5, 9);
  });
});
