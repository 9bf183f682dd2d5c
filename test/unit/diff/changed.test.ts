import { chmodSync, existsSync, readFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMain } from "../_main.js";
import { git } from "./_repo.js";

interface AuditJson {
  functions: Array<{ id: string }>;
  findings: Array<{ ruleId: string; file: string; line: number }>;
  summary: { functions: number; skipped?: number };
}

const ids = (report: AuditJson) => report.functions.map((f) => f.id).sort();

/** coldstart in-process through main() (see ../_main.ts), run from `cwd`. */
const cli = (cwd: string, args: string[]) => runMain(args, { cwd, env: { NO_COLOR: "1" } });

const fn = (name: string) => `  ${name}Function:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: src/${name.toLowerCase()}.handler\n      MemorySize: 256\n`;
const SAM = `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs22.x\n    Timeout: 10\nResources:\n${["Orders", "Reports", "Health"].map(fn).join("")}`;
const SHARED_BASE = 'export async function load(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}\n';
const SHARED_HEAD = SHARED_BASE.replace("  return res.json();", '  await fetch(`${url}/seen`);\n  return res.json();');

describe("audit --changed", { timeout: 120_000 }, () => {
  let root: string;
  beforeAll(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), "coldstart-changed-")));
    git(root, "init", "-q", "-b", "main");
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "shop", private: true, type: "module" }),
      "template.yaml": SAM,
      "src/lib/shared.ts": SHARED_BASE,
      "src/orders.ts": 'import { load } from "./lib/shared";\nexport const handler = async () => ({ statusCode: 200, body: JSON.stringify(await load("https://a.example")) });\n',
      "src/reports.ts": 'import { load } from "./lib/shared";\nexport const handler = async () => ({ statusCode: 200, body: JSON.stringify(await load("https://b.example")) });\n',
      "src/health.ts": 'export const handler = async () => ({ statusCode: 200, body: "ok" });\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    git(root, "add", "-A");
    git(root, "commit", "-qm", "base");
    writeFileSync(path.join(root, "src/lib/shared.ts"), SHARED_HEAD);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("audits exactly the functions that bundle a changed shared module, and says how many it skipped", async () => {
    const run = await cli(root, ["audit", "--changed", "HEAD", "--format", "json", "--fail-on", "never"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(ids(report)).toEqual(["aws-lambda:src/orders.ts#OrdersFunction", "aws-lambda:src/reports.ts#ReportsFunction"]);
    expect(report.summary).toMatchObject({ functions: 2, skipped: 1 });
    expect(run.stderr).toContain("1 files changed; audited 2 of 3 functions, 1 skipped as unchanged");
    // The function's verdict: the old fetch on line 2 is reported with the new one on line 3.
    expect(report.findings.filter((f) => f.ruleId === "timeout/fetch-no-signal").map((f) => f.line).sort()).toEqual([2, 3]);
    const pretty = await cli(root, ["audit", "--changed", "HEAD", "--fail-on", "never"]);
    expect(pretty.stdout).toContain("1 unchanged function skipped");
  });

  it("keeps only findings on changed lines with --changed-lines", async () => {
    const run = await cli(root, ["audit", "--changed", "HEAD", "--changed-lines", "--format", "json", "--fail-on", "never"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as AuditJson;
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["timeout/fetch-no-signal src/lib/shared.ts:3"]);
    expect((await cli(root, ["audit", "--changed-lines"])).exitCode).toBe(2);
  });

  it("audits everything when a project-wide file changed, and nothing of the rest when nothing did", async () => {
    // Back to the commit's content: nothing changed.
    writeFileSync(path.join(root, "src/lib/shared.ts"), SHARED_BASE);
    try {
      const none = JSON.parse((await cli(root, ["audit", "--changed", "HEAD", "--format", "json"])).stdout) as AuditJson;
      expect(none.summary).toMatchObject({ functions: 0, skipped: 3 });
      writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "shop", private: true, type: "module", dependencies: {} }));
      const all = JSON.parse((await cli(root, ["audit", "--changed", "HEAD", "--format", "json", "--fail-on", "never"])).stdout) as AuditJson;
      expect(all.summary).toMatchObject({ functions: 3, skipped: 0 });
    } finally {
      git(root, "checkout", "-q", "--", "package.json");
      writeFileSync(path.join(root, "src/lib/shared.ts"), SHARED_HEAD);
    }
  });
});

describe("git runs nothing the repository configures", { timeout: 120_000 }, () => {
  it("ignores hooks, fsmonitor, external diff and textconv set in the repository's config", async () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), "coldstart-git-hostile-")));
    const marker = path.join(root, "..", `${path.basename(root)}-ran`);
    try {
      git(root, "init", "-q", "-b", "main");
      const script = path.join(root, "evil.sh");
      writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> "${marker}"\n`);
      chmodSync(script, 0o755);
      mkdirSync(path.join(root, "hooks"));
      for (const hook of ["post-checkout", "post-index-change", "reference-transaction", "pre-auto-gc"]) {
        writeFileSync(path.join(root, "hooks", hook), `#!/bin/sh\necho "${hook}" >> "${marker}"\n`);
        chmodSync(path.join(root, "hooks", hook), 0o755);
      }
      writeFileSync(path.join(root, ".gitattributes"), "* diff=evil filter=evil\n");
      writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "w", private: true }));
      writeFileSync(path.join(root, "wrangler.toml"), 'name = "w"\nmain = "index.js"\ncompatibility_date = "2025-09-15"\n');
      writeFileSync(path.join(root, "index.js"), "export default { fetch: () => new Response('ok') };\n");
      git(root, "add", "-A");
      git(root, "commit", "-qm", "base");
      for (const [key, value] of [
        ["core.hooksPath", path.join(root, "hooks")],
        ["core.fsmonitor", script],
        ["diff.external", script],
        ["diff.evil.textconv", script],
        ["filter.evil.smudge", script],
        ["filter.evil.clean", script],
      ] as const) {
        git(root, "config", key, value);
      }
      writeFileSync(path.join(root, "index.js"), "export default { fetch: () => new Response('changed') };\n");
      expect(existsSync(marker)).toBe(false);
      const diff = await cli(root, ["diff", "--base", "HEAD", "--format", "json"]);
      expect(diff.exitCode, diff.stderr).toBe(0);
      const audit = await cli(root, ["audit", "--changed", "HEAD", "--changed-lines", "--format", "json", "--fail-on", "never"]);
      expect(audit.exitCode, audit.stderr).toBe(0);
      expect(existsSync(marker) ? readFileSync(marker, "utf8") : "", "a command from the repository's git config ran").toBe("");
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(marker, { force: true });
    }
  });
});
