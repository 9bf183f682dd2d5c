import type { AuditResult } from "../audit/result.js";
import type { Finding } from "../audit/types.js";
import { runtimeDef } from "../platforms/index.js";
import { unreadText } from "./groups.js";

export interface ReportOptions {
  /** ANSI colours (pretty only). */
  color?: boolean;
  /** coldstart's version, for json and sarif. */
  version?: string;
  /** Prepended to finding paths where a consumer resolves them from the repository root (github). */
  pathPrefix?: string;
  /** Every finding in full, every function's header and every function a shared finding reaches (pretty). */
  verbose?: boolean;
  /** Columns to wrap to (pretty); undefined: no wrapping. */
  width?: number;
  /** Where the full report is, for a report that leaves findings out (markdown). */
  fullReport?: string;
  /** What the selection left out of this report, said in its summary ("60 warnings not shown (--quiet)"). */
  hidden?: string;
}

export type Reporter = (result: AuditResult, options?: ReportOptions) => string;

export const TOOL_NAME = "coldstart";
export const TOOL_URI = "https://github.com/coldstart-dev/coldstart";

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

/** A gzip size, or "not measured" where the audit was not asked for it (AuditOptions.gzipFor). */
export function formatGzip(bytes: number | undefined): string {
  return bytes === undefined ? "not measured" : formatBytes(bytes);
}

/** "12.3 kB gzip", or "gzip not measured". */
export function gzipPhrase(bytes: number | undefined): string {
  return bytes === undefined ? "gzip not measured" : `${formatBytes(bytes)} gzip`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function summaryLine(result: AuditResult): string {
  const s = result.summary;
  const parts = [plural(s.bySeverity.error, "error"), plural(s.bySeverity.warning, "warning"), `${s.bySeverity.info} info`];
  const extra: string[] = [];
  if (s.suppressed) extra.push(`${s.suppressed} suppressed`);
  if (s.baselined) extra.push(`${s.baselined} in baseline`);
  if (s.skipped !== undefined) extra.push(`${plural(s.skipped, "unchanged function")} skipped`);
  return `${parts.join(", ")} in ${plural(s.functions, "function")}${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

export function docsFor(result: AuditResult, ruleId: string): string | undefined {
  return result.rules.find((r) => r.id === ruleId)?.docsUrl;
}


/** Whether a finding's fix says something its message does not already say (rules often end the message with it). */
export function fixAddsToMessage(f: Finding): boolean {
  if (!f.fix) return false;
  const core = f.fix.description.trim().replace(/[.\s]+$/, "");
  return !f.message.includes(core);
}

type FunctionResult = AuditResult["functions"][number];

/** What the checks could not read of one function (see unreadText). */
export function unreadLines(fn: FunctionResult): string[] {
  const missing = fn.bundle?.missingPackages ?? [];
  const own = fn.bundle?.unreadOwnPackages ?? [];
  return unreadText({ missing: missing.filter((name) => !own.includes(name)), own, aliases: fn.bundle?.unresolvedAliases ?? [], nodeApis: Boolean(runtimeDef(fn.runtime).nodeApis) });
}

/** "no findings", unless part of the function's code was not read: then it says so. */
export function noFindingsText(fn: FunctionResult | undefined): string {
  return fn && ((fn.bundle?.missingPackages.length ?? 0) > 0 || (fn.bundle?.unresolvedAliases?.length ?? 0) > 0) ? "no findings in the code coldstart read (not everything was read, see above)" : "no findings";
}
