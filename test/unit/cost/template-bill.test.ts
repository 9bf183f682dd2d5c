import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { coldstart } from "../../e2e/_helpers.js";

const work = mkdtempSync(path.join(tmpdir(), "coldstart-template-bill-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Line {
  item: string;
  usd: number;
  source?: { kind: string; detail: string };
}

describe("the scaffolded Lambda project's bill", () => {
  it("includes its HTTP API, CloudWatch Logs and X-Ray lines, each saying where it came from", async () => {
    const dir = path.join(work, "lambda-app");
    const created = await coldstart(["create", dir, "--target", "lambda", "--yes", "--no-install", "--no-git"]);
    expect(created.exitCode, String(created.stderr)).toBe(0);
    const run = await coldstart(["cost", dir, "--format", "json", "--invocations", "10M"]);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    const report = JSON.parse(String(run.stdout)) as { estimates: Array<{ function: string; lines: Line[] }> };
    const api = report.estimates.find((e) => e.function.includes("#ApiFunction"))!;
    const consumer = report.estimates.find((e) => !e.function.includes("#ApiFunction"))!;
    const line = (lines: Line[], name: string) => lines.find((l) => l.item.startsWith(name));

    expect(line(api.lines, "API Gateway HTTP API")).toMatchObject({ usd: 10, source: { kind: "project", detail: expect.stringMatching(/^HTTP API event at template\.yaml:\d+$/) } });
    expect(line(api.lines, "X-Ray traces recorded")?.source).toMatchObject({ kind: "project", detail: expect.stringMatching(/^tracing set at template\.yaml:\d+$/) });
    expect(line(api.lines, "CloudWatch Logs ingestion")?.source?.kind).toBe("default");
    // The SQS consumer has tracing and logs, but no front door.
    expect(line(consumer.lines, "API Gateway")).toBeUndefined();
    expect(line(consumer.lines, "X-Ray traces recorded")).toBeDefined();
  }, 60_000);
});
