import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { coldstart, repoRoot } from "../../e2e/_helpers.js";
import { defaultCacheDir } from "../../../src/audit/cache/store.js";

async function cli(args: string[], env?: NodeJS.ProcessEnv) {
  const run = await coldstart(args, env ? { env } : {});
  if (String(run.stderr).includes("ERR_MODULE_NOT_FOUND")) throw new Error(`dist/ is missing or being rebuilt: ${run.stderr}`);
  return { exitCode: run.exitCode, stdout: String(run.stdout), stderr: String(run.stderr) };
}

// Runs the built CLI (bin/coldstart.js -> dist/), as CI does after `npm install` builds it.
const fixture = (name: string) => path.join(repoRoot, "fixtures/bad-input", name);

function copy(dir: string): string {
  const to = mkdtempSync(path.join(tmpdir(), "coldstart-cli-"));
  cpSync(dir, to, { recursive: true });
  return to;
}

/** The project's files with their mtimes: audit writes nothing there, not even its cache. */
function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, abs)] = entry.isFile() ? statSync(abs).mtimeMs : 0;
  }
  return out;
}

function infoOnlyWorker(): string {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-cli-"));
  writeFileSync(path.join(root, "wrangler.toml"), 'name = "w"\nmain = "index.js"\ncompatibility_date = "2025-09-15"\n');
  writeFileSync(path.join(root, "index.js"), "// coldstart-ignore-next-line edge/node-builtin -- left over\nexport default { fetch: () => new Response('ok') };\n");
  return root;
}

async function expectExit(args: string[], code: number): Promise<void> {
  const run = await cli(args);
  expect(run.exitCode, run.stderr).toBe(code);
}

describe("coldstart audit exit codes", { timeout: 180_000 }, () => {
  it("exits 1 on an error finding, 0 with --fail-on never, and never writes into the project", async () => {
    const root = copy(fixture("syntax-error"));
    const before = snapshot(root);
    const failed = await cli(["audit", root, "--format", "json"]);
    expect(failed.exitCode).toBe(1);
    expect(JSON.parse(failed.stdout).findings).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: "parse-error", file: "src/greet.ts" })]));
    await expectExit(["audit", root, "--fail-on", "never"], 0);
    expect(snapshot(root)).toEqual(before);
    expect(readdirSync(defaultCacheDir(realpathSync(root))!)).toContain("run");
  });

  it("--fail-on sets the threshold", async () => {
    const root = infoOnlyWorker();
    const report = JSON.parse((await cli(["audit", root, "--format", "json", "--fail-on", "never"])).stdout);
    const severities: string[] = report.findings.map((f: { severity: string }) => f.severity);
    expect(report.findings).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: "unused-suppression", severity: "info", line: 1 })]));
    await expectExit(["audit", root, "--fail-on", "info"], 1);
    const expectWarning = severities.some((s) => s === "warning" || s === "error") ? 1 : 0;
    await expectExit(["audit", root, "--fail-on", "warning"], expectWarning);
  });

  it("exits 2 with one line saying what was looked for when there are no functions", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "coldstart-cli-"));
    const run = await cli(["audit", empty]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^coldstart: no serverless functions found in .*\nLooked for:\n  - Next\.js/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    await expectExit(["audit", path.join(empty, "missing")], 2);
  });

  it("exits 2 on an invalid config and on a broken platform config", async () => {
    const root = infoOnlyWorker();
    writeFileSync(path.join(root, "bad.json"), '{ "rules": { "unused-suppression": "loud" } }');
    const run = await cli(["audit", root, "--config", path.join(root, "bad.json")]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split("\n")[0]).toMatch(/^coldstart: .*bad\.json: rules\.unused-suppression: /);
    const broken = await cli(["audit", fixture("broken-wrangler")]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr.split("\n")[0]).toMatch(/^coldstart: wrangler\.toml:2: /);
  });

  it("writes --output, and under GitHub Actions appends Markdown to the step summary", async () => {
    const root = copy(fixture("syntax-error"));
    const out = path.join(mkdtempSync(path.join(tmpdir(), "coldstart-out-")), "report.sarif");
    const sarif = await cli(["audit", root, "--format", "sarif", "--output", out]);
    expect(sarif.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe("2.1.0");

    const summary = path.join(path.dirname(out), "summary.md");
    writeFileSync(summary, "# earlier step\n");
    const gha = await cli(["audit", root], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
    expect(gha.exitCode).toBe(1);
    expect(gha.stdout).toContain("parse-error");
    expect(readFileSync(summary, "utf8")).toMatch(/^# earlier step\n## coldstart audit\n/);

    const gh = await cli(["audit", root, "--format", "github"], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary });
    expect(gh.stderr).toBe("");
    expect(gh.stdout).toMatch(/^::error file=src\/greet\.ts,line=\d+,col=\d+,title=coldstart parse-error::/m);
    expect(readFileSync(summary, "utf8").match(/## coldstart audit/g)).toHaveLength(1);
  });

  it("--write-baseline accepts current findings; --baseline then reports only new ones", async () => {
    const root = copy(fixture("syntax-error"));
    const baseline = path.join(mkdtempSync(path.join(tmpdir(), "coldstart-bl-")), "baseline.json");
    await expectExit(["audit", root, "--write-baseline", baseline], 0);
    expect(JSON.parse(readFileSync(baseline, "utf8")).findings.length).toBeGreaterThan(0);
    const again = await cli(["audit", root, "--baseline", baseline, "--format", "json"]);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout).findings).toEqual([]);
    const bad = await cli(["audit", root, "--baseline", path.join(root, "wrangler.toml")]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^coldstart: .*wrangler\.toml is not valid JSON/);
  });
});
