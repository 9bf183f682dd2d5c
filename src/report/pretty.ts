import { colors, type Colors } from "../cli/ui.js";
import { biggestPackages } from "../audit/analysis/bytes.js";
import { formatEstimate } from "../audit/analysis/cold-start.js";
import type { AuditResult } from "../audit/result.js";
import type { Finding, Severity } from "../audit/types.js";
import { printableData } from "./escape.js";
import type { Reporter } from "./shared.js";
import { alsoReachedFrom, docsFor, fixAddsToMessage, formatBytes, groupByFunction, noFindingsText, summaryLine, unreadLines } from "./shared.js";

function label(c: Colors, severity: Severity): string {
  if (severity === "error") return c.red(c.bold("error  "));
  if (severity === "warning") return c.yellow(c.bold("warning"));
  return c.blue("info   ");
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

function finding(result: AuditResult, f: Finding, c: Colors): string[] {
  const where = f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
  const out = [`  ${label(c, f.severity)} ${c.bold(f.ruleId)}  ${c.cyan(where)}`];
  out.push(...f.message.split("\n").map((line) => `    ${line}`));
  out.push(...codeFrame(result, f, c).map((line) => `    ${line}`));
  if (f.chain && f.chain.length > 1) out.push(`    ${c.dim("chain:")} ${f.chain.join(c.dim(" → "))}`);
  const others = alsoReachedFrom(f);
  if (others.length > 0) out.push(`    ${c.dim("also reached from:")} ${others.join(", ")}`);
  if (f.fix) {
    if (fixAddsToMessage(f)) out.push(`    ${c.green("fix:")} ${f.fix.description}`);
    if (f.fix.example) out.push(...f.fix.example.split("\n").map((line) => `      ${c.green(line)}`));
  }
  const docs = docsFor(result, f.ruleId);
  if (docs) out.push(`    ${c.dim(`docs: ${docs}`)}`);
  return out;
}

/** Human output: findings grouped by function, each with its bundle size, then a summary. */
export const pretty: Reporter = (raw, options = {}) => {
  const result = printableData(raw);
  const c = colors({ color: options.color ?? false });
  const out: string[] = [];
  const byId = new Map(result.functions.map((fn) => [fn.id, fn]));
  for (const group of groupByFunction(result)) {
    const fn = group.id === undefined ? undefined : byId.get(group.id);
    if (!fn && group.findings.length === 0) continue;
    if (fn) {
      const size = fn.bundle
        ? `${formatBytes(fn.bundle.bytes)}${fn.bundle.deployOptions ? "" : " minified"}, ${formatBytes(fn.bundle.gzipBytes)} gzip`
        : "not bundled";
      out.push(`${c.bold(fn.id)} ${c.dim(`(${fn.platform}, ${fn.runtime}) · ${size}`)}`);
      if (fn.bundle?.deployOptions) out.push(c.dim(`  bundled as the deploy does, with ${fn.bundle.deployOptions}`));
      if (fn.bundle && fn.bundle.packages.length > 0) out.push(c.dim(`  biggest: ${biggestPackages(fn.bundle.packages)} (esbuild metafile)`));
      if (fn.coldStart) out.push(c.dim(`  ${fn.coldStart.baseline ? "cold start" : "code load"} ${formatEstimate(fn.coldStart)}, an estimate: ${fn.coldStart.model}`));
      for (const line of unreadLines(fn)) out.push(c.dim(`  ${line}`));
    } else {
      out.push(c.bold("Configuration and other files"));
    }
    if (group.findings.length === 0) out.push(`  ${c.green("✓")} ${noFindingsText(fn)}`);
    for (const f of group.findings) out.push(...finding(result, f, c), "");
    if (group.findings.length === 0) out.push("");
  }
  if (result.notes.length > 0) {
    out.push(c.bold("Not audited"));
    for (const n of result.notes) out.push(`  ${c.dim("·")} ${c.cyan(n.line > 0 ? `${n.file}:${n.line}` : n.file)} ${n.message}`);
    out.push("");
  }
  const s = result.summary;
  const tone = s.bySeverity.error ? c.red : s.bySeverity.warning ? c.yellow : c.green;
  out.push(`${tone(c.bold(summaryLine(result)))} ${c.dim(`· ${s.files} files · ${(s.durationMs / 1000).toFixed(1)} s`)}`);
  return `${out.join("\n")}\n`;
};
