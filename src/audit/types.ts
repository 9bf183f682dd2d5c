import type { SourceFile } from "ts-morph";
import type { FunctionInfo, Platform, Project } from "../project/types.js";

export type Severity = "error" | "warning" | "info";
export type SeveritySetting = Severity | "off";

export interface Fix {
  /** What to do instead, in one or two sentences (shown under the finding). */
  description: string;
  /** Optional code to show. Nothing is ever written to the audited project. */
  example?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** What is wrong, why it matters on this platform, and what to do instead. */
  message: string;
  /** Relative to the audited folder, forward slashes. */
  file: string;
  line: number;
  column: number;
  /** Id of the function whose import graph holds the problem. */
  function?: string;
  /** Import chain from the function's entry to `file` (relative paths, entry first). */
  chain?: string[];
  fix?: Fix;
}

export interface BundleInput {
  /** Relative to the audited folder, or `node_modules/<pkg>/...`. */
  path: string;
  bytes: number;
}

export interface BundleInfo {
  /** Minified output bytes. */
  bytes: number;
  gzipBytes: number;
  topInputs: BundleInput[];
  /** Bytes in the output by package name (first-party code under "(project)"). */
  packages: Array<{ name: string; bytes: number }>;
  /** Imports esbuild left external because the package is not installed. */
  missingPackages: string[];
  /** Where these figures came from, printed with them. */
  source: string;
}

/** What a rule sees for one function. */
export interface FunctionContext {
  fn: FunctionInfo;
  /** Absolute paths of the first-party files reachable from the entry, entry first. */
  files: string[];
  /** ts-morph source file of a reachable file (parsed on demand, cached). */
  sourceFile(absPath: string): SourceFile | undefined;
  /** Import chain from the entry to this file, as relative paths. */
  chainTo(absPath: string): string[];
  bundle: BundleInfo | undefined;
}

export interface RuleContext {
  project: Project;
  functions: FunctionContext[];
  /** Relative, forward-slash path for a finding. */
  relative(absPath: string): string;
  /** Rule options from config (`rules.<id>` object form or per-platform settings). */
  settings: Record<string, unknown>;
  /** The date rules judge deprecations against (today unless overridden in tests). */
  today: string;
}

export interface RuleMeta {
  /** Equals the path under src/audit/rules/ without .ts, e.g. `edge/node-builtin` for rules/edge/node-builtin.ts. */
  id: string;
  description: string;
  defaultSeverity: Severity;
  platforms: Platform[];
  docsUrl: string;
}

export type RawFinding = Omit<Finding, "ruleId" | "severity"> & { severity?: Severity };

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RawFinding[] | Promise<RawFinding[]>;
}
