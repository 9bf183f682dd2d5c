import type { Colors } from "../cli/ui.js";
import { platformName } from "../platforms/index.js";
import { printableData } from "../report/escape.js";
import { breachText, bytes, change, findingCounts, millis, money, moved, priceLines, shortCommit, statusCounts } from "./format.js";
import type { DiffFinding, DiffResult } from "./types.js";

function findingLine(c: Colors, sign: "+" | "−", f: DiffFinding): string {
  const first = f.message.split("\n")[0]!;
  const text = first.length > 140 ? `${first.slice(0, 139)}…` : first;
  const mark = sign === "+" ? c.red(`+ ${f.severity}`) : c.green("− fixed");
  return `    ${mark} ${f.ruleId}  ${c.dim(`${f.file}:${f.line}`)}  ${text}`;
}

/** For a terminal or a CI log: what changed per function, the totals, the budgets and the sources. */
export function renderDiffPretty(raw: DiffResult, c: Colors): string {
  const result = printableData(raw);
  const out: string[] = [
    c.bold(`coldstart diff ${result.dir === "." ? "" : `${result.dir} `}· base ${result.base.ref} (${shortCommit(result.base.commit)}) → ${result.head.ref} (${shortCommit(result.head.commit)})`),
    statusCounts(result),
    "",
  ];
  const shown = moved(result);
  for (const fn of shown) {
    const tag = fn.status === "added" ? c.green("added") : fn.status === "removed" ? c.red("removed") : c.yellow("changed");
    out.push(`${tag}  ${c.bold(fn.id)} (${platformName(fn.platform)})`);
    out.push(`    size        ${change(fn.sizeBytes, bytes)} minified, ${change(fn.gzipBytes, bytes)} gzip`);
    out.push(`    cold start  ${change(fn.coldStartMs, millis)} (estimate)`);
    out.push(`    monthly     ${change(fn.monthlyUsd, money)}`);
    for (const f of fn.findings.added) out.push(findingLine(c, "+", f));
    for (const f of fn.findings.fixed) out.push(findingLine(c, "−", f));
    out.push("");
  }
  if (result.findings.added.length + result.findings.fixed.length > 0) {
    out.push("outside any function");
    for (const f of result.findings.added) out.push(findingLine(c, "+", f));
    for (const f of result.findings.fixed) out.push(findingLine(c, "−", f));
    out.push("");
  }
  if (shown.length === 0) out.push("No function changed in size, cost or findings.", "");
  const counts = findingCounts(result);
  out.push(`Monthly total  ${change(result.totals.monthlyUsd, money)}`);
  out.push(`Bundle total   ${change(result.totals.sizeBytes, bytes)} minified`);
  out.push(`Findings       ${counts.added} added, ${counts.fixed} fixed`);
  if (result.budgets.checked > 0) {
    const { exceeded } = result.budgets;
    out.push(
      exceeded.length === 0
        ? c.green(`Budgets        ${result.budgets.checked} checked, none exceeded`)
        : c.red(`Budgets        ${exceeded.length} of ${result.budgets.checked} exceeded:`),
    );
    for (const b of exceeded) out.push(c.red(`  ✗ ${breachText(b)}`));
  }
  out.push("", c.dim(`Sizes: ${result.sources.size}.`), c.dim(`Cold start: ${result.sources.coldStart}.`));
  for (const line of priceLines(result)) out.push(c.dim(`${line}.`));
  out.push(c.dim(`Usage: ${result.sources.usage}.`));
  return out.join("\n");
}
