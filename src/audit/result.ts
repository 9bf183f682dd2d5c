import type { Platform, RuntimeKind, SourceLocation } from "../project/types.js";
import type { ColdStartEstimate } from "./analysis/cold-start.js";
import type { BundleInfo, Finding, RuleMeta, Severity } from "./types.js";

export interface AuditedFunction {
  id: string;
  platform: Platform;
  runtime: RuntimeKind;
  /** Relative to the audited folder, forward slashes. */
  entry: string;
  config: SourceLocation;
  /** The workspace package it belongs to: its folder relative to the audited one ("." for the audited folder itself). */
  package?: string;
  /** Undefined when the function could not be bundled (there is a parse-error finding). */
  bundle: BundleInfo | undefined;
  /** What a framework made of the file: its adapter's id, role and route. */
  framework?: { id: string; role: string; route?: string };
  /** The exports the platform calls per request, when the adapter knows them. */
  handlers?: string[];
  /** The unit it deploys in with other functions (a whole app in one Worker), judged as one bundle. */
  deployUnit?: string;
  /** Where it runs when that is not the platform's own service (Shopify Oxygen). */
  host?: { id: string; name: string };
  /** A modelled cold-start cost with its sources (absent when the function was not bundled). */
  coldStart?: ColdStartEstimate;
}

export interface AuditSummary {
  functions: number;
  /** First-party files reachable from any function. */
  files: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byRule: Record<string, number>;
  /** Findings hidden by coldstart-ignore comments. */
  suppressed: number;
  /** Findings hidden because they are in the --baseline file. */
  baselined: number;
  /** Functions left out by `--changed`: nothing they reach changed. */
  skipped?: number;
  durationMs: number;
  /** Milliseconds per phase (discover, bundle, each rule), printed with --debug. */
  phases?: Record<string, number>;
}

export interface AuditResult {
  /** Absolute path of the audited folder. */
  root: string;
  functions: AuditedFunction[];
  /** Sorted by file, line, column, rule. */
  findings: Finding[];
  /** Metadata of every rule that may appear in findings (for SARIF and docs links). */
  rules: RuleMeta[];
  summary: AuditSummary;
  /** Every finding before the baseline filter, for --write-baseline. */
  unfiltered: Finding[];
  /** Source lines around each finding (file -> line -> text), for code frames. */
  excerpts: Record<string, Record<number, string>>;
  /** Functions seen in configuration but not audited, and why (a Python Lambda, a Worker built elsewhere). */
  notes: AuditNote[];
  /** Plans read from the project's configuration where coldstart's config sets none, with the evidence. */
  plans?: PlanNote[];
}

export interface PlanNote {
  /** The config setting it stands in for: `vercel.plan`. */
  setting: string;
  plan: string;
  evidence: Array<{ file: string; line: number; why: string }>;
  /** When the evidence is weak (maxDuration alone): how the plan was taken and how to confirm it. */
  caveat?: string;
}

export interface AuditNote {
  message: string;
  /** Relative to the audited folder, forward slashes. */
  file: string;
  /** 1-based; 0 when no line applies. */
  line: number;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function atOrAbove(severity: Severity, threshold: Severity | "never"): boolean {
  return threshold !== "never" && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** The result with only these findings, its counts made to match (what `--quiet` shows). */
export function withFindings(result: AuditResult, findings: Finding[]): AuditResult {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule: Record<string, number> = {};
  for (const f of findings) {
    bySeverity[f.severity]++;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  }
  return { ...result, findings, summary: { ...result.summary, findings: findings.length, bySeverity, byRule } };
}
