import type { AuditResult } from "../audit/result.js";
import type { Finding } from "../audit/types.js";

export interface ReportOptions {
  /** ANSI colours (pretty only). */
  color?: boolean;
  /** coldstart's version, for json and sarif. */
  version?: string;
  /** Prepended to finding paths where a consumer resolves them from the repository root (github). */
  pathPrefix?: string;
}

export type Reporter = (result: AuditResult, options?: ReportOptions) => string;

export const TOOL_NAME = "coldstart";
export const TOOL_URI = "https://github.com/coldstart-dev/coldstart";

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
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
  return `${parts.join(", ")} in ${plural(s.functions, "function")}${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

/** Findings grouped by function id, in the order of result.functions; findings without one last. */
export function groupByFunction(result: AuditResult): Array<{ id: string | undefined; findings: Finding[] }> {
  const groups = new Map<string | undefined, Finding[]>(result.functions.map((fn) => [fn.id, []]));
  for (const f of result.findings) {
    const key = f.function !== undefined && groups.has(f.function) ? f.function : undefined;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(f);
  }
  return [...groups].map(([id, findings]) => ({ id, findings }));
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

/** The other functions that reach a finding shared by several. */
export function alsoReachedFrom(f: Finding): string[] {
  return (f.functions ?? []).filter((id) => id !== f.function);
}
