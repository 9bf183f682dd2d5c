import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTemplates } from "../../src/scaffold/registry.js";
import { templatesRoot } from "../../src/scaffold/templates.js";
import { coldstart } from "../e2e/_helpers.js";

// Every project `coldstart create` makes must pass `coldstart audit` with every rule on and the
// strictest threshold: a template that teaches a mistake the audit flags is a bug in the template
// (or in the rule). Runs the built CLI, as a user would right after scaffolding.

interface AuditedFunction {
  id: string;
  platform: string;
  entry: string;
  bundle?: { bytes: number; gzipBytes: number } | null;
}

interface AuditReport {
  functions: AuditedFunction[];
  findings: Array<{ ruleId: string; file: string; line: number; message: string }>;
  summary: { findings: number; functions: number };
}

const work = mkdtempSync(path.join(tmpdir(), "coldstart-templates-audit-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[]) {
  const run = await coldstart(args);
  const stderr = String(run.stderr);
  if (stderr.includes("ERR_MODULE_NOT_FOUND")) throw new Error(`dist/ is missing or being rebuilt: ${stderr}`);
  return { exitCode: run.exitCode, stdout: String(run.stdout), stderr };
}

async function scaffoldAndAudit(template: string): Promise<{ dir: string; report: AuditReport }> {
  const dir = path.join(work, `${template}-app`);
  const created = await cli(["create", dir, "--template", template, "--yes", "--no-install", "--no-git"]);
  expect(created.exitCode, created.stderr).toBe(0);
  const audit = await cli(["audit", dir, "--format", "json", "--fail-on", "info"]);
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
function routeHandlers(dir: string): string[] {
  return readdirSync(path.join(dir, "app"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^route\.(ts|js)$/.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

describe("every template from create audits clean", { timeout: 240_000 }, () => {
  it("vercel: every route handler and the proxy are found, bundled and clean", async () => {
    const { dir, report } = await scaffoldAndAudit("vercel");
    const handlers = routeHandlers(dir);
    expect(handlers).toEqual(expect.arrayContaining(["app/api/todos/route.ts", "app/api/todos/[id]/route.ts", "app/api/health/route.ts"]));
    const expected = [...handlers, "proxy.ts"].map((entry) => `vercel:${entry}`).sort();
    expect(report.functions.map((fn) => fn.id).sort()).toEqual(expected);
    expect(report.functions.every((fn) => fn.platform === "vercel")).toBe(true);
  });

  it("workers: the Worker named in wrangler.jsonc is found, bundled and clean", async () => {
    const { report } = await scaffoldAndAudit("workers");
    expect(report.functions.map((fn) => [fn.id, fn.platform, fn.entry])).toEqual([
      ["cloudflare-workers:src/index.ts", "cloudflare-workers", "src/index.ts"],
    ]);
  });

  it("lambda: the HTTP API function and the SQS worker are found, bundled and clean", async () => {
    const { report } = await scaffoldAndAudit("lambda");
    expect(report.functions.map((fn) => fn.id).sort()).toEqual([
      "aws-lambda:src/handlers/api.ts#ApiFunction",
      "aws-lambda:src/handlers/orders-worker.ts#OrdersWorkerFunction",
    ]);
  });

  // Every other template: found, bundled and clean, whatever it is (a new folder is audited without a new test).
  const others = loadTemplates(templatesRoot()).filter((t) => t.name !== t.platform);
  it.each(others.map((t) => [t.name, t.platform] as const))("%s: every function found on %s, bundled and clean", async (name, platform) => {
    const { report } = await scaffoldAndAudit(name);
    expect(report.functions.length).toBeGreaterThan(0);
    expect(new Set(report.functions.map((fn) => fn.platform))).toEqual(new Set([{ workers: "cloudflare-workers", lambda: "aws-lambda", vercel: "vercel" }[platform]]));
  });
});
