import type { AuditResult } from "../audit/result.js";
import type { Finding } from "../audit/types.js";
import { runtimeDef } from "../platforms/index.js";

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
  if (s.skipped !== undefined) extra.push(`${plural(s.skipped, "unchanged function")} skipped`);
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

type FunctionResult = AuditResult["functions"][number];

/**
 * What the checks could not read of a function, and which checks that blinds: packages that are
 * not installed (their bytes and what they import), and the project's own packages whose source
 * was not found (everything in them).
 */
export function unreadLines(fn: FunctionResult): string[] {
  const missing = fn.bundle?.missingPackages ?? [];
  const own = fn.bundle?.unreadOwnPackages ?? [];
  const others = missing.filter((name) => !own.includes(name));
  const lines: string[] = [];
  if (others.length > 0) {
    const imports = runtimeDef(fn.runtime).nodeApis ? ", and edge/node-builtin cannot see the Node built-ins they import" : "";
    lines.push(`not installed, so not read: ${others.join(", ")} (bundle/size-budget counts none of their bytes${imports})`);
  }
  const aliases = fn.bundle?.unresolvedAliases ?? [];
  if (aliases.length > 0) {
    lines.push(`import aliases that could not be resolved, so the code behind them was not read: ${aliases.join(", ")} (tsconfig \`paths\`, the framework's aliases, or package.json \`imports\`; a framework that writes its tsconfig at build time, such as SvelteKit or Nuxt, needs its sync or prepare step first)`);
  }
  if (own.length > 0) {
    lines.push(`the project's own, but its source was not found: ${own.join(", ")}; no check read their code (database clients, fetch timeouts, Node built-ins, secrets). Install the dependencies, or point the package's \`exports\` or \`main\` at a file in the workspace`);
  }
  return lines;
}

/** "no findings", unless part of the function's code was not read: then it says so. */
export function noFindingsText(fn: FunctionResult | undefined): string {
  return fn && ((fn.bundle?.missingPackages.length ?? 0) > 0 || (fn.bundle?.unresolvedAliases?.length ?? 0) > 0) ? "no findings in the code coldstart read (not everything was read, see above)" : "no findings";
}

/** The other functions that reach a finding shared by several. */
export function alsoReachedFrom(f: Finding): string[] {
  return (f.functions ?? []).filter((id) => id !== f.function);
}
