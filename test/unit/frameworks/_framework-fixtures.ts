import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { run as cost } from "../../../src/commands/cost.js";
import { runAudit } from "../../../src/audit/engine.js";
import { discoverProject } from "../../../src/project/discover.js";
import type { FunctionInfo, Platform, Project } from "../../../src/project/types.js";
import { captureIo } from "../cost/_io.js";
import type { ExpectedFinding } from "../projects/_projects.js";

export const frameworksDir = path.resolve(import.meta.dirname, "../../../fixtures/frameworks");

/** Every function of a fixture as `id runtime role [handlers]`, for one readable comparison. */
export function shapes(project: Project): string[] {
  return project.functions.map((f) => `${f.id} ${f.runtime} ${f.framework?.role} [${(f.handlers ?? []).join(",")}]`);
}

export function byId(project: Project, id: string): FunctionInfo {
  const fn = project.functions.find((f) => f.id === id);
  if (!fn) throw new Error(`no function ${id}; found: ${project.functions.map((f) => f.id).join(", ")}`);
  return fn;
}

const brief = (f: ExpectedFinding) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}:${f.column} ${(f.functions ?? [f.function]).join("+")}`;

/** Audits fixtures/frameworks/<name> and checks its findings are exactly those in its expected.json. */
export async function auditMatchesExpected(name: string): Promise<Project> {
  const root = path.join(frameworksDir, name);
  const project = await discoverProject(root);
  const result = await runAudit({ root, project, today: "2025-12-01" });
  const expected = JSON.parse(readFileSync(path.join(root, "expected.json"), "utf8")) as ExpectedFinding[];
  const got = result.findings.map((f) => brief({ ...f, function: f.function ?? "", functions: f.functions } as ExpectedFinding));
  expect(got.sort()).toEqual(expected.map(brief).sort());
  for (const fn of result.functions) expect(fn.bundle?.bytes, fn.id).toBeGreaterThan(0);
  return project;
}

/** `coldstart cost --format json` on the fixture: one priced row per function, on its own platform. */
export async function expectPricedRows(name: string, platform: Platform): Promise<void> {
  const root = path.join(frameworksDir, name);
  const t = captureIo(root);
  expect(await cost({ dir: ".", format: "json" }, t.io)).toBe(0);
  const report = JSON.parse(t.out()) as { estimates: Array<{ function: string; platform: string; monthlyUsd: number }> };
  const project = await discoverProject(root);
  // Routes deployed as one unit are priced once, as the unit.
  expect(report.estimates.map((e) => e.function).sort()).toEqual([...new Set(project.functions.map((f) => f.deployUnit ?? f.id))].sort());
  for (const e of report.estimates) {
    expect(e.platform, e.function).toBe(platform);
    expect(Number.isFinite(e.monthlyUsd) && e.monthlyUsd >= 0, e.function).toBe(true);
  }
}

/** A throwaway project from a map of relative path -> content. */
export function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-framework-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}
