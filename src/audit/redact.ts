import { findSecrets } from "./analysis/secret-patterns.js";

/**
 * Secrets never leave coldstart unmasked. The engine scans every file a finding, note or code frame
 * names, then every string of the result is passed through here before any reporter, the baseline
 * or the step summary sees it: a new output format cannot forget to mask.
 */
export interface Redactor {
  /** Learns the secrets of a file (its text as read from disk). */
  learn(text: string): void;
  /** `text` with every secret it knows, or finds in `text` itself, replaced by its masked form. */
  string(text: string): string;
}

export function createRedactor(): Redactor {
  const replacements = new Map<string, string>();
  let ordered: Array<[string, string]> | undefined;
  const add = (text: string) => {
    for (const m of findSecrets(text)) {
      if (m.value.length < 6 || replacements.has(m.value)) continue;
      replacements.set(m.value, m.redacted);
      ordered = undefined;
    }
  };
  return {
    learn: add,
    string(text: string): string {
      add(text);
      if (replacements.size === 0) return text;
      // Longest first, so a key inside a longer match is replaced as part of it.
      ordered ??= [...replacements].sort((a, b) => b[0].length - a[0].length);
      let out = text;
      for (const [value, redacted] of ordered) {
        if (out.includes(value)) out = out.split(value).join(keepLines(value, redacted));
      }
      return out;
    },
  };
}

/** A value that spans lines (a PEM block) keeps its line breaks, so line numbers stay right. */
function keepLines(value: string, redacted: string): string {
  const breaks = value.split("\n").length - 1;
  return breaks === 0 ? redacted : `${redacted}${"\n…".repeat(breaks)}`;
}
