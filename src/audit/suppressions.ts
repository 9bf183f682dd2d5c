import type { Finding } from "./types.js";

/**
 * `// coldstart-ignore-next-line <rule-id>[, <rule-id>] -- reason` (also `#` in YAML/TOML) and
 * `/* coldstart-ignore-file <rule-id> *\/`. Without a rule id a comment covers every rule.
 */
export interface Suppression {
  kind: "next-line" | "file";
  /** Rule ids; empty means all rules. */
  ruleIds: string[];
  /** 1-based line of the comment. */
  line: number;
  column: number;
  used: boolean;
}

const COMMENT = /(\/\/|#|\/\*)[ \t]*coldstart-ignore-(next-line|file)\b([^\n]*)/g;

export function parseSuppressions(text: string): Suppression[] {
  if (!text.includes("coldstart-ignore-")) return [];
  const found: Suppression[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const m of text.matchAll(COMMENT)) {
    for (let i = scanned; i < m.index; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    scanned = m.index;
    let rest = m[3]!;
    if (m[1] === "/*") rest = rest.split("*/")[0]!;
    rest = rest.split(/\s--\s|\s--$/)[0]!;
    const ruleIds = rest.split(/[\s,]+/).filter((id) => /^[a-z][\w-]*(\/[\w-]+)*$/.test(id));
    found.push({ kind: m[2] === "file" ? "file" : "next-line", ruleIds, line, column: m.index - lineStart + 1, used: false });
  }
  return found;
}

function covers(s: Suppression, ruleId: string): boolean {
  return s.ruleIds.length === 0 || s.ruleIds.includes(ruleId);
}

/** Removes suppressed findings, marking the suppressions they used. */
export function applySuppressions(
  findings: Finding[],
  suppressionsOf: (file: string) => Suppression[],
): { kept: Finding[]; suppressed: number } {
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const list = suppressionsOf(finding.file);
    const hit = list.find(
      (s) => covers(s, finding.ruleId) && (s.kind === "file" || s.line === finding.line - 1),
    );
    if (hit) {
      hit.used = true;
      suppressed++;
    } else {
      kept.push(finding);
    }
  }
  return { kept, suppressed };
}
