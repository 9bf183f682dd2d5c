import type { ts as TS } from "ts-morph";
import { lineOf, literalValue, loadTs, parseSource, parseWalkable, propertyName, unwrap } from "../../source/typescript.js";

export interface Located<T> {
  value: T;
  line: number;
  column: number;
}

/** What a route, middleware or API file exports that decides how it runs. */
export interface SegmentConfig {
  /** `export const runtime = "edge"`. */
  runtime?: Located<string>;
  /** `export const config = { runtime: "edge" }` (pages router, middleware, Vercel functions). */
  configRuntime?: Located<string>;
  maxDuration?: Located<number>;
  configMaxDuration?: Located<number>;
  regions?: Located<string[]>;
}

/**
 * Reads the exported segment config without running the file. A text pre-scan skips the parse for
 * files that cannot contain one; only literal values count (Next.js requires them to be static).
 */
export async function readSegmentConfig(fileName: string, text: string): Promise<SegmentConfig> {
  if (!/\b(runtime|maxDuration|config|preferredRegion|regions)\b/.test(text) || !/\bexport\b/.test(text)) return {};
  // Most files export their settings on lines of their own: read those without loading TypeScript.
  return scanSegmentConfig(fileName, text) ?? parseSegmentConfig(fileName, text);
}

/** readSegmentConfig by TypeScript's parse: what scanSegmentConfig must agree with whenever it decides. */
export async function parseSegmentConfig(fileName: string, text: string): Promise<SegmentConfig> {
  const ts = await loadTs();
  // A tree too deep to walk is left to the engine, which reports it once for every check.
  const parsed = parseWalkable(ts, () => parseSource(ts, fileName, text));
  if (!("sf" in parsed)) return {};
  const { sf } = parsed;
  const out: SegmentConfig = {};
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
      const name = decl.name.text;
      const init = unwrap(ts, decl.initializer);
      const value = literalValue(ts, init);
      const at = lineOf(sf, decl);
      if (name === "runtime" && typeof value === "string") out.runtime = { value, ...at };
      else if (name === "maxDuration" && typeof value === "number") out.maxDuration = { value, ...at };
      else if (name === "preferredRegion") {
        const regions = stringList(ts, init);
        if (regions) out.regions = { value: regions, ...at };
      } else if (name === "config" && ts.isObjectLiteralExpression(init)) readConfigObject(ts, sf, init, out);
    }
  }
  return out;
}

function readConfigObject(ts: typeof TS, sf: TS.SourceFile, obj: TS.ObjectLiteralExpression, out: SegmentConfig): void {
  for (const prop of obj.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const key = propertyName(ts, prop.name);
    const value = literalValue(ts, prop.initializer);
    const at = lineOf(sf, prop);
    if (key === "runtime" && typeof value === "string") out.configRuntime = { value, ...at };
    else if (key === "maxDuration" && typeof value === "number") out.configMaxDuration = { value, ...at };
    else if (key === "regions") {
      const regions = stringList(ts, prop.initializer);
      if (regions) out.regions = { value: regions, ...at };
    }
  }
}

function stringList(ts: typeof TS, node: TS.Expression): string[] | undefined {
  const e = unwrap(ts, node);
  const single = literalValue(ts, e);
  if (typeof single === "string") return [single];
  if (!ts.isArrayLiteralExpression(e)) return undefined;
  const values = e.elements.map((el) => literalValue(ts, el));
  return values.every((v): v is string => typeof v === "string") ? values : undefined;
}

/** The names whose top-level exported declarations the parse reads (`regions` only inside `config`). */
const DECLARED = new Set(["runtime", "maxDuration", "preferredRegion"]);
const STRING = String.raw`(?:"[^"\\\n]*"|'[^'\\\n]*')`;
/** `export const NAME = VALUE` alone on its line; the value a plain string, integer or list of strings. */
const SIMPLE_LINE = new RegExp(
  String.raw`^export[ \t]+const[ \t]+(runtime|maxDuration|preferredRegion)[ \t]*=[ \t]*(${STRING}|0|[1-9][0-9]*|\[[ \t]*(?:${STRING}[ \t]*(?:,[ \t]*${STRING}[ \t]*)*,?[ \t]*)?\])(?:[ \t]+as[ \t]+const)?[ \t]*(;?)[ \t]*(?:\/\/.*)?$`,
);
const MAX_SCAN_DEPTH = 100;

/**
 * The segment config read from the text alone, when the text decides it: every code occurrence of a
 * name the parse reads, at the top level, is an `export const NAME = literal` line of its own, and the
 * file lexes plainly (no regular expression or division, no JSX, no escapes in code, balanced brackets,
 * no `config` at the top level). Anything else is undefined: the caller parses. Locations are the
 * parse's: the declared name's line and column.
 */
