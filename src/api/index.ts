/**
 * coldstart's Node API: the objects the CLI's JSON formats print, and the reporters by name.
 * Heavy modules load on first use, as in the CLI. Errors are the CLI's typed errors (exitCode 2
 * for usage, configuration and input), never a process exit.
 */
import path from "node:path";
import pc from "picocolors";
import pkg from "../../package.json" with { type: "json" };
import type { AuditResult } from "../audit/result.js";
import type { CostReport } from "../cost/estimate.js";
import type { CostJson } from "../cost/report-markdown.js";
import type { CostOptions as CostCoreOptions } from "../cost/project-cost.js";
import type { DiffResult } from "../diff/types.js";
import type { AuditReport } from "../report/json.js";
import type { Format } from "../report/index.js";
import type { Platform, RuntimeKind } from "../project/types.js";

export type { AuditReport, CostJson as CostReport, DiffResult };
export type { BudgetBreach, DiffFinding, FunctionDiff, FunctionStatus } from "../diff/types.js";
export { CliError, ConfigError, InputError, UsageError } from "../errors.js";

/** The internal results behind each returned object, for the reporters; invisible to JSON and equality. */
const auditRuns = new WeakMap<object, AuditResult>();
const costRuns = new WeakMap<object, CostReport>();

export interface DiscoverOptions {
  /** Config file (default: coldstart.config.json or package.json#coldstart in `dir`). */
  config?: string;
}

export interface DiscoveredFunction {
  id: string;
  platform: Platform;
  runtime: RuntimeKind;
  /** Relative to `root`, forward slashes. */
  entry: string;
  config: { file: string; line: number };
}

export interface DiscoverReport {
  root: string;
  functions: DiscoveredFunction[];
  /** Configuration that could not be read, located. */
  problems: Array<{ message: string; file: string; line: number }>;
  /** Functions seen but not audited, and why. */
  notes: Array<{ message: string; file: string; line: number }>;
}

/** The functions of a project, as `audit` and `cost` see them; nothing of the project runs. */
export async function discover(dir: string, options: DiscoverOptions = {}): Promise<DiscoverReport> {
  const root = path.resolve(dir);
  const { loadConfig } = await import("../config/load.js");
  const { platformsOf } = await import("../config/platforms.js");
  const { discoverProject } = await import("../project/discover.js");
  const config = await loadConfig(root, options.config);
  const project = await discoverProject(root, { platforms: platformsOf(config) });
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join("/");
  return {
    root,
    functions: project.functions.map((fn) => ({
      id: fn.id,
      platform: fn.platform,
      runtime: fn.runtime,
      entry: rel(fn.inline?.file ?? fn.entry),
      config: { file: fn.config.file, line: fn.config.line },
    })),
    problems: project.problems.map((p) => ({ message: p.message, file: p.at.file, line: p.at.line })),
    notes: (project.notes ?? []).map((n) => ({ message: n.message, file: n.at.file, line: n.at.line })),
  };
}

