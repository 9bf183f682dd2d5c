import { createHash } from "node:crypto";
import type { Finding } from "./types.js";

/**
 * A fingerprint that survives line moves: the rule, file, function and the trimmed text of the
 * finding's line, plus how many identical findings came before it (so duplicates stay distinct).
 */
export function fingerprintAll(findings: Finding[], lineText: (file: string, line: number) => string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const text = lineText(f.file, f.line).trim().replace(/\s+/g, " ");
    const key = [f.ruleId, f.file, f.function ?? "", text].join("\0");
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash("sha256").update(`${key}\0${n}`).digest("hex").slice(0, 20);
  });
}
