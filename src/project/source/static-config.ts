import path from "node:path";
import type { ts as TS } from "ts-morph";
import { readOrReport, type ScanContext } from "../context.js";
import { lineOf, literalValue, loadTs, parseSource, propertyName, unwrap } from "./typescript.js";

/**
 * A framework's JS/TS config file (nuxt.config.ts, react-router.config.ts, vite.config.ts), read
 * without running it: what it imports, and the object it exports (through `defineConfig(...)`,
 * `satisfies`, and local constants).
 */
export interface StaticConfig {
  ts: typeof TS;
  sf: TS.SourceFile;
  abs: string;
  /** Local name -> the module it is imported from and the name it has there (`default`, `*`). */
  imports: Map<string, { module: string; imported: string }>;
  /** What `export default` exports, unwrapped. */
  exported: TS.Expression | undefined;
  /** The exported object literal, when the export is one or a `defineXxx({...})` call around one. */
  root: TS.ObjectLiteralExpression | undefined;
}

export interface Located<T> {
  value: T;
  at: { line: number; column: number };
}

export async function readStaticConfig(ctx: ScanContext, rel: string): Promise<StaticConfig | undefined> {
  const abs = path.join(ctx.pkgRoot, rel);
  const text = await readOrReport(ctx, abs);
  if (text === undefined) return undefined;
  const ts = await loadTs();
  const sf = parseSource(ts, abs, text);
  const imports = new Map<string, { module: string; imported: string }>();
  let exported: TS.Expression | undefined;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.importClause) {
      const module = s.moduleSpecifier.text;
      if (s.importClause.name) imports.set(s.importClause.name.text, { module, imported: "default" });
      const named = s.importClause.namedBindings;
      if (named && ts.isNamespaceImport(named)) imports.set(named.name.text, { module, imported: "*" });
      if (named && ts.isNamedImports(named)) for (const el of named.elements) imports.set(el.name.text, { module, imported: (el.propertyName ?? el.name).text });
    } else if (ts.isExportAssignment(s)) {
      exported = unwrap(ts, s.expression);
    } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.left.getText(sf) === "module.exports") {
      exported = unwrap(ts, s.expression.right);
    }
  }
  const cfg: StaticConfig = { ts, sf, abs, imports, exported, root: undefined };
  if (exported) cfg.root = objectOf(cfg, exported);
  return cfg;
}

/** The top-level `const name = <init>` of the file. */
function constant(cfg: StaticConfig, name: string): TS.Expression | undefined {
  const { ts } = cfg;
  for (const s of cfg.sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return unwrap(ts, d.initializer);
  }
  return undefined;
}

/** An expression as a value: local constants followed, `await` and wrappers stripped. */
export function resolveValue(cfg: StaticConfig, node: TS.Expression, depth = 0): TS.Expression {
  const { ts } = cfg;
  let e = unwrap(ts, node);
  if (ts.isAwaitExpression(e)) e = unwrap(ts, e.expression);
  if (ts.isIdentifier(e) && depth < 4) {
    const init = constant(cfg, e.text);
    if (init) return resolveValue(cfg, init, depth + 1);
  }
  return e;
}

/** The object an expression stands for: a literal, a constant, or the first object argument of `defineConfig(...)`. */
export function objectOf(cfg: StaticConfig, node: TS.Expression): TS.ObjectLiteralExpression | undefined {
  const { ts } = cfg;
  const e = resolveValue(cfg, node);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isCallExpression(e)) {
    for (const arg of e.arguments) {
      const inner = resolveValue(cfg, arg);
      if (ts.isObjectLiteralExpression(inner)) return inner;
      // defineConfig(() => ({ ... })) / defineConfig(({ mode }) => { return { ... } })
      if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
        const body = inner.body;
        if (ts.isBlock(body)) {
          const ret = body.statements.find(ts.isReturnStatement);
          if (ret?.expression) return objectOf(cfg, ret.expression);
        } else return objectOf(cfg, body);
      }
    }
  }
  return undefined;
}

/** The value at `keys` under an object (`nitro.preset`), following constants; `...spread` objects are read too. */
export function property(cfg: StaticConfig, obj: TS.ObjectLiteralExpression | undefined, ...keys: string[]): TS.Expression | undefined {
  return propertyIn(cfg, obj, keys, 0);
}

function propertyIn(cfg: StaticConfig, obj: TS.ObjectLiteralExpression | undefined, keys: string[], depth: number): TS.Expression | undefined {
  const { ts } = cfg;
  // Spreads of spreads (`const a = { ...b }`, `const b = { ...a }`) end here.
  if (depth > 8) return undefined;
  let current: TS.ObjectLiteralExpression | undefined = obj;
  let found: TS.Expression | undefined;
  for (const key of keys) {
    if (!current) return undefined;
    found = undefined;
    // The last assignment wins, as in the object at runtime.
    for (const p of current.properties) {
      if (ts.isPropertyAssignment(p) && propertyName(ts, p.name) === key) found = p.initializer;
      else if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) found = p.name;
      else if (ts.isSpreadAssignment(p)) {
        const spread = objectOf(cfg, p.expression);
        const inner = spread && propertyIn(cfg, spread, [key], depth + 1);
        if (inner) found = inner;
      }
    }
    if (!found) return undefined;
    current = objectOf(cfg, found);
  }
  return found && resolveValue(cfg, found);
}

export function literalAt<T extends string | number | boolean>(cfg: StaticConfig, obj: TS.ObjectLiteralExpression | undefined, type: "string" | "number" | "boolean", ...keys: string[]): Located<T> | undefined {
  const node = property(cfg, obj, ...keys);
  if (!node) return undefined;
  const value = literalValue(cfg.ts, node);
  if (typeof value !== type) return undefined;
  return { value: value as T, at: lineOf(cfg.sf, node) };
}

/** Where a node is, for notes and settings. */
export function where(cfg: StaticConfig, node: TS.Node): { line: number; column: number } {
  return lineOf(cfg.sf, node);
}

/** The module a called function comes from (`vercelPreset()` -> `@vercel/react-router/vite`), when imported. */
export function calleeModule(cfg: StaticConfig, call: TS.CallExpression): { module: string; imported: string } | undefined {
  const { ts } = cfg;
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return cfg.imports.get(callee.text);
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const ns = cfg.imports.get(callee.expression.text);
    return ns ? { module: ns.module, imported: callee.name.text } : undefined;
  }
  return undefined;
}

/** Every call in the file whose callee is imported from a module matching `module`. */
export function callsFrom(cfg: StaticConfig, module: RegExp): TS.CallExpression[] {
  const { ts } = cfg;
  const out: TS.CallExpression[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n)) {
      const from = calleeModule(cfg, n);
      if (from && module.test(from.module)) out.push(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(cfg.sf);
  return out;
}
