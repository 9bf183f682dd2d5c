import type { Finding, Severity } from "../audit/types.js";
import { mdCode as code, mdText } from "./escape.js";
import { countsByRule, groupByRule, heaviest, HEAVIEST_SHOWN, planLines, skipped, unreadByPackage, unreadText } from "./groups.js";
import type { Reporter } from "./shared.js";
import { docsFor, fixAddsToMessage, formatBytes, gzipPhrase, plural, summaryLine } from "./shared.js";

/** A GitHub PR comment (and an issue body) holds at most 65,536 characters. */
export const MARKDOWN_LIMIT = 65_536;
/** Kept free under the limit for what is written after the findings (the line saying what was left out). */
const RESERVE = 2_000;
const SHOWN_FUNCTIONS = 3;

const TITLE: Record<Severity, string> = { error: "🔴 Errors", warning: "🟠 Warnings", info: "🔵 Info" };

/** Already-escaped Markdown in a table cell: a pipe ends the cell (even in code), a newline the row. */
function cell(md: string): string {
  return md.replace(/\\?\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

function functionsCell(f: Finding): string {
  const all = f.functions ?? (f.function ? [f.function] : []);
  if (all.length <= SHOWN_FUNCTIONS) return all.map(code).join(", ");
  return `${all.length} functions: ${all.slice(0, SHOWN_FUNCTIONS).map(code).join(", ")} and ${all.length - SHOWN_FUNCTIONS} more`;
}

function row(f: Finding, same: boolean): string {
  let message = same ? "Same message as the row above." : mdText(f.message);
  if (f.chain && f.chain.length > 1) message += `\nChain: ${f.chain.map(code).join(" → ")}`;
  if (!same && fixAddsToMessage(f)) message += `\nFix: ${mdText(f.fix!.description)}`;
  const where = f.line > 0 ? `${f.file}:${f.line}` : f.file;
  return `| ${cell(code(f.ruleId))} | ${cell(code(where))} | ${cell(message)} | ${cell(functionsCell(f))} |`;
}

/**
 * For PR comments and $GITHUB_STEP_SUMMARY, within a comment's 65,536 characters: the counts by
 * rule first (linked to each rule's docs), then findings by severity until the budget is spent, then a line saying how many
 * were left out and where the full report is.
 */
export const markdown: Reporter = (result, options = {}) => {
  const head: string[] = ["## coldstart audit", "", `**${summaryLine(result)}**${options.hidden ? ` · ${mdText(options.hidden)}` : ""}`, ""];
  for (const line of planLines(result)) head.push(`Plan: ${mdText(line)}`, "");
  const counts = countsByRule(result.findings);
  if (counts.length > 0) {
    head.push("| Rule | Errors | Warnings | Info |", "| --- | ---: | ---: | ---: |");
    for (const r of counts) {
      const docs = docsFor(result, r.ruleId);
      head.push(`| ${cell(docs ? `[${code(r.ruleId)}](${docs})` : code(r.ruleId))} | ${r.counts.error} | ${r.counts.warning} | ${r.counts.info} |`);
    }
    head.push("");
  }
  const heavy = heaviest(result, HEAVIEST_SHOWN);
  if (heavy.length > 0) {
    head.push(`Heaviest functions (minified and gzip bytes from the esbuild metafile): ${heavy.map((fn) => `${code(fn.id)} ${formatBytes(fn.bundle!.bytes)} (${gzipPhrase(fn.bundle!.gzipBytes)}${fn.bundle!.deployOptions ? `; bundled as the deploy does: ${mdText(fn.bundle!.deployOptions)}` : ""})`).join(", ")}.`, "");
  }
  const unread = unreadByPackage(result);
  if (unread.length > 0) {
    head.push("### Not read", "");
    for (const g of unread) for (const line of unreadText(g)) head.push(`- ${code(g.pkg)} (${plural(g.functions, "function")}): ${mdText(line)}`);
    head.push("");
  }

  const out = [...head];
  let size = out.join("\n").length;
  const fits = (text: string) => size + text.length + 1 <= MARKDOWN_LIMIT - RESERVE;
  const add = (...lines: string[]) => {
    out.push(...lines);
    size += lines.reduce((sum, line) => sum + line.length + 1, 0);
  };
  // By severity, then by rule (most findings first), so that findings with the same text are adjacent.
  const sorted = groupByRule(result.findings).flatMap((group) => group.messages.flat());
  let shown = 0;
  let previous: Finding | undefined;
  for (const f of sorted) {
    if (f.severity !== previous?.severity) {
      const header = [`### ${TITLE[f.severity]} (${result.summary.bySeverity[f.severity]})`, "", "| Rule | Location | Message | Functions |", "| --- | --- | --- | --- |"];
      if (!fits(header.join("\n"))) break;
      if (previous) add("");
      add(...header);
    }
    const same = previous !== undefined && previous.ruleId === f.ruleId && previous.message === f.message;
    const line = row(f, same);
    if (!fits(line)) break;
    add(line);
    previous = f;
    shown++;
  }
  if (shown > 0) add("");

  const left = sorted.slice(shown);
  if (left.length > 0) {
    const bySeverity = (["error", "warning", "info"] as const).map((s) => [s, left.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
    const which = bySeverity.map(([s, n]) => (s === "info" ? `${n} info` : plural(n, s))).join(", ");
    const where = options.fullReport ?? "run `coldstart audit --format json` (or `--format compact`, or `--verbose`) to see every finding, or write one in the same run with `--report json=<file>`";
    add(`**${plural(left.length, "finding")} (${which}) left out to stay under GitHub's ${MARKDOWN_LIMIT.toLocaleString("en-US")}-character comment limit.** The full report: ${where}.`, "");
  }
  const gone = skipped(result);
  if (gone.length > 0) {
    add("### Not audited", "");
    for (const [i, s] of gone.entries()) {
      const line = `- ${code(s.where)}: ${mdText(s.why).replace(/\n/g, " ")}`;
      if (size + line.length + 200 > MARKDOWN_LIMIT) {
        add(`- … and ${gone.length - i} more (\`notes\` in the JSON report)`);
        break;
      }
      add(line);
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
};
