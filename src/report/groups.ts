import type { AuditResult } from "../audit/result.js";
import { SEVERITY_RANK } from "../audit/result.js";
import type { Finding, Severity } from "../audit/types.js";
import { runtimeDef } from "../platforms/index.js";
import type { Format } from "./index.js";

type FunctionResult = AuditResult["functions"][number];

export interface RuleGroup {
  ruleId: string;
  severity: Severity;
  findings: Finding[];
  /** Findings of the group with the very same message and fix, in order: the text is printed once. */
  messages: Finding[][];
}

/** Findings by rule and severity, most severe first, then the rules with most findings; within a rule, by message. */
export function groupByRule(findings: Finding[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const f of findings) {
    const key = `${f.severity}\0${f.ruleId}`;
    const group = groups.get(key) ?? { ruleId: f.ruleId, severity: f.severity, findings: [], messages: [] };
    groups.set(key, group);
    group.findings.push(f);
  }
  for (const group of groups.values()) {
    const byText = new Map<string, Finding[]>();
    for (const f of group.findings) {
      const key = `${f.message}\0${f.fix?.description ?? ""}\0${f.fix?.example ?? ""}`;
      byText.set(key, [...(byText.get(key) ?? []), f]);
    }
    group.messages = [...byText.values()];
  }
  return [...groups.values()].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.findings.length - a.findings.length || a.ruleId.localeCompare(b.ruleId),
  );
}

/** Counts per rule and severity, for the closing table. */
export function countsByRule(findings: Finding[]): Array<{ ruleId: string; counts: Record<Severity, number> }> {
  const rows = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    const counts = rows.get(f.ruleId) ?? { error: 0, warning: 0, info: 0 };
    rows.set(f.ruleId, counts);
    counts[f.severity]++;
  }
  const weight = (c: Record<Severity, number>) => c.error * 1e12 + c.warning * 1e6 + c.info;
  return [...rows].map(([ruleId, counts]) => ({ ruleId, counts })).sort((a, b) => weight(b.counts) - weight(a.counts) || a.ruleId.localeCompare(b.ruleId));
}

/** Heaviest functions a report lists (all of them in the pretty report with --verbose). */
export const HEAVIEST_SHOWN = 5;

/**
 * The functions whose gzip size these reports print (AuditOptions.gzipFor). JSON prints every one, and
 * so does the pretty report with --verbose: then undefined, and every bundle is gzipped as it is built.
 * Otherwise the pretty report prints the heaviest and the functions it heads (those owning an error or
 * a warning), Markdown the heaviest; SARIF, GitHub annotations and compact print none but what findings'
 * messages say (the rules that say it ask for it themselves).
 */
export function gzipPrinted(formats: readonly Format[], verbose: boolean): ((result: AuditResult) => Set<string>) | undefined {
  if (formats.includes("json") || (verbose && formats.includes("pretty"))) return undefined;
  return (result) => {
    const ids = new Set<string>();
    if (formats.includes("pretty") || formats.includes("markdown")) for (const fn of heaviest(result, HEAVIEST_SHOWN)) ids.add(fn.id);
    if (formats.includes("pretty")) for (const f of result.findings) if (f.function && f.severity !== "info") ids.add(f.function);
    return ids;
  };
}

/** The functions with the largest bundles, largest first. */
export function heaviest(result: AuditResult, n: number): FunctionResult[] {
  return result.functions.filter((fn) => fn.bundle).sort((a, b) => b.bundle!.bytes - a.bundle!.bytes || a.id.localeCompare(b.id)).slice(0, n);
}

/** Functions that were found but not audited or not bundled, and why. */
export function skipped(result: AuditResult): Array<{ where: string; why: string }> {
  const notes = result.notes.map((n) => ({ where: n.line > 0 ? `${n.file}:${n.line}` : n.file, why: n.message }));
  const unbundled = result.functions
    .filter((fn) => !fn.bundle)
    .map((fn) => ({ where: fn.id, why: "not bundled, so its size and the checks that need a bundle are missing (the finding or note about its code says why)" }));
  return [...notes, ...unbundled];
}

