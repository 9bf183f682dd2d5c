/** Hostile config text, generated at test time so no big or deep file is committed. */
import { MAX_CONFIG_BYTES } from "../../../src/project/formats/limits.js";

export const DEEP = 20_000;

/** `[[[…]]]` nested DEEP levels: a JSON, YAML flow or TOML array value. */
export const deepBrackets = (depth = DEEP): string => "[".repeat(depth) + "]".repeat(depth);

/** The nine-line "billion laughs": the last alias expands to 9^9 strings. */
export function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = "abcdefghi";
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1]!;
    lines.push(`${names[i]}: &${names[i]} [${Array.from({ length: 9 }, () => `*${prev}`).join(",")}]`);
  }
  return lines.join("\n") + "\n";
}

/** Padding (a YAML/TOML comment, or JSON whitespace) that takes `text` past the size cap. */
export function oversized(text: string, comment: "#" | " "): string {
  const pad = comment === "#" ? `# ${"x".repeat(98)}\n` : " ".repeat(100);
  return text + pad.repeat(Math.ceil((MAX_CONFIG_BYTES + 1) / pad.length));
}
