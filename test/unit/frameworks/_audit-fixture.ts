import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { run as cost } from "../../../src/commands/cost.js";
import { runAudit } from "../../../src/audit/engine.js";
import type { AuditResult } from "../../../src/audit/result.js";
import { captureIo } from "../cost/_io.js";
import type { ExpectedFinding } from "../projects/_projects.js";

export const frameworksDir = path.resolve(import.meta.dirname, "../../../fixtures/frameworks");


const brief = (f: Omit<ExpectedFinding, "function"> & { function?: string }) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.function ?? ""}`;

/** Audits fixtures/frameworks/<name> and compares its findings with its expected.json, exactly. */
export async function auditMatchesExpected(name: string): Promise<AuditResult> {
  const dir = path.join(frameworksDir, name);
  const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as ExpectedFinding[];
  const result = await runAudit({ root: dir, today: "2026-05-01" });
  expect(result.findings.map(brief).sort()).toEqual(expected.map(brief).sort());
  return result;
}

/** `coldstart cost <fixture> --format json`, in-process: one priced estimate per function. */
export async function costOf(name: string): Promise<Array<{ function: string; platform: string; monthlyUsd: number; assumptions: { routes?: string[] } }>> {
  const t = captureIo();
  // Without free tiers, so that every row has a price to compare.
  expect(await cost({ dir: path.join(frameworksDir, name), format: "json", freeTier: false }, t.io)).toBe(0);
  return (JSON.parse(t.out()) as { estimates: Array<{ function: string; platform: string; monthlyUsd: number; assumptions: { routes?: string[] } }> }).estimates;
}

/** Each function's cost row: on its own platform, with a positive price. */
export async function expectPricedPerFunction(name: string, result: AuditResult): Promise<void> {
  const estimates = await costOf(name);
  for (const fn of result.functions) {
    // A route deployed with others is priced in its unit's row.
    const row = estimates.find((e) => e.function === fn.id || e.assumptions.routes?.includes(fn.id));
    expect(row, `a cost row for ${fn.id}`).toBeDefined();
    expect(row!.platform).toBe(fn.platform);
    expect(row!.monthlyUsd).toBeGreaterThan(0);
  }
}

/** Writes `files` (relative path -> text) into a new temporary folder and returns it; the caller removes it. */
export function tempProject(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), `coldstart-${prefix}-`));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
