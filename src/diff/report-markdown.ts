import { platformName } from "../platforms/index.js";
import { mdCode as code, mdText } from "../report/escape.js";
import { breachText, bytes, change, findingCounts, millis, money, moved, priceLines, shortCommit, statusCounts } from "./format.js";
import type { DiffFinding, DiffResult, FunctionDiff } from "./types.js";

/** The hidden line the GitHub Action finds its own comment by. */
export const COMMENT_MARKER = "<!-- coldstart-diff -->";
/** GitHub refuses a comment body over 65,536 characters; leave room for the marker and a note. */
export const COMMENT_LIMIT = 65_536;
const TOP_ROWS = 10;

function cell(md: string): string {
  return md.replace(/\\?\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

function findingsCell(fn: FunctionDiff): string {
  const { added, fixed } = fn.findings;
  if (added.length + fixed.length === 0) return "";
  return [added.length ? `+${added.length}` : "", fixed.length ? `−${fixed.length} fixed` : ""].filter(Boolean).join(" ");
}

function row(fn: FunctionDiff): string {
  return `| ${cell(code(fn.id))} | ${fn.status} | ${change(fn.sizeBytes, bytes)} | ${change(fn.gzipBytes, bytes)} | ${change(fn.coldStartMs, millis)} | ${change(fn.monthlyUsd, money)} | ${findingsCell(fn)} |`;
}

const HEADER = ["| Function | Status | Minified | Gzip | Cold start (est.) | Monthly | Findings |", "| --- | --- | --- | --- | --- | --- | --- |"];

function findingItem(sign: string, f: DiffFinding): string {
  const first = f.message.split("\n")[0]!;
  return `- ${sign} ${f.severity} ${code(f.ruleId)} ${code(`${f.file}:${f.line}`)}: ${mdText(first.length > 300 ? `${first.slice(0, 299)}…` : first)}`;
}

function findingList(title: string, findings: { added: DiffFinding[]; fixed: DiffFinding[] }): string[] {
  if (findings.added.length + findings.fixed.length === 0) return [];
  return [`**${title}**`, "", ...findings.added.map((f) => findingItem("➕", f)), ...findings.fixed.map((f) => findingItem("✅ fixed", f)), ""];
}

/**
 * For a pull-request comment: a compact table of the largest changes, the budgets, and the full
 * list collapsed. It stays under GitHub's comment limit by shortening the collapsed part.
 */
export function renderDiffMarkdown(result: DiffResult): string {
  const counts = findingCounts(result);
  const total = result.totals.monthlyUsd;
  const changed = moved(result);
  const head: string[] = [
    COMMENT_MARKER,
    "## coldstart diff",
    "",
    `**${statusCounts(result)}** · monthly ${change(total, money)} · findings +${counts.added} / −${counts.fixed} fixed`,
    "",
    `Base ${code(result.base.ref)} (${code(shortCommit(result.base.commit))}) → ${code(result.head.ref)} (${code(shortCommit(result.head.commit))})${result.dir === "." ? "" : ` in ${code(result.dir)}`}`,
    "",
  ];
  if (result.budgets.exceeded.length > 0) {
    head.push(`> [!CAUTION]`, `> **Budget exceeded** (${result.budgets.exceeded.length} of ${result.budgets.checked}):`);
    for (const b of result.budgets.exceeded) head.push(`> - ${mdText(breachText(b))}`);
    head.push("");
  } else if (result.budgets.checked > 0) {
    head.push(`Budgets: ${result.budgets.checked} checked, none exceeded.`, "");
  }
  if (changed.length === 0) head.push("No function changed in size, cost or findings.", "");
  else {
    head.push(...HEADER, ...changed.slice(0, TOP_ROWS).map(row));
    if (changed.length > TOP_ROWS) head.push("", `…and ${changed.length - TOP_ROWS} more changed functions in the full list below.`);
    head.push("");
  }
  const foot = [
    "",
    `<sub>Sizes: ${mdText(result.sources.size)}. Cold start: ${mdText(result.sources.coldStart)}. ${priceLines(result).map(mdText).join(". ")}. Usage: ${mdText(result.sources.usage)}.</sub>`,
  ];
  const detail = (functions: FunctionDiff[]) => {
    // The table above already shows every function when they all changed and fit in it.
    const table = result.functions.length > Math.min(changed.length, TOP_ROWS) ? [...HEADER, ...functions.map(row), ""] : [];
    const lines = ["<details><summary>All functions, findings added and fixed</summary>", "", ...table];
    for (const fn of functions) lines.push(...findingList(`${code(fn.id)} (${platformName(fn.platform)})`, fn.findings));
    lines.push(...findingList("Outside any function", result.findings));
    return lines;
  };
  let shown = result.functions;
  let body = [...head, ...detail(shown), "</details>", ...foot].join("\n");
  while (body.length > COMMENT_LIMIT - 200 && shown.length > 0) {
    shown = shown.slice(0, Math.floor(shown.length / 2));
    const note = `The list is cut to ${shown.length} of ${result.functions.length} functions to fit a comment; \`coldstart diff --format json\` has all of them.`;
    body = [...head, ...detail(shown), note, "", "</details>", ...foot].join("\n");
  }
  return `${body}\n`;
}

export function renderDiffJson(result: DiffResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
