import type { Position } from "./located.js";

type Header = { prefix: number; name: string };
type KeyLine = { line: number; end: number; indent: number };

/**
 * smol-toml returns values without positions, so positions come from a light scan of the text:
 * table headers set the current table, and `key =` lines are matched within it. Lines are read
 * once, by hand rather than with backtracking patterns (a 10,000-space line inside a multi-line
 * string took minutes), into indexes, so asking for every environment's keys stays linear.
 */
export function tomlPositionFinder(text: string): (path: string[]) => Position | undefined {
  const lines = text.split(/\r?\n/);
  const keys = new Map<string, KeyLine>();
  const headers = new Map<string, Position>();
  let table = "";
  lines.forEach((raw, i) => {
    const strict = header(raw, true);
    if (strict) table = normalize(strict.name);
    // A header with text after it does not open a table, but still names one for headerAt.
    const named = strict ?? header(raw, false);
    if (named) {
      const name = normalize(named.name);
      if (!headers.has(name)) headers.set(name, { line: i + 1, column: named.prefix + lastSegmentStart(named.name) + 1 });
    }
    for (const key of keysOf(raw)) {
      const id = `${table}\0${key.name}`;
      if (!keys.has(id)) keys.set(id, { line: i, end: key.end, indent: key.indent });
    }
  });
  const keyAt = (tableName: string, key: string, inline: string[]): Position | undefined => {
    const found = keys.get(`${tableName}\0${key}`);
    if (!found) return undefined;
    return { line: found.line + 1, column: inlineColumn(lines[found.line]!, found.end, inline) ?? found.indent + 1 };
  };
  return (path) => {
    // Try `[a.b] key = ...`, then an inline table `[a] b = { key = ... }`, then a `[a.b.key]` header.
    for (let split = path.length - 1; split >= 0; split--) {
      const found = keyAt(path.slice(0, split).join("."), path[split]!, path.slice(split + 1));
      if (found) return found;
    }
    return headers.get(path.join("."));
  };
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/**
 * `[name]` or `[[name]]` at the start of a line: where the name starts and the name up to the first
 * `]` (trailing spaces dropped). `strict` also wants nothing after it but spaces and a comment.
 */
function header(line: string, strict: boolean): Header | undefined {
  let i = 0;
  while (isSpace(line[i])) i++;
  if (line[i] !== "[") return undefined;
  i++;
  if (line[i] === "[") i++;
  const bracketEnd = i;
  while (isSpace(line[i])) i++;
  const close = line.indexOf("]", i);
  if (close === -1) return undefined;
  // The name has at least one character: an all-space name keeps one space.
  const start = close === i && i > bracketEnd ? i - 1 : i;
  if (close === start) return undefined;
  let end = close;
  while (end > start + 1 && isSpace(line[end - 1])) end--;
  if (strict) {
    let j = close + 1;
    if (line[j] === "]") j++;
    while (isSpace(line[j])) j++;
    if (j < line.length && line[j] !== "#") return undefined;
  }
  return { prefix: start, name: line.slice(start, end) };
}

/**
 * The keys a `key = value` line defines at its start, as written (`name`, `"name"` and `'name'`
 * all name `name`), with where the `=` ends and how far the key is indented.
 */
function keysOf(line: string): Array<{ name: string; end: number; indent: number }> {
  let indent = 0;
  while (isSpace(line[indent])) indent++;
  const out: Array<{ name: string; end: number; indent: number }> = [];
  const afterEquals = (from: number): number | undefined => {
    let j = from;
    while (isSpace(line[j])) j++;
    return line[j] === "=" ? j + 1 : undefined;
  };
  const quote = line[indent];
  if (quote === '"' || quote === "'") {
    const close = line.indexOf(quote, indent + 1);
    const end = close === -1 ? undefined : afterEquals(close + 1);
    if (end !== undefined) out.push({ name: line.slice(indent + 1, close), end, indent });
  }
  const equals = line.indexOf("=", indent);
  if (equals > indent) {
    let keyEnd = equals;
    while (keyEnd > indent && isSpace(line[keyEnd - 1])) keyEnd--;
    if (keyEnd > indent) out.push({ name: line.slice(indent, keyEnd), end: equals + 1, indent });
  }
  return out;
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
