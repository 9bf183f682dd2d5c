import type { CostReport } from "./estimate.js";
import { ms, quantity, unitPrice, usd } from "./format.js";
import { assumptionLine, byFunction, comparisonLines, heading, measuredInputLines, measuredLine, routesLine, sourceText, sweepMarks, title } from "./summary.js";
import { PLATFORM_NAME, type CostPlatform } from "./types.js";

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** For PR comments: a summary table, then a table per estimate. */
export function renderMarkdown(report: CostReport): string {
  const out = [`## ${heading(report)}`, "", "| Function | Platform | Monthly |", "|---|---|---:|"];
  for (const e of report.estimates) out.push(`| \`${cell(e.function)}\` | ${PLATFORM_NAME[e.platform]} | ${usd(e.monthlyUsd)} |`);
  if (report.totalsByPlatform) {
    for (const [p, v] of Object.entries(report.totalsByPlatform)) out.push(`| **Total** | ${PLATFORM_NAME[p as CostPlatform]} | **${usd(v)}** |`);
  } else {
    out.push(`| **Total** | | **${usd(report.totalMonthlyUsd)}** |`);
  }
  out.push("");
  for (const [fn, estimates] of byFunction(report)) {
    if (estimates.length > 1) out.push(`**\`${cell(fn)}\` compared:**`, "", ...comparisonLines(estimates).map((t) => `- ${cell(t)}`), "");
  }
  for (const [, estimates] of byFunction(report)) {
    for (const e of estimates) {
      out.push("<details>", `<summary>${cell(title(e))}: ${usd(e.monthlyUsd)}/month</summary>`, "");
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
    }
  }
  for (const sweep of report.sweeps ?? []) {
    out.push(`### Memory sweep: \`${cell(sweep.function)}\` on AWS Lambda`, "", `_${sweep.model}_`, "");
    out.push("| Memory | Arch | Duration | Monthly | No free tier | |", "|---:|---|---:|---:|---:|---|");
    for (const r of sweep.rows) out.push(`| ${r.memoryMb} MB | ${r.arch} | ${ms(r.durationMs)} | ${usd(r.monthlyUsd)} | ${usd(r.listUsd)} | ${sweepMarks(r)} |`);
    out.push("");
  }
  for (const n of report.notes) out.push(`_${n}_`);
  out.push("", "**Prices**", "");
  for (const [p, s] of Object.entries(report.prices)) {
    out.push(`- ${PLATFORM_NAME[p as CostPlatform]}: ${s.source}, as of ${s.asOf}`);
    for (const d of s.details) out.push(`  - ${d.what}: ${d.source}, as of ${d.asOf}`);
  }
  return out.join("\n");
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