export interface AuditOptions {
  config?: string;
  /** A baseline file written by `audit --write-baseline`: report only findings not in it. */
  baseline?: string;
  /** Audit only functions changed since this ref (true: the merge base with GITHUB_BASE_REF or origin/HEAD). Runs git. */
  changed?: boolean | string;
  /** With `changed`: only findings on changed lines. */
  changedLines?: boolean;
  /** Environment for git with `changed` (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** What `coldstart audit --format json` prints, as an object. */
export async function audit(dir: string, options: AuditOptions = {}): Promise<AuditReport> {
  const root = path.resolve(dir);
  const { runAudit } = await import("../audit/engine.js");
  const { auditReport } = await import("../report/json.js");
  const { readBaseline } = await import("../audit/baseline.js");
  let scope;
  if (options.changed !== undefined && options.changed !== false) {
    const { changedScope } = await import("../diff/changed.js");
    scope = await changedScope(root, typeof options.changed === "string" ? options.changed : undefined, options.env ?? process.env, Boolean(options.changedLines));
  }
  const result = await runAudit({
    root,
    ...(options.config ? { configPath: path.resolve(options.config) } : {}),
    ...(options.baseline ? { baseline: readBaseline(path.resolve(options.baseline)) } : {}),
    ...(scope ? { select: scope.select, ...(scope.keep ? { keep: scope.keep } : {}) } : {}),
  });
  const report = auditReport(result, { version: pkg.version });
  auditRuns.set(report, result);
  return report;
}

export type CostOptions = Omit<CostCoreOptions, "dir" | "measure" | "runs" | "measureTimeout" | "needSweeps">;

/** What `coldstart cost --format json` prints, as an object (`--measure`, which runs code, is the CLI's only). */
export async function cost(dir: string, options: CostOptions = {}): Promise<CostJson> {
  const { projectCost } = await import("../cost/project-cost.js");
  const { costJson } = await import("../cost/report-markdown.js");
  const { report } = await projectCost({ ...options, dir }, process.cwd());
  const out = costJson(report);
  costRuns.set(out, report);
  return out;
}

export interface DiffOptions {
  /** Branch, tag or commit (default: the merge base with GITHUB_BASE_REF or origin/HEAD). */
  base?: string;
  config?: string;
  /** "10%" or "$5": the monthly total's budget. */
  failOnIncrease?: string;
  /** "10%" or "20kB": each function's size budget. */
  maxSizeIncrease?: string;
  env?: NodeJS.ProcessEnv;
}

/** What `coldstart diff --format json` prints, as an object. Runs git (and nothing of the project). */
export async function diff(dir: string, options: DiffOptions = {}): Promise<DiffResult> {
  const { runDiff } = await import("../diff/run.js");
  const { costLimit, sizeLimit } = await import("./limits.js");
  return runDiff({
    root: dir,
    version: pkg.version,
    ...(options.env ? { env: options.env } : {}),
    ...(options.base !== undefined ? { base: options.base } : {}),
    ...(options.config !== undefined ? { configPath: options.config } : {}),
    ...(options.failOnIncrease !== undefined ? { failOnIncrease: costLimit(options.failOnIncrease) } : {}),
    ...(options.maxSizeIncrease !== undefined ? { maxSizeIncrease: sizeLimit(options.maxSizeIncrease) } : {}),
  });
}

function runOf<T>(runs: WeakMap<object, T>, report: object, made: string): T {
  const run = runs.get(report);
  if (!run) throw new TypeError(`pass the object ${made}() returned (a copy or parsed JSON lacks what the reporters need)`);
  return run;
}

export interface RenderOptions {
  /** ANSI colours (pretty only; default: none). */
  color?: boolean;
}

/** The CLI's formats by name: `reporters.audit.sarif(await audit("."))`. */
export const reporters = {
  audit: Object.fromEntries(
    (["pretty", "json", "sarif", "github", "markdown"] as const).map((name) => [
      name,
      async (report: AuditReport, options: RenderOptions = {}) => {
        const { reporters: all } = await import("../report/index.js");
        return (await all[name]())(runOf(auditRuns, report, "audit"), { color: Boolean(options.color), version: pkg.version });
      },
    ]),
  ) as Record<Format, (report: AuditReport, options?: RenderOptions) => Promise<string>>,
  cost: {
    json: async (report: CostJson) => (await import("../cost/report-markdown.js")).renderJson(runOf(costRuns, report, "cost")),
    markdown: async (report: CostJson) => (await import("../cost/report-markdown.js")).renderMarkdown(runOf(costRuns, report, "cost")),
    pretty: async (report: CostJson, options: RenderOptions = {}) =>
      (await import("../cost/report-pretty.js")).renderPretty(runOf(costRuns, report, "cost"), pc.createColors(Boolean(options.color))),
  },
  diff: {
    json: async (result: DiffResult) => (await import("../diff/report-markdown.js")).renderDiffJson(result),
    markdown: async (result: DiffResult) => (await import("../diff/report-markdown.js")).renderDiffMarkdown(result),
    pretty: async (result: DiffResult, options: RenderOptions = {}) =>
      (await import("../diff/report-pretty.js")).renderDiffPretty(result, pc.createColors(Boolean(options.color))),
  },
};
