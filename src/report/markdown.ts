import { mdCode as code, mdText } from "./escape.js";
import type { Reporter } from "./shared.js";
import { alsoReachedFrom, docsFor, fixAddsToMessage, formatBytes, groupByFunction, noFindingsText, summaryLine, unreadLines } from "./shared.js";

const ICON = { error: "🔴 error", warning: "🟠 warning", info: "🔵 info" } as const;

/** Already-escaped Markdown in a table cell: a pipe ends the cell (even in code), a newline the row. */
function cell(md: string): string {
  return md.replace(/\\?\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** For PR comments and $GITHUB_STEP_SUMMARY: a table per function with its bundle and findings. */
export const markdown: Reporter = (result) => {
  const out: string[] = ["## coldstart audit", "", `**${summaryLine(result)}**`, ""];
  const byId = new Map(result.functions.map((fn) => [fn.id, fn]));
  for (const group of groupByFunction(result)) {
    const fn = group.id === undefined ? undefined : byId.get(group.id);
    if (!fn && group.findings.length === 0) continue;
    if (fn) {
      const size = fn.bundle ? `${formatBytes(fn.bundle.bytes)}${fn.bundle.deployOptions ? ` (${fn.bundle.deployOptions})` : " minified"}, ${formatBytes(fn.bundle.gzipBytes)} gzip` : "not bundled";
      out.push(`### ${code(fn.id)}`, "", `${fn.platform} · ${fn.runtime} · entry ${code(fn.entry)} · bundle ${size}`, "");
      const unread = unreadLines(fn);
      if (unread.length > 0) out.push(...unread.map((line) => `- ${mdText(line)}`), "");
    } else {
      out.push("### Configuration and other files", "");
    }
    if (group.findings.length === 0) {
      const text = noFindingsText(fn);
      out.push(`${text[0]!.toUpperCase()}${text.slice(1)}.`, "");
      continue;
    }
    out.push("| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |");
    for (const f of group.findings) {
      const docs = docsFor(result, f.ruleId);
      const rule = docs ? `[${f.ruleId}](${docs})` : f.ruleId;
      let message = mdText(f.message);
      if (f.chain && f.chain.length > 1) message += `\nChain: ${f.chain.map(code).join(" → ")}`;
      const others = alsoReachedFrom(f);
      if (others.length > 0) message += `\nAlso reached from: ${others.map(code).join(", ")}`;
      if (fixAddsToMessage(f)) message += `\nFix: ${mdText(f.fix!.description)}`;
      out.push(`| ${ICON[f.severity]} | ${cell(rule)} | ${cell(code(`${f.file}:${f.line}`))} | ${cell(message)} |`);
    }
    out.push("");
  }
  if (result.notes.length > 0) {
    out.push("### Not audited", "");
    for (const n of result.notes) out.push(`- ${code(n.line > 0 ? `${n.file}:${n.line}` : n.file)}: ${mdText(n.message).replace(/\n/g, " ")}`);
  }
  return `${out.join("\n").trimEnd()}\n`;
};
