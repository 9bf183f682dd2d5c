import { createRequire } from "node:module";
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { runShare } from "./run-share.js";

/**
 * ts-morph by require(): it is CommonJS, and an ESM import of it makes Node lex its source for the
 * export names first (about 0.2 s of CPU). Loaded only for its wrappers (a rule that asks for a wrapped
 * source file); the checks take TypeScript alone from requireTypeScript().
 */
export function requireTsMorph(): typeof import("ts-morph") {
  return createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph");
}

let typescript: typeof TS | undefined;

/**
 * TypeScript's compiler API: the module whose members ts-morph re-exports as `ts` (its own copy, which
 * @ts-morph/common keeps in dist/typescript.js), without loading ts-morph and @ts-morph/common
 * themselves (4 MB more JavaScript, ~0.1 s of CPU on every audit): the checks only walk compiler
 * nodes. Found from ts-morph's own location, so any install layout that gives ts-morph its
 * @ts-morph/common gives this too; a layout without that file falls back to ts-morph's export.
 */
export function requireTypeScript(): typeof TS {
  if (typescript) return typescript;
  const require = createRequire(import.meta.url);
  try {
    const common = createRequire(require.resolve("ts-morph")).resolve("@ts-morph/common");
    typescript = require(path.join(path.dirname(common), "typescript.js")) as typeof TS;
  } catch {
    typescript = undefined;
  }
  if (typeof typescript?.createSourceFile !== "function") typescript = requireTsMorph().ts;
  return typescript;
}

/**
 * A stand-in for TypeScript's compiler API that loads it (requireTypeScript) on its first use and
 * hands it to `swap`: the build makes the rules' `ts` a live binding that swap() replaces with the
 * real module, so only that first use goes through the proxy. TypeScript is 9 MB of JavaScript
 * (about 0.1 s of CPU with the compile cache): an audit that parses no file never loads it.
 */
export function typeScriptOnFirstUse(swap: (real: typeof TS) => void): typeof TS {
  const real = () => {
    const ts = requireTypeScript();
    swap(ts);
    return ts;
  };
  return new Proxy({} as typeof TS, {
    get: (_, key) => Reflect.get(real(), key) as unknown,
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/** TypeScript's compiler API (see requireTypeScript), loaded only when a file needs parsing. */
export function loadTs(): Promise<typeof TS> {
  return Promise.resolve(requireTypeScript());
}

export function scriptKindFor(ts: typeof TS, fileName: string): TS.ScriptKind {
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Trees parsed by absolute path while an audit runs (shareParses): its checks take the tree
 * discovery made of a route file instead of parsing the same text again.
 */
const parses = runShare<{ text: string; kind: TS.ScriptKind; sf: TS.SourceFile }>();

export function parseSource(ts: typeof TS, fileName: string, text: string): TS.SourceFile {
  const kind = scriptKindFor(ts, fileName);
  const known = sharedTree(fileName, text, kind);
  if (known) return known;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  if (path.isAbsolute(fileName)) parses.current?.set(fileName, { text, kind, sf });
  return sf;
}

/** The tree parsed of this file with this text and kind during the open share, if any. */
export function sharedTree(fileName: string, text: string, kind: TS.ScriptKind): TS.SourceFile | undefined {
  const hit = parses.current?.get(fileName);
  return hit && hit.kind === kind && hit.text === text ? hit.sf : undefined;
}

/** Keeps what parseSource parses until the returned function is called (by every opener). */
export function shareParses(): () => void {
  return parses.open();
}

/**
 * Syntax trees deeper than this are not walked: the walks recurse, and generated code (a 3,000-term
 * string concatenation, arrays nested a thousand deep) would exhaust the stack. Hand-written code
 * stays far below it.
 */
export const MAX_TREE_DEPTH = 500;

/**
 * Runs `parse`, then measures the tree's depth without recursing. A parser that runs out of stack,
 * or a tree deeper than MAX_TREE_DEPTH, gives why instead of the tree.
 */
export function parseWalkable(ts: typeof TS, parse: () => TS.SourceFile): { sf: TS.SourceFile } | { why: string } {
  let root: TS.SourceFile;
  try {
    root = parse();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { why: "it is nested too deeply for the TypeScript parser" };
  }
  const stack: Array<[TS.Node, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) return { why: `its syntax tree is more than ${MAX_TREE_DEPTH} levels deep` };
    ts.forEachChild(node, (child) => {
      stack.push([child, depth + 1]);
    });
  }
  return { sf: root };
}

/** Strips `as const`, `satisfies X`, parentheses and non-null assertions around an expression. */
export function unwrap(ts: typeof TS, node: TS.Expression): TS.Expression {
  let current = node;
  for (;;) {
    if (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) {
      current = current.expression;
    } else return current;
  }
}

export function propertyName(ts: typeof TS, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

export function lineOf(sf: TS.SourceFile, node: TS.Node): { line: number; column: number } {
  const pos = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { line: pos.line + 1, column: pos.character + 1 };
}

/** The literal value of a string, number, boolean or simple template, else undefined. */
export function literalValue(ts: typeof TS, node: TS.Expression): string | number | boolean | undefined {
  const e = unwrap(ts, node);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ""));
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const l = literalValue(ts, e.left);
    const r = literalValue(ts, e.right);
    if (typeof l === "number" && typeof r === "number") return l * r;
  }
  return undefined;
}
