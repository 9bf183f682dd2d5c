import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../e2e/_helpers.js";
import { validate } from "../report/json-schema.js";
import { cli, realisticProjects, type ExpectedFinding } from "./_projects.js";

// Whole projects written the way real teams write them, each with several of the mistakes from the
// "Common Mistakes" list, audited through main() (the CLI's exit-code boundary, in-process) in every
// format a user or CI can ask for. audit/cli.test.ts checks the same exit codes from the built CLI.

const sarifSchema = JSON.parse(readFileSync(path.join(repoRoot, "test/unit/report/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
const SARIF_LEVEL = { error: "error", warning: "warning", info: "note" } as const;
const GITHUB_COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

const work = mkdtempSync(path.join(tmpdir(), "coldstart-realistic-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sorted = (rows: string[]) => [...rows].sort();
const reachedBy = (f: { function: string; functions?: string[] }) => (f.functions ?? [f.function]).join("+");
const brief = (f: ExpectedFinding) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}:${f.column} ${reachedBy(f)}`;

const projects = realisticProjects();

describe("realistic projects", () => {
  it("cover every platform", () => {
    const platforms = new Set(projects.flatMap((p) => p.expected.map((f) => f.function.split(":")[0])));
    expect([...platforms].sort()).toEqual(["aws-lambda", "cloudflare-workers", "vercel"]);
    for (const p of projects) expect(p.expected.some((f) => f.severity === "error"), p.name).toBe(true);
  });
});

describe.each(projects)("$name", { timeout: 240_000 }, ({ dir, expected }) => {
  const uri = (file: string) => path.relative(repoRoot, path.join(dir, file)).split(path.sep).join("/");

  it("json: exactly the expected findings, every function bundled; exit 0 with --fail-on never", async () => {
    const run = await cli(["audit", dir, "--format", "json", "--fail-on", "never"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      functions: Array<{ id: string; bundle?: { bytes: number } }>;
      findings: Array<ExpectedFinding & { message: string }>;
    };
    expect(sorted(report.findings.map(brief))).toEqual(sorted(expected.map(brief)));
    const ids = report.functions.map((fn) => fn.id);
    for (const f of expected) expect(ids).toContain(f.function);
    for (const fn of report.functions) expect(fn.bundle?.bytes, fn.id).toBeGreaterThan(0);
    // Messages name the problem and what to do instead.
    for (const f of report.findings) expect(f.message, brief(f)).toMatch(/instead|add|use|set|remove|pass/i);
  });

  it("sarif: one valid result per finding, with level, location and function; exit 1 with --fail-on error", async () => {
    const run = await cli(["audit", dir, "--format", "sarif", "--fail-on", "error"]);
    expect(run.exitCode, run.stderr).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(validate(sarifSchema, log)).toEqual([]);
    const sarifRun = log.runs[0];
    const results = sarifRun.results.map(
      (r: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>;
        properties: { function: string; functions?: string[] };
      }) => {
        expect(sarifRun.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
        const loc = r.locations[0]!.physicalLocation;
        return `${r.level} ${r.ruleId} ${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn} ${reachedBy(r.properties)}`;
      },
    );
    const want = expected.map((f) => `${SARIF_LEVEL[f.severity]} ${f.ruleId} ${uri(f.file)}:${f.line}:${f.column} ${reachedBy(f)}`);
    expect(sorted(results)).toEqual(sorted(want));
  });

  it("github: one annotation line per finding; exit 1 with --fail-on warning", async () => {
    const run = await cli(["audit", dir, "--format", "github", "--fail-on", "warning"]);
    expect(run.exitCode, run.stderr).toBe(1);
    const annotations = run.stdout.split("\n").filter((l) => l.startsWith("::"));
    const got = annotations.map((l) => {
      const m = /^::(\w+) file=([^,]+),line=(\d+),col=(\d+),title=coldstart ([^:]+)::.+/.exec(l);
      expect(m, l).not.toBeNull();
      return `${m![1]} ${m![5]} ${m![2]}:${m![3]}:${m![4]}`;
    });
    const want = expected.map((f) => `${GITHUB_COMMAND[f.severity]} ${f.ruleId} ${uri(f.file)}:${f.line}:${f.column}`);
    expect(sorted(got)).toEqual(sorted(want));
  });

  it("markdown: a table row for every finding, under its severity; exit 1 with --fail-on info", async () => {
    const run = await cli(["audit", dir, "--format", "markdown", "--fail-on", "info"]);
    expect(run.exitCode, run.stderr).toBe(1);
    const heading: Record<string, string> = { Errors: "error", Warnings: "warning", Info: "info" };
    let severity = "";
    const got: string[] = [];
    for (const l of run.stdout.split("\n")) {
      const section = /^### \S+ (Errors|Warnings|Info) \(\d+\)$/.exec(l);
      if (section) severity = heading[section[1]!]!;
      const row = /^\| `([^`]+)` \| `([^`]+)` \|/.exec(l);
      if (row) got.push(`${severity} ${row[1]} ${row[2]}`);
    }
    expect(sorted(got)).toEqual(sorted(expected.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}`)));
  });

  it("pretty: each location under its rule and severity (all with --verbose); exit 1 at the default threshold (error)", async () => {
    const run = await cli(["audit", dir, "--verbose"]);
    expect(run.exitCode, run.stderr).toBe(1);
    let rule = "";
    const got: string[] = [];
    for (const l of run.stdout.split("\n")) {
      const header = /^(error|warning|info) (\S+) · \d+ findings?/.exec(l);
      if (header) rule = `${header[1]} ${header[2]}`;
      else if (/^[A-Z]/.test(l)) rule = "";
      const where = /^ {2}(\S+:\d+:\d+)(?: · .*)?$/.exec(l);
      if (where && rule) got.push(`${rule} ${where[1]}`);
    }
    expect(sorted(got)).toEqual(sorted(expected.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}:${f.column}`)));
  });

  it("config severities move findings below --fail-on error (exit 0) without losing them", async () => {
    const errorRules = [...new Set(expected.filter((f) => f.severity === "error").map((f) => f.ruleId))];
    const config = path.join(work, `${path.basename(dir)}.config.json`);
    writeFileSync(config, JSON.stringify({ rules: Object.fromEntries(errorRules.map((id) => [id, "warning"])) }));
    const run = await cli(["audit", dir, "--format", "json", "--fail-on", "error", "--config", config]);
    expect(run.exitCode, run.stderr).toBe(0);
    const findings = JSON.parse(run.stdout).findings as ExpectedFinding[];
    const demoted = expected.map((f) => ({ ...f, severity: f.severity === "error" ? ("warning" as const) : f.severity }));
    expect(sorted(findings.map(brief))).toEqual(sorted(demoted.map(brief)));
  });
});
