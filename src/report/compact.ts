import { printable } from "./escape.js";
import type { Reporter } from "./shared.js";

/**
 * One line per finding, `file:line:col: severity rule message`, for editors' problem matchers and
 * grep: the message on one line, project text made printable, the order the engine's (file, line,
 * column, rule). A finding about a whole file points at 1:1. A shared finding is one line, with the
 * number of functions that reach it.
 */
export const compact: Reporter = (result) => {
  const lines = result.findings.map((f) => {
    const where = f.line > 0 ? `${f.file}:${f.line}:${Math.max(1, f.column)}` : `${f.file}:1:1`;
    const reach = f.functions && f.functions.length > 1 ? ` (reached from ${f.functions.length} functions)` : "";
    const message = f.message.replace(/\s*\r?\n\s*/g, " ");
    return printable(`${where}: ${f.severity} ${f.ruleId} ${message}${reach}`);
  });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
};
