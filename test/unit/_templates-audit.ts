import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplates } from "../../src/scaffold/registry.js";
import { templatesRoot } from "../../src/scaffold/templates.js";
import { runMain } from "./_main.js";
import { tempDir } from "./_temp-dirs.js";

// Every project `coldstart create` makes must pass `coldstart audit` with every rule on and the
// strictest threshold: a template that teaches a mistake the audit flags is a bug in the template
// (or in the rule). Runs coldstart's main() in-process, as a user would run the CLI right after
// scaffolding (the e2e tests run the built CLI on the platforms' templates). The templates are
// split over templates-audit.test.ts (the three platforms' own) and templates-audit-others-N.test.ts,
// so parallel workers share them.

interface AuditedFunction {
  id: string;
  platform: string;
  entry: string;
  bundle?: { bytes: number; gzipBytes: number } | null;
}

export interface AuditReport {
  functions: AuditedFunction[];
  findings: Array<{ ruleId: string; file: string; line: number; message: string }>;
  summary: { findings: number; functions: number };
}

export async function scaffoldAndAudit(template: string): Promise<{ dir: string; report: AuditReport }> {
  const dir = path.join(tempDir("templates-audit"), `${template}-app`);
  const created = await runMain(["create", dir, "--template", template, "--yes", "--no-install", "--no-git"]);
  expect(created.exitCode, created.stderr).toBe(0);
  const audit = await runMain(["audit", dir, "--format", "json", "--fail-on", "info"]);
  const report = JSON.parse(audit.stdout) as AuditReport;
  const brief = report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`);
  expect(brief, `the ${template} template should audit clean`).toEqual([]);
  expect(report.summary.findings).toBe(0);
  expect(audit.exitCode, audit.stderr).toBe(0);
  for (const fn of report.functions) {
    expect(fn.bundle?.bytes, `${fn.id} should have been bundled`).toBeGreaterThan(0);
    expect(fn.bundle?.gzipBytes, `${fn.id} should have a gzip size`).toBeGreaterThan(0);
  }
  return { dir, report };
}

/** Route handlers a Next.js App Router project defines, found on disk independently of discovery. */
export function routeHandlers(dir: string): string[] {
  return readdirSync(path.join(dir, "app"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^route\.(ts|js)$/.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** How many files the templates other than the platforms' own are split over. */
export const OTHER_SHARDS = 2;

/** Every template other than the platforms' own (a new folder is audited without a new test). */
export function otherTemplates(): Array<readonly [string, string]> {
  return loadTemplates(templatesRoot())
    .filter((t) => t.name !== t.platform)
    .map((t) => [t.name, t.platform] as const);
}

/** Shard `shard` (1 to OTHER_SHARDS) of otherTemplates(). */
export function otherTemplatesShard(shard: number): Array<readonly [string, string]> {
  return otherTemplates().filter((_, i) => i % OTHER_SHARDS === shard - 1);
}

/** Every other template in shard `shard`: found, bundled and clean, whatever it is. */
export function describeOtherTemplates(shard: number): void {
  describe(`every other template from create audits clean (${shard} of ${OTHER_SHARDS})`, { timeout: 240_000 }, () => {
    it.each(otherTemplatesShard(shard))("%s: every function found on %s, bundled and clean", async (name, platform) => {
      const { report } = await scaffoldAndAudit(name);
      expect(report.functions.length).toBeGreaterThan(0);
      expect(new Set(report.functions.map((fn) => fn.platform))).toEqual(new Set([{ workers: "cloudflare-workers", lambda: "aws-lambda", vercel: "vercel" }[platform]]));
    });
  });
}
