import type { CostReport } from "./estimate.js";
import { ms, quantity, unitPrice, usd } from "./format.js";
import { assumptionLine, byFunction, comparisonLines, heading, measuredInputLines, measuredLine, routesLine, sourceText, sweepMarks, title } from "./summary.js";
import { MARKDOWN_LIMIT } from "../report/markdown.js";
import { plural } from "../report/shared.js";
import { PLATFORM_NAME, type CostPlatform, type Estimate } from "./types.js";

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** Kept free under the limit for the closing lines (left-out counts). */
const RESERVE = 2_000;

/**
 * For PR comments and step summaries, within a comment's 65,536 characters (as the audit's Markdown):
 * the summary table (every estimate, or the most expensive ones with one row for the rest), the
 * comparisons, then each estimate's details until the budget is spent, with a line saying how many
 * were left out and how to see them. Memory sweeps, notes and the price sources always fit: they are
 * set aside first.
 */
export function renderMarkdown(report: CostReport): string {
  const tail: string[] = [];
  for (const sweep of report.sweeps ?? []) {
    tail.push(`### Memory sweep: \`${cell(sweep.function)}\` on AWS Lambda`, "", `_${sweep.model}_`, "");
    tail.push("| Memory | Arch | Duration | Monthly | No free tier | |", "|---:|---|---:|---:|---:|---|");
    for (const r of sweep.rows) tail.push(`| ${r.memoryMb} MB | ${r.arch} | ${ms(r.durationMs)} | ${usd(r.monthlyUsd)} | ${usd(r.listUsd)} | ${sweepMarks(r)} |`);
    tail.push("");
  }
  for (const n of report.notes) tail.push(`_${n}_`);
  tail.push("", "**Prices**", "");
  for (const [p, s] of Object.entries(report.prices)) {
    tail.push(`- ${PLATFORM_NAME[p as CostPlatform]}: ${s.source}, as of ${s.asOf}`);
    for (const d of s.details) tail.push(`  - ${d.what}: ${d.source}, as of ${d.asOf}`);
  }
  const out: string[] = [];
  let size = length(tail);
  const fits = (lines: string[]) => size + length(lines) <= MARKDOWN_LIMIT - RESERVE;
  const add = (...lines: string[]) => {
    out.push(...lines);
    size += length(lines);
  };

  add(`## ${heading(report)}`, "", "| Function | Platform | Monthly |", "|---|---|---:|");
  const rowOf = (e: Estimate) => `| \`${cell(e.function)}\` | ${PLATFORM_NAME[e.platform]} | ${usd(e.monthlyUsd)} |`;
  const totals = report.totalsByPlatform
    ? Object.entries(report.totalsByPlatform).map(([p, v]) => `| **Total** | ${PLATFORM_NAME[p as CostPlatform]} | **${usd(v)}** |`)
    : [`| **Total** | | **${usd(report.totalMonthlyUsd)}** |`];
  // The table takes at most half of what is left: every row when they fit, else the most expensive and a row for the rest.
  const tableBudget = (MARKDOWN_LIMIT - RESERVE - size) / 2;
  const rows = report.estimates.map(rowOf);
  if (length([...rows, ...totals]) <= tableBudget) {
    add(...rows);
  } else {
    const byCost = [...report.estimates].sort((a, b) => b.monthlyUsd - a.monthlyUsd);
    let used = length(totals) + 200;
    let shown = 0;
    for (; shown < byCost.length; shown++) {
      const row = rowOf(byCost[shown]!);
      if (used + row.length + 1 > tableBudget) break;
      add(row);
      used += row.length + 1;
    }
    const rest = byCost.slice(shown);
    add(`| … ${plural(rest.length, "more estimate")} (the least expensive; every one is in the JSON report) | | ${usd(rest.reduce((sum, e) => sum + e.monthlyUsd, 0))} |`);
  }
  add(...totals, "");
  for (const [fn, estimates] of byFunction(report)) {
    const compared = [`**\`${cell(fn)}\` compared:**`, "", ...comparisonLines(estimates).map((t) => `- ${cell(t)}`), ""];
    if (estimates.length > 1 && fits(compared)) add(...compared);
  }
  // In the report's order when all fit, else the most expensive first.
  const blocks = report.estimates.map((e) => ({ e, block: details(e) }));
  if (!fits(blocks.flatMap((b) => b.block))) blocks.sort((a, b) => b.e.monthlyUsd - a.e.monthlyUsd);
  let detailed = 0;
  for (const { block } of blocks) {
    if (!fits(block)) break;
    add(...block);
    detailed++;
  }
  const left = report.estimates.length - detailed;
  if (left > 0) {
    add(`**The details of ${plural(left, "estimate")} left out to stay under GitHub's ${MARKDOWN_LIMIT.toLocaleString("en-US")}-character comment limit.** The full report: \`coldstart cost --format json\` (or the default terminal format).`, "");
  }
  return [...out, ...tail].join("\n");
}

/** The characters of lines joined by newlines, with the newline after the last. */
function length(lines: string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}

/** One estimate's line items, assumptions and notes, folded. */
function details(e: Estimate): string[] {
  const out = ["<details>", `<summary>${cell(title(e))}: ${usd(e.monthlyUsd)}/month</summary>`, ""];
  out.push("| Item | Quantity | Unit price | Monthly |", "|---|---:|---:|---:|");
  for (const l of e.lines) {
    const from = sourceText(l);
    out.push(`| ${cell(l.item)}${from ? `<br><sub>${cell(from)}</sub>` : ""} | ${quantity(l.quantity)} ${l.unit} | ${unitPrice(l.unitPriceUsd)} | ${usd(l.usd)} |`);
  }
  out.push("", `Assumes: ${assumptionLine(e)}.`);
  const a = e.assumptions;
  if (a.routes) out.push(`${cell(routesLine(a.routes))}.`);
  if (a.measured) {
    const [weights, ...inputs] = measuredInputLines(a.measured);
    out.push(`${cell(measuredLine(a.measured))}.`);
    if (weights) out.push("", cell(weights), "", ...inputs.map((l) => `- ${cell(l)}`), "");
  }
  if (a.defaulted.length) out.push(`Defaults used: ${a.defaulted.join("; ")}.`);
  for (const n of a.notes) out.push(`- ${n}`);
  for (const w of a.warnings) out.push(`- :warning: ${w}`);
  out.push("", "</details>", "");
  return out;
}

/** What `cost --format json` prints and the Node API's `cost()` returns: one shape for both. */
export type CostJson = ReturnType<typeof costJson>;

export function costJson(report: CostReport) {
  const { estimates, totalMonthlyUsd, prices, mode, totalsByPlatform, sweeps, notes } = report;
  return { estimates, totalMonthlyUsd, prices, mode, ...(totalsByPlatform ? { totalsByPlatform } : {}), ...(sweeps ? { sweeps } : {}), notes };
}

export function renderJson(report: CostReport): string {
  return JSON.stringify(costJson(report), null, 2);
}
