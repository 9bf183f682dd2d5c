import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coldstart } from "../../e2e/_helpers.js";
import { runMain } from "../_main.js";
import type { DiffResult } from "../../../src/diff/types.js";
import { INVOICES, ORDERS, REFUNDS, REPORTS, twoCommitRepo } from "./_repo.js";

// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

/** The built CLI, for what the process shows: its exit code and stderr. */
async function cli(cwd: string, args: string[]) {
  const run = await coldstart(["diff", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
  return { exitCode: run.exitCode, stdout: strip(String(run.stdout)), stderr: String(run.stderr) };
}

/** The same through main() in-process (see ../_main.ts), for what the reports hold. */
async function inProcess(cwd: string, args: string[]) {
  const run = await runMain(["diff", ...args], { cwd, env: { NO_COLOR: "1" } });
  return { ...run, stdout: strip(run.stdout) };
}

describe("coldstart diff on a repository with two commits", { timeout: 120_000 }, () => {
  let repo: ReturnType<typeof twoCommitRepo>;
  let json: DiffResult;
  beforeAll(async () => {
    repo = twoCommitRepo();
    // What a run stopped by a signal leaves: removed by the next run. A folder of the user's is not.
    mkdirSync(path.join(repo.root, ".coldstart-diff-stale/.git"), { recursive: true });
    mkdirSync(path.join(repo.root, ".coldstart-diff-stale/base/src"), { recursive: true });
    mkdirSync(path.join(repo.root, ".coldstart-diff-notes"), { recursive: true });
    writeFileSync(path.join(repo.root, ".coldstart-diff-notes/todo.md"), "mine\n");
    appendFileSync(path.join(repo.root, ".git/info/exclude"), ".coldstart-diff-notes/\n");
    const run = await inProcess(repo.root, ["--base", "HEAD~1", "--format", "json"]);
    expect(run.exitCode, run.stderr).toBe(0);
    json = JSON.parse(run.stdout) as DiffResult;
  });
  afterAll(() => repo.cleanup());

  const fn = (id: string) => json.functions.find((f) => f.id === id)!;

  it("reports each function's status, size, cold start, cost and findings in the JSON shape", () => {
    expect(json.base).toEqual({ ref: "HEAD~1", commit: repo.base });
    expect(json.head).toMatchObject({ commit: repo.head, dirty: false });
    expect(Object.fromEntries(json.functions.map((f) => [f.id, f.status]))).toEqual({ [REPORTS]: "changed", [ORDERS]: "changed", [INVOICES]: "added", [REFUNDS]: "removed" });
    // Largest change first, in dollars a month: an added or removed function moves its whole bill
    // (compute, HTTP API, logs); Orders' doubled memory moves more than Reports' heavier bundle.
    const moved = json.functions.map((f) => Math.abs((f.monthlyUsd.head ?? 0) - (f.monthlyUsd.base ?? 0)));
    expect(moved).toEqual([...moved].sort((a, b) => b - a));
    expect(json.functions.map((f) => f.id).indexOf(ORDERS)).toBeLessThan(json.functions.map((f) => f.id).indexOf(REPORTS));
    // The heavy dependency: about 170 kB more code and a longer modelled cold start.
    expect(fn(REPORTS).sizeBytes.base).toBeLessThan(200);
    expect(fn(REPORTS).sizeBytes.head).toBeGreaterThan(150_000);
    expect(fn(REPORTS).gzipBytes.head).toBeGreaterThan(fn(REPORTS).gzipBytes.base!);
    expect(fn(REPORTS).coldStartMs.head).toBeGreaterThan(fn(REPORTS).coldStartMs.base!);
    // Memory 512 -> 1024 MB: the same usage costs more; the fetch timeout fixes a finding.
    // Compute doubles; the HTTP API and log lines do not change with memory.
    expect(fn(ORDERS).monthlyUsd.head).toBeGreaterThan(fn(ORDERS).monthlyUsd.base! * 1.2);
    expect(fn(ORDERS).findings.fixed.map((f) => f.ruleId)).toEqual(["timeout/fetch-no-signal"]);
    expect(fn(ORDERS).findings.added).toEqual([]);
    expect(fn(INVOICES)).toMatchObject({ sizeBytes: { base: null }, monthlyUsd: { base: null } });
    expect(fn(INVOICES).findings.added.map((f) => [f.ruleId, f.file])).toEqual([["timeout/fetch-no-signal", "src/invoices.ts"]]);
    expect(fn(REFUNDS)).toMatchObject({ sizeBytes: { head: null }, monthlyUsd: { head: null } });
    const sum = (side: "base" | "head") => json.functions.reduce((s, f) => s + (f.monthlyUsd[side] ?? 0), 0);
    expect(json.totals.monthlyUsd.base).toBeCloseTo(sum("base"), 6);
    expect(json.totals.monthlyUsd.head).toBeCloseTo(sum("head"), 6);
    expect(json.sources.prices["aws-lambda"]?.asOf).toMatch(/^\d{4}-\d{2}/);
    expect(json.budgets).toEqual({ checked: 0, exceeded: [] });
    // The base tree was written inside the project and is gone.
    expect(readdirSync(repo.root).filter((n) => n.startsWith(".coldstart-diff"))).toEqual([".coldstart-diff-notes"]);
  });

  it("prints a PR comment in Markdown: marker, largest changes first, the full list collapsed", async () => {
    const run = await inProcess(repo.root, ["--base", "HEAD~1", "--format", "markdown"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const md = run.stdout;
    expect(md.startsWith("<!-- coldstart-diff -->\n## coldstart diff")).toBe(true);
    expect(md.length).toBeLessThan(65_536);
    const table = md.slice(0, md.indexOf("<details>"));
    expect(table.indexOf(ORDERS)).toBeGreaterThan(0);
    expect(table.indexOf(ORDERS)).toBeLessThan(table.indexOf(REPORTS));
    expect(table).toMatch(/\| `aws-lambda:src\/orders.ts#OrdersFunction` \| changed \| .* \| \$[\d.]+\/mo → \$[\d.]+\/mo \(\+\$[\d.]+\/mo, \+\d+%\) \| −1 fixed \|/);
    expect(md).toContain("<details><summary>");
    expect(md.slice(md.indexOf("<details>"))).toContain("✅ fixed warning `timeout/fetch-no-signal` `src/orders.ts:2`");
    expect(md).toMatch(/AWS Lambda prices: .*, as of \d{4}-\d{2}/);
    // One run writes what the action needs: JSON to decide, Markdown to post.
    const both = await inProcess(repo.root, ["--base", "HEAD~1", "--format", "json", "--output", "d.json", "--report", "markdown=d.md"]);
    expect(both.exitCode, both.stderr).toBe(0);
    expect(readFileSync(path.join(repo.root, "d.md"), "utf8")).toBe(`${md.trimEnd()}\n`);
    expect(JSON.parse(readFileSync(path.join(repo.root, "d.json"), "utf8"))).toMatchObject({ base: json.base, totals: json.totals });
    rmSync(path.join(repo.root, "d.md"));
    rmSync(path.join(repo.root, "d.json"));
  });

  it("prints the same changes for a person, and exits 1 when a budget is exceeded", async () => {
    const run = await cli(repo.root, ["--base", "HEAD~1", "--max-size-increase", "20kB"]);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stdout).toContain(`changed  ${REPORTS} (AWS Lambda)`);
    expect(run.stdout).toMatch(/size {8}66 B → 16\d\.\d kB \(\+16\d\.\d kB, \+[\d,]+%\) minified/);
    expect(run.stdout).toContain(`− fixed timeout/fetch-no-signal  src/orders.ts:2`);
    expect(run.stdout).toContain(`added  ${INVOICES}`);
    expect(run.stdout).toContain("Budgets        1 of 4 exceeded:");
    expect(run.stdout).toMatch(new RegExp(`✗ ${REPORTS.replace(/[.#]/g, "\\$&")}: minified size 66 B → 16\\d\\.\\d kB, more than the 20kB allowed by --max-size-increase`));
  });

  it("holds the monthly total to --fail-on-increase, and functions to their budgets in config", async () => {
    expect((await inProcess(repo.root, ["--base", "HEAD~1", "--fail-on-increase", "10%", "--format", "json"])).exitCode).toBe(1);
    expect((await inProcess(repo.root, ["--base", "HEAD~1", "--fail-on-increase", "$100000", "--format", "json"])).exitCode).toBe(0);
    writeFileSync(
      path.join(repo.root, "coldstart.config.json"),
      JSON.stringify({ cost: { defaults: { invocations: 50_000_000 } }, diff: { maxSizeIncrease: "1MB", functions: { [ORDERS]: { failOnIncrease: "$1" } } } }),
    );
    const run = await inProcess(repo.root, ["--base", "HEAD~1", "--format", "json"]);
    expect(run.exitCode, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as DiffResult;
    expect(result.head.dirty).toBe(true);
    expect(result.budgets.exceeded).toEqual([expect.objectContaining({ scope: ORDERS, kind: "cost", limit: "$1", from: `config diff.functions["${ORDERS}"].failOnIncrease` })]);
    const bad = await cli(repo.root, ["--base", "no-such-branch"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('git does not know the ref "no-such-branch"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
