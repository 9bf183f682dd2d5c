import type { Colors } from "../cli/ui.js";
import type { CostReport } from "./estimate.js";
import { bar, ms, pad, quantity, unitPrice, usd } from "./format.js";
import { assumptionLine, byFunction, comparisonLines, heading, measuredInputLines, measuredLine, routesLine, sourceText, sweepMarks, title } from "./summary.js";
import { PLATFORM_NAME, type CostPlatform, type Estimate } from "./types.js";

/** Estimates beyond this are summarised unless --verbose: a table of the most expensive, and the first few in full. */
const IN_FULL_UP_TO = 20;
const TABLE_ROWS = 10;
const SHOWN_IN_FULL = 5;

export function renderPretty(report: CostReport, c: Colors, options: { verbose?: boolean } = {}): string {
  const out: string[] = [c.bold(heading(report)), ""];
  if (report.estimates.length > IN_FULL_UP_TO && !options.verbose) out.push(...summary(report, c));
  else out.push(...everyEstimate(report, c));
  for (const sweep of report.sweeps ?? []) {
    out.push(c.bold(`Memory sweep for ${sweep.function} on AWS Lambda`), c.dim(`  Model: ${sweep.model}`));
    out.push(`  ${pad("Memory", 10)}${pad("Arch", 8)}${pad("Duration", 12, true)}${pad("Monthly", 12, true)}${pad("No free tier", 14, true)}`);
    for (const r of sweep.rows) {
      const marks = sweepMarks(r);
      const row = `  ${pad(`${r.memoryMb} MB`, 10)}${pad(r.arch, 8)}${pad(ms(r.durationMs), 12, true)}${pad(usd(r.monthlyUsd), 12, true)}${pad(usd(r.listUsd), 14, true)}${marks ? `  <- ${marks}` : ""}`;
      out.push(r.configured ? c.bold(row) : row);
    }
    out.push("");
  }
  if (report.totalsByPlatform) {
    for (const [p, v] of Object.entries(report.totalsByPlatform)) out.push(`Total on ${PLATFORM_NAME[p as CostPlatform]}: ${usd(v)}/month`);
    out.push(c.bold(`Cheapest single platform: ${usd(report.totalMonthlyUsd)}/month`));
  } else {
    out.push(c.bold(`Total: ${usd(report.totalMonthlyUsd)}/month`));
  }
  for (const n of report.notes) out.push(c.dim(n));
  if (Object.keys(report.prices).length > 0) out.push("", c.bold("Prices (check them against the live pricing pages before relying on them):"));
  for (const [p, s] of Object.entries(report.prices)) {
    out.push(`  ${PLATFORM_NAME[p as CostPlatform]}: ${s.source}, as of ${s.asOf}`);
    for (const d of s.details) out.push(c.dim(`    ${d.what}: ${d.source}, as of ${d.asOf}`));
  }
  return out.join("\n");
}

/** Every estimate in full, each function's platforms side by side first when compared. */
function everyEstimate(report: CostReport, c: Colors): string[] {
  const out: string[] = [];
  for (const [fn, estimates] of byFunction(report)) {
    if (estimates.length > 1) {
      out.push(c.bold(`${fn}: side by side`));
      const cheapest = Math.min(...estimates.map((e) => e.monthlyUsd));
      for (const e of estimates) {
        const mark = e.monthlyUsd === cheapest ? c.green("  <- cheapest") : "";
        out.push(`  ${pad(PLATFORM_NAME[e.platform], 20)}${pad(usd(e.monthlyUsd), 12, true)}/month${mark}`);
      }
      for (const text of comparisonLines(estimates)) out.push(c.dim(`  - ${text}`));
      out.push("");
    }
    for (const e of estimates) out.push(...estimateBlock(e, c), "");
  }
  return out;
}

/**
 * A project of many estimates: the most expensive in a table, with a line for the rest and their sum,
 * then the first few in full (line items, assumptions, notes), most expensive first. Estimates that
 * differ only in the function (the same defaults, as most of a large app's routes) are shown once,
 * with how many others they stand for.
 */
function summary(report: CostReport, c: Colors): string[] {
  const byCost = [...report.estimates].sort((a, b) => b.monthlyUsd - a.monthlyUsd);
  const top = byCost.slice(0, TABLE_ROWS);
  const width = Math.min(90, Math.max(...top.map((e) => e.function.length))) + 2;
  const out = [c.bold(`The ${TABLE_ROWS} most expensive of ${report.estimates.length} estimates`)];
  for (const e of top) out.push(`  ${pad(e.function, width)}${pad(PLATFORM_NAME[e.platform], 20)}${pad(usd(e.monthlyUsd), 12, true)}/month`);
  const rest = byCost.slice(TABLE_ROWS);
  out.push(c.dim(`  … ${rest.length} more, ${usd(rest.reduce((sum, e) => sum + e.monthlyUsd, 0))}/month together`), "");
  // Everything but the title line: two estimates with the same body bill the same way.
  const shapes = new Map<string, { lines: string[]; others: number }>();
  for (const e of byCost) {
    const lines = estimateBlock(e, c);
    const key = `${e.platform}\0${lines.slice(1).join("\n")}`;
    const shape = shapes.get(key);
    if (shape) shape.others++;
    else shapes.set(key, { lines, others: 0 });
  }
  const shown = [...shapes.values()].slice(0, SHOWN_IN_FULL);
  for (const { lines, others } of shown) {
    out.push(...lines);
    if (others > 0) out.push(c.dim(`  The same line items and assumptions for ${others} other estimate${others === 1 ? "" : "s"}.`));
    out.push("");
  }
  const kinds = shapes.size === shown.length ? `all ${shapes.size}` : `the ${shown.length} most expensive of ${shapes.size}`;
  out.push(c.dim(`Shown in full: ${kinds} distinct estimates. --verbose prints every estimate; --format json or markdown has them too.`), "");
  return out;
}

function estimateBlock(e: Estimate, c: Colors): string[] {
  const max = Math.max(0, ...e.lines.map((l) => Math.abs(l.usd)));
  const itemW = Math.max(24, ...e.lines.map((l) => l.item.length)) + 2;
  const out = [`${c.bold(title(e))}  ${c.green(`${usd(e.monthlyUsd)}/month`)}`];
  out.push(c.dim(`  ${pad("Item", itemW)}${pad("Quantity", 22, true)}${pad("Unit price", 16, true)}${pad("Monthly", 12, true)}`));
  for (const l of e.lines) {
    const q = `${quantity(l.quantity)} ${l.unit}`;
    out.push(`  ${pad(l.item, itemW)}${pad(q, 22, true)}${pad(unitPrice(l.unitPriceUsd), 16, true)}${pad(usd(l.usd), 12, true)}  ${l.usd < 0 ? c.dim(bar(l.usd, max)) : c.cyan(bar(l.usd, max))}`);
    const from = sourceText(l);
    if (from) out.push(c.dim(`    ^ ${from}`));
  }
  const a = e.assumptions;
  out.push(`  Assumes: ${assumptionLine(e)}`);
  if (a.routes) out.push(`  ${routesLine(a.routes)}`);
  if (a.measured) out.push(`  ${measuredLine(a.measured)}`, ...measuredInputLines(a.measured).map((l, i) => (i === 0 ? `    ${l}` : `    - ${l}`)));
  if (a.defaulted.length) out.push(c.dim(`  Defaults used (not given): ${a.defaulted.join("; ")}`));
  for (const n of a.notes) out.push(c.dim(`  - ${n}`));
  for (const w of a.warnings) out.push(c.yellow(`  ! ${w}`));
  return out;
}
