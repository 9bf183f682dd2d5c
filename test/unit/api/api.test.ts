import path from "node:path";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { audit, cost, diff, discover, reporters, type AuditReport, type CostReport, type DiffResult } from "../../../src/api/index.js";
import type { auditReport } from "../../../src/report/json.js";
import type { costJson } from "../../../src/cost/report-markdown.js";
import { coldstart, repoRoot } from "../../e2e/_helpers.js";
import { twoCommitRepo } from "../diff/_repo.js";

const storefront = path.join(repoRoot, "fixtures/examples/storefront");

async function cliJson(args: string[], cwd = repoRoot): Promise<Record<string, unknown>> {
  const run = await coldstart([...args, "--format", "json"], { cwd, env: { ...process.env, NO_COLOR: "1" } });
  expect(run.stderr).toBe("");
  return JSON.parse(String(run.stdout)) as Record<string, unknown>;
}

/** Timings differ from run to run; everything else must not. */
function untimed(doc: Record<string, unknown>): Record<string, unknown> {
  return { ...doc, summary: { ...(doc.summary as object), durationMs: 0 } };
}

describe("the Node API returns what the JSON formats print", { timeout: 120_000 }, () => {
  it("audit: the same object as `audit --format json`, with the reporters by name", async () => {
    expectTypeOf<AuditReport>().toEqualTypeOf<ReturnType<typeof auditReport>>();
    const report = await audit(storefront);
    const printed = await cliJson(["audit", storefront, "--fail-on", "never"]);
    expect(untimed(JSON.parse(JSON.stringify(report)) as Record<string, unknown>)).toEqual(untimed(printed));
    expect(report.summary.errors).toBeGreaterThan(0);
    const md = await coldstart(["audit", storefront, "--format", "markdown", "--fail-on", "never"], { stripFinalNewline: false });
    expect(await reporters.audit.markdown(report)).toBe(String(md.stdout));
    const sarif = JSON.parse(await reporters.audit.sarif(report)) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.length).toBe(report.findings.length);
    await expect(reporters.audit.pretty(JSON.parse(JSON.stringify(report)) as AuditReport)).rejects.toThrow(/pass the object audit\(\) returned/);
  });

  it("cost and discover: the same figures as `cost --format json`, the functions audit sees", async () => {
    expectTypeOf<CostReport>().toEqualTypeOf<ReturnType<typeof costJson>>();
    const priced = await cost(storefront, { invocations: 5_000_000 });
    expect(JSON.parse(JSON.stringify(priced))).toEqual(await cliJson(["cost", storefront, "--invocations", "5M"]));
    expect(JSON.parse(await reporters.cost.json(priced))).toEqual(JSON.parse(JSON.stringify(priced)));
    const found = await discover(storefront);
    const audited = await audit(storefront);
    expect(found.functions.map((f) => f.id).sort()).toEqual(audited.functions.map((f) => f.id).sort());
    await expect(cost(storefront, { plan: "enterprise" })).rejects.toMatchObject({ exitCode: 2 });
  });

  describe("diff", () => {
    let repo: ReturnType<typeof twoCommitRepo>;
    beforeAll(() => (repo = twoCommitRepo()));
    afterAll(() => repo.cleanup());
    it("returns the object `diff --format json` prints; its reporters render it", async () => {
      const result: DiffResult = await diff(repo.root, { base: "HEAD~1", maxSizeIncrease: "20kB" });
      expect(JSON.parse(JSON.stringify(result))).toEqual(await cliJson(["diff", "--base", "HEAD~1", "--max-size-increase", "20kB"], repo.root));
      expect(result.budgets.exceeded).toHaveLength(1);
      const md = await coldstart(["diff", "--base", "HEAD~1", "--max-size-increase", "20kB", "--format", "markdown"], { cwd: repo.root, stripFinalNewline: false });
      expect(await reporters.diff.markdown(result)).toBe(String(md.stdout));
      await expect(diff(repo.root, { base: "HEAD~1", failOnIncrease: "lots" })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("failOnIncrease") });
    });
  });
});
