import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { run as runCost } from "../../../src/commands/cost.js";
import { discoverProject } from "../../../src/project/discover.js";
import type { FunctionInfo, Platform, Project } from "../../../src/project/types.js";
import { captureIo } from "../cost/_io.js";
import type { ExpectedFinding as ProjectFinding } from "../projects/_projects.js";

export const frameworksDir = path.resolve(import.meta.dirname, "../../../fixtures/frameworks");

export function frameworkFixture(name: string): string {
  return path.join(frameworksDir, name);
}

/** As in fixtures/projects, with `function: null` for a configuration problem (it belongs to no function). */
export type ExpectedFinding = Omit<ProjectFinding, "function" | "functions"> & { function: string | null };

/** What a test asserts of one discovered function. */
export interface ExpectedFunction {
  id: string;
  platform: Platform;
  runtime: FunctionInfo["runtime"];
  role: string;
  handlers: string[];
}

export async function discoverFixture(name: string, platforms: Record<string, Platform> = {}): Promise<Project> {
  return discoverProject(frameworkFixture(name), { platforms });
}

export function shapeOf(project: Project): ExpectedFunction[] {
  return project.functions.map((f) => ({ id: f.id, platform: f.platform, runtime: f.runtime, role: f.framework?.role ?? "", handlers: f.handlers ?? [] }));
}

/** Builds the expected functions of one target: `on("cloudflare-workers", "workerd")("src/x.ts", "endpoint", ["GET"])`. */
export function on(platform: Platform, runtime: FunctionInfo["runtime"]) {
  return (rel: string, role: string, handlers: string[]): ExpectedFunction => ({ id: `${platform}:${rel}`, platform, runtime, role, handlers });
}

const brief = (f: ExpectedFinding) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.function ?? "-"}`;

/** Audits the fixture (a fixed date, so date-based rules do not drift) and compares with its expected.json, exactly. */
export async function expectFindings(name: string): Promise<Awaited<ReturnType<typeof runAudit>>> {
  const root = frameworkFixture(name);
  const result = await runAudit({ root, today: "2026-12-01" });
  const expected = JSON.parse(readFileSync(path.join(root, "expected.json"), "utf8")) as ExpectedFinding[];
  const got = result.findings.map((f) => brief({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, column: f.column, function: f.function ?? null }));
  expect(got.sort()).toEqual(expected.map(brief).sort());
  return result;
}

/** `coldstart cost <fixture> --format json`, in-process: one priced estimate per function, on its own platform. */
export async function expectPriced(name: string, functions: Array<{ id: string; platform: Platform; deployUnit?: string }>): Promise<void> {
  const t = captureIo(frameworkFixture(name));
  expect(await runCost({ dir: ".", format: "json" }, t.io)).toBe(0);
  const report = JSON.parse(t.out()) as { estimates: Array<{ function: string; platform: string; monthlyUsd: number; lines: unknown[]; assumptions: { routes?: string[] } }> };
  // Routes deployed as one unit are priced once, as the unit, which lists them.
  const subjects = [...new Map(functions.map((f) => [f.deployUnit ?? f.id, f.platform])).entries()];
  expect(report.estimates.map((e) => [e.function, e.platform]).sort()).toEqual(subjects.sort());
  for (const f of functions) {
    if (f.deployUnit) expect(report.estimates.find((e) => e.function === f.deployUnit)!.assumptions.routes).toContain(f.id);
  }
  for (const e of report.estimates) {
    expect(Number.isFinite(e.monthlyUsd), e.function).toBe(true);
    expect(e.lines.length, e.function).toBeGreaterThan(0);
  }
}

/** A throwaway app for one case: relative path -> text. */
export function writeApp(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-framework-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The two checks every fixture gets: its exact findings (and what else `check` asks of them), and a priced row per function. */
export function itAuditsAndPrices(name: string, planted: string, check?: (result: Awaited<ReturnType<typeof runAudit>>) => void): void {
  it(`reports exactly the planted problems: ${planted}`, async () => {
    const result = await expectFindings(name);
    check?.(result);
  });
  it("cost prices every function on its own platform", async () => {
    await expectPriced(name, (await discoverFixture(name)).functions);
  });
}