/** The model of a cold-start estimate without its list of packages not installed (printed once per package instead). */
export function coldStartModel(fn: FunctionResult): string | undefined {
  return fn.coldStart?.model.replace(/; packages not installed are not counted \(.*\)$/, "");
}

export interface UnreadGroup {
  /** The workspace package's folder, relative ("." for the audited folder). */
  pkg: string;
  functions: number;
  /** Packages not installed (third-party). */
  missing: string[];
  /** The project's own packages whose source was not found. */
  own: string[];
  /** Import aliases (`~/`, `$lib/`) that could not be resolved. */
  aliases: string[];
  /** Some of its functions run where Node built-ins are checked (edge, workerd). */
  nodeApis: boolean;
}

/**
 * What the checks could not read, once per workspace package rather than per function: packages
 * that are not installed (their bytes and what they import), and the project's own packages whose
 * source was not found (everything in them).
 */
export function unreadByPackage(result: AuditResult): UnreadGroup[] {
  const groups = new Map<string, { functions: number; missing: Set<string>; own: Set<string>; aliases: Set<string>; nodeApis: boolean }>();
  for (const fn of result.functions) {
    const missing = fn.bundle?.missingPackages ?? [];
    const aliases = fn.bundle?.unresolvedAliases ?? [];
    if (missing.length === 0 && aliases.length === 0) continue;
    const own = fn.bundle?.unreadOwnPackages ?? [];
    const pkg = fn.package ?? ".";
    const group = groups.get(pkg) ?? { functions: 0, missing: new Set(), own: new Set(), aliases: new Set(), nodeApis: false };
    for (const alias of aliases) group.aliases.add(alias);
    groups.set(pkg, group);
    group.functions++;
    for (const name of missing) (own.includes(name) ? group.own : group.missing).add(name);
    if (missing.some((name) => !own.includes(name)) && runtimeDef(fn.runtime).nodeApis) group.nodeApis = true;
  }
  return [...groups]
    .map(([pkg, g]) => ({ pkg, functions: g.functions, missing: [...g.missing].sort(), own: [...g.own].sort(), aliases: [...g.aliases].sort(), nodeApis: g.nodeApis }))
    .sort((a, b) => a.pkg.localeCompare(b.pkg));
}

/** The lines saying what a group (or one function) did not read, and which checks that blinds. */
export function unreadText(u: Pick<UnreadGroup, "missing" | "own" | "aliases" | "nodeApis">): string[] {
  const lines: string[] = [];
  if (u.missing.length > 0) {
    const imports = u.nodeApis ? ", and edge/node-builtin cannot see the Node built-ins they import" : "";
    lines.push(`not installed, so not read: ${u.missing.join(", ")} (bundle/size-budget counts none of their bytes${imports})`);
  }
  if (u.aliases.length > 0) {
    lines.push(`import aliases that could not be resolved, so the code behind them was not read: ${u.aliases.join(", ")} (tsconfig \`paths\`, the framework's aliases, or package.json \`imports\`; a framework that writes its tsconfig at build time, such as SvelteKit or Nuxt, needs its sync or prepare step first)`);
  }
  if (u.own.length > 0) {
    lines.push(`the project's own, but its source was not found: ${u.own.join(", ")}; no check read their code (database clients, fetch timeouts, Node built-ins, secrets). Install the dependencies, or point the package's \`exports\` or \`main\` at a file in the workspace`);
  }
  return lines;
}

/** Plans read from the project, each with its first piece of evidence (all with `all`) and how to override it. */
export function planLines(result: AuditResult, all = false): string[] {
  return (result.plans ?? []).map((p) => {
    const shown = all ? p.evidence : p.evidence.slice(0, 1);
    const more = p.evidence.length - shown.length;
    const why = `${shown.map((e) => `${e.line > 0 ? `${e.file}:${e.line}` : e.file}: ${e.why}`).join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`;
    if (p.caveat) return `${p.setting} "${p.plan}", ${p.caveat}. Evidence: ${why}.`;
    return `${p.setting} "${p.plan}", read from the project: ${why}. Set ${p.setting} in coldstart's config to override it.`;
  });
}
