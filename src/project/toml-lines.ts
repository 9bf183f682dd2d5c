import type { Position } from "./located.js";

/**
 * smol-toml returns values without positions, so positions come from a light scan of the text:
 * table headers set the current table, and `key =` lines are matched within it.
 */
export function tomlPositionFinder(text: string): (path: string[]) => Position | undefined {
  const lines = text.split(/\r?\n/);
  const headers = lines.map((raw) => /^(\s*\[\[?\s*)([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(raw));
  const tableOfLine: string[] = [];
  let table = "";
  for (const header of headers) {
    if (header) table = normalize(header[2]!);
    tableOfLine.push(table);
  }
  const keyAt = (tableName: string, key: string, inline: string[]): Position | undefined => {
    const re = new RegExp(`^(\\s*)${keyPattern(key)}\\s*=`);
    for (let i = 0; i < lines.length; i++) {
      const match = tableOfLine[i] === tableName ? re.exec(lines[i]!) : null;
      if (match) return { line: i + 1, column: inlineColumn(lines[i]!, match[0].length, inline) ?? match[1]!.length + 1 };
    }
    return undefined;
  };
  const headerAt = (tableName: string): Position | undefined => {
    for (let i = 0; i < lines.length; i++) {
      const header = headers[i] ?? /^(\s*\[\[?\s*)([^\]]+?)\s*\]\]?/.exec(lines[i]!);
      if (header && normalize(header[2]!) === tableName) return { line: i + 1, column: header[1]!.length + lastSegmentStart(header[2]!) + 1 };
    }
    return undefined;
  };
  return (path) => {
    // Try `[a.b] key = ...`, then an inline table `[a] b = { key = ... }`, then a `[a.b.key]` header.
    for (let split = path.length - 1; split >= 0; split--) {
      const found = keyAt(path.slice(0, split).join("."), path[split]!, path.slice(split + 1));
      if (found) return found;
    }
    return headerAt(path.join("."));
  };
}

/** The column of `inline` keys (`b = { key = 1 }`) after `from`, when written on the same line. */
function inlineColumn(line: string, from: number, inline: string[]): number | undefined {
  let pos = from;
  let keyStart: number | undefined;
  for (const key of inline) {
    const match = new RegExp(`([{,]\\s*)(${keyPattern(key)})\\s*=`).exec(line.slice(pos));
    if (!match) return undefined;
    keyStart = pos + match.index + match[1]!.length;
    pos = keyStart + match[2]!.length;
  }
  return keyStart === undefined ? undefined : keyStart + 1;
}

function keyPattern(key: string): string {
  const k = escape(key);
  return `(?:"${k}"|'${k}'|${k})`;
}

/** Offset of the last dotted part of a header name (`env.staging` -> 4), quotes respected. */
function lastSegmentStart(name: string): number {
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ".") start = i + 1;
  }
  while (name[start] === " ") start++;
  return start;
}

function normalize(name: string): string {
  return name
    .split(".")
    .map((part) => part.trim().replace(/^["']|["']$/g, ""))
    .join(".");
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