export function scanSegmentConfig(fileName: string, text: string): SegmentConfig | undefined {
  if (/\.[jt]sx$/i.test(fileName) || /\r(?!\n)|[\u2028\u2029\uFEFF]/.test(text)) return undefined;
  const found = topLevelNames(text);
  if (!found) return undefined;
  const out: SegmentConfig = {};
  for (const { name, at } of found) {
    if (name === "config") return undefined;
    if (!DECLARED.has(name)) continue;
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    let lineEnd = text.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = text.length;
    const m = SIMPLE_LINE.exec(text.slice(lineStart, lineEnd).replace(/\r$/, ""));
    if (!m || lineStart + m[0].indexOf(m[1]!, "export const".length) !== at) return undefined;
    // Without a semicolon the statement could go on past the line (`* 60`, `.concat(…)`): only a
    // new statement or the end of the file may follow.
    if (!m[3] && !endsStatement(text, lineEnd)) return undefined;
    const line = text.slice(0, lineStart).split("\n").length;
    const located = { line, column: at - lineStart + 1 };
    const raw = m[2]!;
    if (m[1] === "runtime") {
      if (!/^["']/.test(raw)) return undefined;
      out.runtime = { value: raw.slice(1, -1), ...located };
    } else if (m[1] === "maxDuration") {
      if (!/^[0-9]/.test(raw)) return undefined;
      out.maxDuration = { value: Number(raw), ...located };
    } else {
      if (/^[0-9]/.test(raw)) return undefined;
      const strings = raw.startsWith("[") ? [...raw.matchAll(/"([^"]*)"|'([^']*)'/g)].map((s) => s[1] ?? s[2]!) : [raw.slice(1, -1)];
      out.regions = { value: strings, ...located };
    }
  }
  return out;
}

/** After a line without a semicolon: the end of the file, or a word that cannot continue an expression. */
function endsStatement(text: string, from: number): boolean {
  const rest = text.slice(from).replace(/^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/, "");
  if (rest === "") return true;
  const word = /^[A-Za-z_$][\w$]*/.exec(rest)?.[0];
  return word !== undefined && !["as", "satisfies", "in", "instanceof"].includes(word);
}

/**
 * The identifiers of interest outside comments and strings, with their bracket depth zero, or
 * undefined when the text does not lex plainly (see scanSegmentConfig).
 */
function topLevelNames(text: string): Array<{ name: string; at: number }> | undefined {
  const found: Array<{ name: string; at: number }> = [];
  // Open brackets; "${" marks a template's substitution, whose "}" resumes the template.
  const stack: string[] = [];
  let i = text.startsWith("#!") ? text.indexOf("\n") : 0;
  if (i < 0) return found;
  const n = text.length;
  const template = (): boolean => {
    // At the character after "`" or after a substitution's "}": runs to the closing "`" or the next "${".
    for (; i < n; i++) {
      const c = text[i];
      if (c === "\\") i++;
      else if (c === "`") {
        i++;
        return true;
      } else if (c === "$" && text[i + 1] === "{") {
        stack.push("${");
        i += 2;
        return true;
      }
    }
    return false;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === "/") {
      if (text[i + 1] === "/") {
        const end = text.indexOf("\n", i);
        i = end < 0 ? n : end;
      } else if (text[i + 1] === "*") {
        const end = text.indexOf("*/", i + 2);
        if (end < 0) return undefined;
        i = end + 2;
      } else return undefined; // a regular expression or a division: not worth telling apart
    } else if (c === '"' || c === "'") {
      for (i++; i < n && text[i] !== c; i++) {
        if (text[i] === "\n") return undefined;
        if (text[i] === "\\") i++;
      }
      if (i >= n) return undefined;
      i++;
    } else if (c === "`") {
      i++;
      if (!template()) return undefined;
    } else if (c === "{" || c === "(" || c === "[") {
      stack.push(c);
      if (stack.length > MAX_SCAN_DEPTH) return undefined;
      i++;
    } else if (c === "}" || c === ")" || c === "]") {
      const open = stack.pop();
      if (open === undefined || (c === ")" && open !== "(") || (c === "]" && open !== "[") || (c === "}" && open !== "{" && open !== "${")) return undefined;
      i++;
      if (open === "${" && !template()) return undefined;
    } else if (c === "\\") {
      return undefined;
    } else if (wordChar(text.charCodeAt(i))) {
      const start = i;
      while (i < n && wordChar(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      if (stack.length === 0 && (DECLARED.has(word) || word === "config")) found.push({ name: word, at: start });
    } else i++;
  }
  return stack.length === 0 ? found : undefined;
}

/** A character of a word as topLevelNames reads words: [\w$\u0080-\uffff], by code (a regular expression per character costs more than the rest of the scan). */
function wordChar(code: number): boolean {
  return code >= 0x80 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}
