import { biggestPackages } from "../audit/analysis/bytes.js";
import { formatEstimate } from "../audit/analysis/cold-start.js";
import type { AuditResult } from "../audit/result.js";
import type { Colors } from "../cli/ui.js";
import { coldStartModel, countsByRule, heaviest, HEAVIEST_SHOWN, planLines, skipped, unreadByPackage, unreadText } from "./groups.js";
import type { ReportOptions } from "./shared.js";
import { formatBytes, formatGzip, gzipPhrase, noFindingsText, plural, summaryLine, unreadLines } from "./shared.js";
import { wrapAll } from "./wrap.js";

/** Functions skipped (not audited or not bundled) listed without --verbose. */
const SHOWN_SKIPPED = 10;

type FunctionResult = AuditResult["functions"][number];

function sizeOf(fn: FunctionResult): string {
  if (!fn.bundle) return "not bundled";
  const how = fn.bundle.deployOptions ? ` bundled as the deploy does (${fn.bundle.deployOptions})` : " minified";
  return `${formatBytes(fn.bundle.bytes)}${how}, ${gzipPhrase(fn.bundle.gzipBytes)}`;
}

function coldStartOf(fn: FunctionResult): string {
  if (!fn.coldStart) return "";
  return ` · ${fn.coldStart.baseline ? "cold start" : "code load"} ${formatEstimate(fn.coldStart)} (estimate)`;
}

/**
 * One header per function that owns an error or a warning (every function with --verbose): its
 * bundle and its modelled cold start. With --verbose, also the biggest packages in it and what it
 * did not read; otherwise that is said once per package (notRead).
 */
export function functionHeaders(result: AuditResult, c: Colors, options: ReportOptions): string[] {
  const { verbose = false, width } = options;
  const owned = new Map<string, Record<string, number>>();
  for (const f of result.findings) {
    if (!f.function) continue;
    const counts = owned.get(f.function) ?? {};
    owned.set(f.function, counts);
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  }
  const listed = result.functions.filter((fn) => verbose || owned.get(fn.id)?.error || owned.get(fn.id)?.warning);
  if (listed.length === 0) return [];
  // A shared module's finding is owned by the first function that reaches it; the others it reaches
  // are counted in the heading so it does not read as fewer functions affected than there are.
  const shown = new Set(listed.map((fn) => fn.id));
  const reached = new Set(result.findings.filter((f) => f.severity !== "info").flatMap((f) => f.functions ?? []).filter((id) => !shown.has(id)));
  const more = reached.size > 0 ? `; ${reached.size} more reach them through shared code` : "";
  const out = wrapAll([c.bold(verbose ? `Functions (${listed.length})` : `Functions with errors or warnings (${listed.length} of ${result.functions.length}${more})`)], width, 2);
  for (const fn of listed) {
    const counts = owned.get(fn.id) ?? {};
    const tally = (["error", "warning", "info"] as const).filter((s) => counts[s]).map((s) => (s === "info" ? `${counts[s]} info` : plural(counts[s]!, s)));
    const findings = tally.length > 0 ? ` · ${tally.join(", ")}` : "";
    out.push(...wrapAll([`  ${c.bold(fn.id)} ${c.dim(`(${fn.platform}, ${fn.runtime}) · ${sizeOf(fn)}${coldStartOf(fn)}${findings}`)}`], width, 4));
    if (verbose) {
      if (fn.bundle && fn.bundle.packages.length > 0) out.push(...wrapAll([c.dim(`    biggest: ${biggestPackages(fn.bundle.packages)} (esbuild metafile)`)], width, 2));
      out.push(...wrapAll(unreadLines(fn).map((line) => c.dim(`    ${line}`)), width, 2));
      if (tally.length === 0) out.push(`    ${c.green("✓")} ${noFindingsText(fn)}`);
    }
  }
  return out;
}

/** Packages the checks could not read, once per workspace package (per function with --verbose, in functionHeaders). */
export function notRead(result: AuditResult, c: Colors, options: ReportOptions): string[] {
  if (options.verbose) return [];
  const groups = unreadByPackage(result);
  if (groups.length === 0) return [];
  const out = [c.bold("Not read")];
  for (const g of groups) {
    const where = `${g.pkg === "." ? "the audited folder" : g.pkg} (${plural(g.functions, "function")})`;
    for (const line of unreadText(g)) out.push(...wrapAll([`  ${c.cyan(where)}: ${line}`], options.width, 4));
  }
  return out;
}

/** Counts by rule and severity, the heaviest functions, the functions skipped and why, and the one-line total. */
export function closing(result: AuditResult, c: Colors, options: ReportOptions): string[] {
  const { verbose = false, width } = options;
  const out: string[] = [];
  const rows = countsByRule(result.findings);
  if (rows.length > 0) {
    const ruleWidth = Math.max(4, ...rows.map((r) => r.ruleId.length));
    const line = (rule: string, cells: Array<string | number>) => `  ${rule.padEnd(ruleWidth)}  ${cells.map((v) => String(v).padStart(7)).join(" ")}`;
    out.push(c.bold("Findings by rule"), c.dim(line("rule", ["errors", "warnings", "info"])));
    // A table is not wrapped: its columns would no longer line up.
    for (const r of rows) out.push(line(r.ruleId, [r.counts.error, r.counts.warning, r.counts.info]));
  }
  const heavy = heaviest(result, verbose ? result.functions.length : HEAVIEST_SHOWN);
  if (heavy.length > 0) {
    if (out.length > 0) out.push("");
    out.push(...wrapAll([c.bold(`Heaviest functions${verbose ? "" : ` (${heavy.length} of ${result.functions.length})`}`) + c.dim(" · minified and gzip bytes from the esbuild metafile")], width, 2));
    for (const fn of heavy) out.push(...wrapAll([`  ${formatBytes(fn.bundle!.bytes).padStart(9)} ${c.dim(formatGzip(fn.bundle!.gzipBytes).padStart(9))}  ${fn.id}${c.dim(coldStartOf(fn))}`], width, 22));
    const models = [...new Set(heavy.map(coldStartModel).filter((m): m is string => m !== undefined))];
    for (const model of models) out.push(...wrapAll([c.dim(`  cold start ${model}`)], width, 2));
  }
  const gone = skipped(result);
  if (gone.length > 0) {
    if (out.length > 0) out.push("");
    out.push(c.bold(`Not audited (${gone.length})`));
    const shown = verbose ? gone : gone.slice(0, SHOWN_SKIPPED);
    for (const s of shown) out.push(...wrapAll([`  ${c.dim("·")} ${c.cyan(s.where)} ${s.why}`], width, 4));
    if (shown.length < gone.length) out.push(c.dim(`  … and ${gone.length - shown.length} more: --verbose lists them, and JSON has them under notes`));
  }
  const plans = planLines(result, verbose);
  if (plans.length > 0) {
    if (out.length > 0) out.push("");
    out.push(...wrapAll(plans.map((line) => `${c.bold("Plan:")} ${line}`), width, 2));
  }
  const s = result.summary;
  const tone = s.bySeverity.error ? c.red : s.bySeverity.warning ? c.yellow : c.green;
  if (out.length > 0) out.push("");
  const hidden = options.hidden ? ` · ${options.hidden}` : "";
  out.push(...wrapAll([`${tone(c.bold(summaryLine(result)))}${c.dim(`${hidden} · ${s.files} files · ${(s.durationMs / 1000).toFixed(1)} s`)}`], width, 2));
  return out;
}
