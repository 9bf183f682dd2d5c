import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { run as cost } from "../../../src/commands/cost.js";
import { runAudit } from "../../../src/audit/engine.js";
import { discoverProject } from "../../../src/project/discover.js";
import type { Platform, Project } from "../../../src/project/types.js";
import { captureIo } from "../cost/_io.js";

export const frameworkFixture = (name: string) => path.resolve(import.meta.dirname, "../../../fixtures/frameworks", name);

/** A fixed day, so that rules judging dates give the same findings on every run. */
const TODAY = "2026-12-01";

export interface ExpectedFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  function: string | null;
}

/** The fixture's audit: findings as expected.json states them, and the discovered functions by id. */
export async function auditFramework(name: string, platforms?: Record<string, Platform>) {
  const root = frameworkFixture(name);
  const project: Project = await discoverProject(root, platforms ? { platforms } : {});
  const result = await runAudit({ root, today: TODAY, project, config: {} });
  const findings: ExpectedFinding[] = result.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, column: f.column, function: f.function ?? null }));
  const byId = new Map(project.functions.map((fn) => [fn.id, fn]));
  return { project, result, findings, byId };
}

export function expectedFindings(name: string): ExpectedFinding[] {
  return JSON.parse(readFileSync(path.join(frameworkFixture(name), "expected.json"), "utf8")) as ExpectedFinding[];
}

interface CostJson {
  estimates: Array<{ function: string; platform: string; monthlyUsd: number; assumptions: { routes?: string[] } }>;
  notes: string[];
}

/** `coldstart cost <fixture> --format json`, run in process. */
export async function costReport(name: string): Promise<CostJson> {
  const t = captureIo(frameworkFixture(name));
  expect(await cost({ dir: ".", format: "json" }, t.io)).toBe(0);
  return JSON.parse(t.out()) as CostJson;
}

/** One row per priced subject: a function, or a deploy unit with the number of routes it holds. */
export async function costRows(name: string): Promise<Array<{ function: string; platform: string; monthlyUsd: number; routes: number }>> {
  return (await costReport(name)).estimates.map((e) => ({ function: e.function, platform: e.platform, monthlyUsd: e.monthlyUsd, routes: e.assumptions.routes?.length ?? 1 }));
}

/** A throwaway project: files by relative path. */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-framework-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
