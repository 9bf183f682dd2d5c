/**
 * Text from a project (file names, source lines, config values quoted in messages) is untrusted:
 * escape sequences in it could retitle or clear a terminal, or forge a line such as "0 errors";
 * Markdown or HTML in it could add links, images or @mentions to a PR comment.
 */

// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
// isolates that reorder what is shown (Trojan Source), plus the Unicode line separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_AND_NEWLINE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every control character shown as an escape (`\x1b`); newlines kept when asked. */
export function printable(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? CONTROL : CONTROL_AND_NEWLINE, visible);
}

/** Fields whose line breaks are coldstart's own layout (messages, fix examples); all else is one line. */
const MULTILINE = new Set(["message", "description", "example", "hint"]);

/**
 * A copy of a report's data with every string made printable: for the formats people read in a
 * terminal or a CI log (pretty, github). Keys are escaped too (excerpts are keyed by file name).
 */
export function printableData<T>(value: T, key = ""): T {
  if (typeof value === "string") return printable(value, MULTILINE.has(key)) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((item) => printableData(item, key)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[printable(k)] = printableData(v, k);
    return out as T;
  }
  return value;
}

/** An inline code span that holds `text` whatever it contains (backticks, newlines). */
export function mdCode(text: string): string {
  const safe = printable(text);
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = safe.startsWith("`") || safe.endsWith("`") ? " " : "";
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/**
 * Message text for Markdown: code spans (`like this`) kept as code; outside them, HTML, links,
 * images, emphasis and @mentions are escaped so they show as typed. Newlines are kept.
 */
export function mdText(text: string): string {
  const parts = printable(text, true).split(/(`[^`\n]*`)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\[\]()*_~<>!#|]/g, "\\$&").replace(/@/g, "&#64;").replace(/&(?!#64;)/g, "&amp;"))).join("");
}
