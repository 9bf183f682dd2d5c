import path from "node:path";
import type { ts as TS } from "ts-morph";
import { loc, readOrReport, type ScanContext } from "../context.js";
import type { SourceLocation } from "../types.js";
import { lineOf, literalValue, loadTs, parseSource, propertyName, unwrap } from "./typescript.js";

/**
 * A JavaScript or TypeScript config file (vite.config.ts, open-next.config.ts, app.config.ts),
 * read statically: its imports, the object it exports, and calls to imported functions. Nothing
 * in it is run.
 */
export interface JsConfig {
  ts: typeof TS;
  sf: TS.SourceFile;
  abs: string;
  /** The exported config object (through `defineConfig(...)`, a variable, `satisfies`, `module.exports`). */
  root: TS.ObjectLiteralExpression | undefined;
  /** Local name -> the module it is imported from. */
  imports: Map<string, string>;
}

export async function readJsConfig(ctx: ScanContext, rel: string): Promise<JsConfig | undefined> {
  const abs = path.join(ctx.pkgRoot, rel);
  const text = await readOrReport(ctx, abs);
  if (text === undefined) return undefined;
  const ts = await loadTs();
  const sf = parseSource(ts, rel, text);
  const imports = new Map<string, string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.importClause) {
      const from = s.moduleSpecifier.text;
      if (s.importClause.name) imports.set(s.importClause.name.text, from);
      const named = s.importClause.namedBindings;
      if (named && ts.isNamedImports(named)) for (const el of named.elements) imports.set(el.name.text, from);
      if (named && ts.isNamespaceImport(named)) imports.set(named.name.text, from);
    }
  }
  return { ts, sf, abs, root: exportedObject(ts, sf), imports };
}

/** The first of `names` that exists among the package's files. */
export function firstFile(ctx: ScanContext, names: readonly string[]): string | undefined {
  return names.find((name) => ctx.files.includes(name));
}

export function configFileNames(base: string): string[] {
  return ["ts", "mts", "js", "mjs", "cts", "cjs"].map((ext) => `${base}.${ext}`);
}

function exportedObject(ts: typeof TS, sf: TS.SourceFile): TS.ObjectLiteralExpression | undefined {
  for (const s of sf.statements) {
    if (ts.isExportAssignment(s)) return objectOf(ts, sf, s.expression, 0);
    if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.left.getText(sf) === "module.exports") {
      return objectOf(ts, sf, s.expression.right, 0);
    }
  }
  return undefined;
}

/** An object literal behind an expression: itself, a `const` holding it, a config helper's argument or an arrow returning it. */
function objectOf(ts: typeof TS, sf: TS.SourceFile, node: TS.Expression, depth: number): TS.ObjectLiteralExpression | undefined {
  if (depth > 5) return undefined;
  const e = unwrap(ts, node);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isCallExpression(e) && e.arguments[0]) return objectOf(ts, sf, e.arguments[0], depth + 1);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
    if (!ts.isBlock(e.body)) return objectOf(ts, sf, e.body, depth + 1);
    const ret = e.body.statements.find(ts.isReturnStatement);
    return ret?.expression ? objectOf(ts, sf, ret.expression, depth + 1) : undefined;
  }
  if (ts.isIdentifier(e)) {
    const init = constInitializer(ts, sf, e.text);
    return init ? objectOf(ts, sf, init, depth + 1) : undefined;
  }
  return undefined;
}

function constInitializer(ts: typeof TS, sf: TS.SourceFile, name: string): TS.Expression | undefined {
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return d.initializer;
  }
  return undefined;
}

/** A property of an object literal (also found in `...spread(call({ ... }))` arguments), unwrapped. */
export function prop(cfg: JsConfig, obj: TS.ObjectLiteralExpression | undefined, name: string): TS.Expression | undefined {
  const { ts } = cfg;
  if (!obj) return undefined;
  let found: TS.Expression | undefined;
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && propertyName(ts, p.name) === name) found = unwrap(ts, p.initializer);
    else if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) found = constInitializer(ts, cfg.sf, name) ?? p.name;
    else if (ts.isSpreadAssignment(p)) {
      const inner = objectOf(ts, cfg.sf, p.expression, 1);
      const value = inner && inner !== obj ? prop(cfg, inner, name) : undefined;
      if (value) found = value;
    }
  }
  return found && ts.isIdentifier(found) ? (constInitializer(ts, cfg.sf, found.text) ?? found) : found;
}

/** The object literal a property holds, if it holds one. */
export function objectProp(cfg: JsConfig, obj: TS.ObjectLiteralExpression | undefined, name: string): TS.ObjectLiteralExpression | undefined {
  const value = prop(cfg, obj, name);
  return value && cfg.ts.isObjectLiteralExpression(value) ? value : undefined;
}

export function stringProp(cfg: JsConfig, obj: TS.ObjectLiteralExpression | undefined, name: string): { value: string; node: TS.Node } | undefined {
  const value = prop(cfg, obj, name);
  const literal = value ? literalValue(cfg.ts, value) : undefined;
  return typeof literal === "string" ? { value: literal, node: value! } : undefined;
}

/** Calls, anywhere in the file, of a function imported from one of `modules` (`cloudflare()` from @cloudflare/vite-plugin). */
export function callsOf(cfg: JsConfig, modules: readonly string[]): TS.CallExpression[] {
  const { ts } = cfg;
  const locals = new Set([...cfg.imports].filter(([, from]) => modules.includes(from)).map(([local]) => local));
  const out: TS.CallExpression[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && locals.has(n.expression.text)) out.push(n);
    ts.forEachChild(n, visit);
  };
  if (locals.size > 0) visit(cfg.sf);
  return out;
}

/** A call's first argument, when it is an object literal (or a const holding one). */
export function firstArgObject(cfg: JsConfig, call: TS.CallExpression): TS.ObjectLiteralExpression | undefined {
  return call.arguments[0] ? objectOf(cfg.ts, cfg.sf, call.arguments[0], 1) : undefined;
}

export function at(ctx: ScanContext, cfg: JsConfig, node: TS.Node): SourceLocation {
  return loc(ctx, cfg.abs, lineOf(cfg.sf, node));
}
