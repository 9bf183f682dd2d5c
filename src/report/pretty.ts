import { colors, type Colors } from "../cli/ui.js";
import type { AuditResult } from "../audit/result.js";
import type { Finding, Severity } from "../audit/types.js";
import { printableData } from "./escape.js";
import { groupByRule, type RuleGroup } from "./groups.js";
import { closing, functionHeaders, notRead } from "./pretty-sections.js";
import type { ReportOptions, Reporter } from "./shared.js";
import { docsFor, fixAddsToMessage, plural } from "./shared.js";
import { wrapAll } from "./wrap.js";

/** A shared finding names this many of the functions that reach it (all with --verbose). */
export const SHOWN_FUNCTIONS = 3;
/** An info rule shows this many of its findings in full (all with --verbose); the rest are counted. */
export const SHOWN_INFOS = 3;

function label(c: Colors, severity: Severity): string {
  if (severity === "error") return c.red(c.bold("error"));
  if (severity === "warning") return c.yellow(c.bold("warning"));
  return c.blue("info");
}

/** The lines around a finding, the finding's line marked, with a caret under its column. */
export function codeFrame(result: AuditResult, f: Finding, c: Colors): string[] {
  const lines = result.excerpts[f.file];
  if (!lines || f.line < 1 || lines[f.line] === undefined) return [];
  const numbers = Object.keys(lines).map(Number).filter((n) => n >= f.line - 2 && n <= f.line + 1);
  const width = String(Math.max(...numbers)).length;
  const out: string[] = [];
  for (const n of numbers) {
    const text = lines[n]!.replace(/\t/g, "  ");
    const gutter = `${String(n).padStart(width)} | `;
    out.push(n === f.line ? `${c.red(">")} ${c.dim(gutter)}${text}` : `  ${c.dim(gutter)}${c.dim(text)}`);
    if (n === f.line && f.column > 0) {
      const before = lines[n]!.slice(0, f.column - 1).replace(/\t/g, "  ").replace(/[^\s]/g, " ");
      out.push(`  ${c.dim(`${" ".repeat(width)} | `)}${before}${c.red("^")}`);
    }
  }
  return out;
}

/** Which functions a finding concerns: none said when it is written in its only function's entry. */
function reachedFrom(result: AuditResult, f: Finding, verbose: boolean): string {
  const all = f.functions ?? (f.function ? [f.function] : []);
  if (all.length > 1) {
    const shown = verbose ? all : all.slice(0, SHOWN_FUNCTIONS);
    const more = all.length - shown.length;
    return ` · reached from ${all.length} functions: ${shown.join(", ")}${more > 0 ? ` and ${more} more (--verbose lists them)` : ""}`;
  }
  const fn = result.functions.find((candidate) => candidate.id === all[0]);
  return fn && fn.entry !== f.file ? ` · in ${fn.id}` : "";
}

function ruleGroup(result: AuditResult, group: RuleGroup, c: Colors, options: ReportOptions): string[] {
  const { verbose = false, width } = options;
  const meta = result.rules.find((r) => r.id === group.ruleId);
  const files = new Set(group.findings.map((f) => f.file)).size;
  const count = `${plural(group.findings.length, "finding")}${files > 1 ? ` in ${plural(files, "file")}` : ""}`;
  const out = wrapAll([`${label(c, group.severity)} ${c.bold(group.ruleId)} ${c.dim(`· ${count}${meta ? ` · ${meta.description}` : ""}`)}`], width, 2);
  const limit = group.severity === "info" && !verbose ? SHOWN_INFOS : Number.POSITIVE_INFINITY;
  let shown = 0;
  for (const findings of group.messages) {
    if (shown >= limit) break;
    const first = findings[0]!;
    out.push(...wrapAll(first.message.split("\n").map((line) => `  ${line}`), width));
    for (const f of findings.slice(0, limit - shown)) {
      const where = f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
      out.push(...wrapAll([`  ${c.cyan(where)}${c.dim(reachedFrom(result, f, verbose))}`], width, 4));
      out.push(...codeFrame(result, f, c).map((line) => `    ${line}`));
      if (f.chain && f.chain.length > 1) out.push(...wrapAll([`    ${c.dim("chain:")} ${f.chain.join(c.dim(" → "))}`], width, 2));
      shown++;
    }
    if (first.fix) {
      const adds = fixAddsToMessage(first);
      if (adds) out.push(...wrapAll([`  ${c.green("fix:")} ${first.fix.description}`], width, 2));
      else if (first.fix.example) out.push(`  ${c.green("for example:")}`);
      if (first.fix.example) out.push(...first.fix.example.split("\n").map((line) => `    ${c.green(line)}`));
    }
  }
  const left = group.findings.length - shown;
  if (left > 0) {
    out.push(...wrapAll([`  ${c.dim(`… and ${left} more ${group.ruleId} (${group.severity}): --verbose prints them, --format compact lists one a line`)}`], width, 2));
  }
  const docs = docsFor(result, group.ruleId);
  if (docs) out.push(...wrapAll([`  ${c.dim("docs:")} ${c.dim(docs)}`], width, 2));
  return out;
}

/**
 * Human output that scales to hundreds of functions: findings grouped by rule (a message shared by
 * several findings, and a finding shared by several functions, printed once), the functions with
 * problems, what was not read (once per workspace package), and a closing summary.
 */
export const pretty: Reporter = (raw, options = {}) => {
  const result = printableData(raw);
  const c = colors({ color: options.color ?? false });
  const sections: string[][] = groupByRule(result.findings).map((group) => ruleGroup(result, group, c, options));
  sections.push(functionHeaders(result, c, options), notRead(result, c, options), closing(result, c, options));
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"))
    .join("\n\n")}\n`;
};
