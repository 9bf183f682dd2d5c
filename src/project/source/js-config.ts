import type { ts as TS } from "ts-morph";
import { lineOf, loadTs, parseSource, propertyName, unwrap } from "./typescript.js";

/**
 * A JavaScript or TypeScript config file (svelte.config.js, vite.config.ts, astro.config.mjs),
 * read statically: what it imports, and the object it exports. Nothing in it runs.
 */
export interface JsConfig {
  ts: typeof TS;
  sf: TS.SourceFile;
  /** Local name -> the module it is imported from (default, namespace or named import). */
  imports: Map<string, string>;
  /** The exported object: `export default {...}`, `defineConfig({...})`, `module.exports = {...}`, through variables. */
  exported: TS.ObjectLiteralExpression | undefined;
}

/** A call of something imported from a package, such as `adapter({ runtime: "edge" })`. */
interface ImportedCall {
  module: string;
  call: TS.CallExpression;
  /** The call's first argument, when it is an object literal (the adapter's options). */
  options: TS.ObjectLiteralExpression | undefined;
  line: number;
  column: number;
}

export async function parseJsConfig(fileName: string, text: string): Promise<JsConfig> {
  const ts = await loadTs();
  const sf = parseSource(ts, fileName, text);
  const imports = new Map<string, string>();
  let exported: TS.Expression | undefined;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.importClause) {
      const from = s.moduleSpecifier.text;
      const { name, namedBindings } = s.importClause;
      if (name) imports.set(name.text, from);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) imports.set(namedBindings.name.text, from);
      if (namedBindings && ts.isNamedImports(namedBindings)) for (const el of namedBindings.elements) imports.set(el.name.text, from);
    } else if (ts.isVariableStatement(s)) {
      // const adapter = require("@sveltejs/adapter-vercel")
      for (const d of s.declarationList.declarations) {
        const init = d.initializer && unwrap(ts, d.initializer);
        if (ts.isIdentifier(d.name) && init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require") {
          const arg = init.arguments[0];
          if (arg && ts.isStringLiteral(arg)) imports.set(d.name.text, arg.text);
        }
      }
    } else if (ts.isExportAssignment(s)) exported = s.expression;
    else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = s.expression.left;
      if (ts.isPropertyAccessExpression(left) && left.getText(sf) === "module.exports") exported = s.expression.right;
    }
  }
  const cfg: JsConfig = { ts, sf, imports, exported: undefined };
  cfg.exported = exported ? configObject(cfg, exported) : undefined;
  return cfg;
}

/** Follows an identifier to its top-level `const` initializer (a few steps, so a cycle ends). */
function resolve(cfg: JsConfig, expr: TS.Expression, depth = 0): TS.Expression {
  const { ts } = cfg;
  const e = unwrap(ts, expr);
  if (!ts.isIdentifier(e) || depth > 8) return e;
  for (const s of cfg.sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === e.text && d.initializer) return resolve(cfg, d.initializer, depth + 1);
    }
  }
  return e;
}

/** The object a config expression stands for: a literal, `defineConfig({...})`, `defineConfig(() => ({...}))`. */
function configObject(cfg: JsConfig, expr: TS.Expression): TS.ObjectLiteralExpression | undefined {
  const { ts } = cfg;
  const e = resolve(cfg, expr);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isCallExpression(e) && e.arguments[0]) return configObject(cfg, e.arguments[0]);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
    if (!ts.isBlock(e.body)) return configObject(cfg, e.body);
    const returned = e.body.statements.find(ts.isReturnStatement)?.expression;
    return returned ? configObject(cfg, returned) : undefined;
  }
  return undefined;
}

/** The value of `key` in an object literal, followed through variables; undefined when absent or spread. */
export function property(cfg: JsConfig, obj: TS.ObjectLiteralExpression | undefined, key: string): TS.Expression | undefined {
  const { ts } = cfg;
  for (const prop of obj?.properties ?? []) {
    if (ts.isPropertyAssignment(prop) && propertyName(ts, prop.name) === key) return resolve(cfg, prop.initializer);
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === key) return resolve(cfg, prop.name);
  }
  return undefined;
}

/** Follows `property` along a path of keys, each step an object literal. */
export function objectAt(cfg: JsConfig, obj: TS.ObjectLiteralExpression | undefined, ...keys: string[]): TS.ObjectLiteralExpression | undefined {
  let current = obj;
  for (const key of keys) {
    const next = property(cfg, current, key);
    current = next && cfg.ts.isObjectLiteralExpression(next) ? next : undefined;
  }
  return current;
}

/**
 * The calls of imported functions an expression may evaluate to: `adapter()` gives one, and
 * `process.env.VERCEL ? vercel() : node()` (or `a() || b()`) gives each branch. The callee may be
 * chosen the same way (`const adapter = env ? node : vercel`, or `let adapter; if (...) adapter = ...`),
 * and the call may be a local function's (`getAdapter()` returning one adapter or another).
 */
export function importedCalls(cfg: JsConfig, expr: TS.Expression | undefined, depth = 0): ImportedCall[] {
  if (!expr || depth > 6) return [];
  const { ts } = cfg;
  const e = resolve(cfg, expr);
  const branches = alternatives(cfg, e);
  if (branches) return branches.flatMap((b) => importedCalls(cfg, b, depth + 1));
  if (ts.isIdentifier(e)) return assignedValues(cfg, e.text).flatMap((v) => importedCalls(cfg, v, depth + 1));
  if (!ts.isCallExpression(e)) return [];
  const modules = calleeModules(cfg, unwrap(ts, e.expression), 0);
  if (modules.length === 0) return returnedValues(cfg, unwrap(ts, e.expression)).flatMap((v) => importedCalls(cfg, v, depth + 1));
  const first = e.arguments[0] && resolve(cfg, e.arguments[0]);
  const options = first && ts.isObjectLiteralExpression(first) ? first : undefined;
  return [...new Set(modules)].map((module) => ({ module, call: e, options, ...lineOf(cfg.sf, e) }));
}

/** The two sides of `a ? b : c`, `a || b` and `a ?? b`; undefined for anything else. */
function alternatives(cfg: JsConfig, e: TS.Expression): TS.Expression[] | undefined {
  const { ts } = cfg;
  if (ts.isConditionalExpression(e)) return [e.whenTrue, e.whenFalse];
  if (ts.isBinaryExpression(e) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(e.operatorToken.kind)) return [e.left, e.right];
  return undefined;
}

/** The modules a callee is imported from: an import, or a variable chosen among imports. */
function calleeModules(cfg: JsConfig, callee: TS.Expression, depth: number): string[] {
  const { ts } = cfg;
  if (depth > 6) return [];
  const target = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  if (ts.isIdentifier(target) && cfg.imports.has(target.text)) return [cfg.imports.get(target.text)!];
  const e = resolve(cfg, target);
  const branches = alternatives(cfg, e);
  if (branches) return branches.flatMap((b) => calleeModules(cfg, unwrap(ts, b), depth + 1));
  if (e !== target) return calleeModules(cfg, e, depth + 1);
  return ts.isIdentifier(e) ? assignedValues(cfg, e.text).flatMap((v) => calleeModules(cfg, unwrap(ts, v), depth + 1)) : [];
}

/** Values assigned to a top-level `let` at the top level (`if (x) adapter = a; else adapter = b;`). */
function assignedValues(cfg: JsConfig, name: string): TS.Expression[] {
  const { ts } = cfg;
  const out: TS.Expression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && node.left.text === name) out.push(node.right);
    ts.forEachChild(node, visit);
  };
  for (const s of cfg.sf.statements) if (!ts.isImportDeclaration(s)) visit(s);
  return out;
}

/** What a top-level function returns (`function getAdapter() { if (x) return a(); return b(); }`). */
function returnedValues(cfg: JsConfig, callee: TS.Expression): TS.Expression[] {
  const { ts } = cfg;
  if (!ts.isIdentifier(callee)) return [];
  let fn: TS.FunctionLikeDeclaration | undefined;
  for (const s of cfg.sf.statements) {
    if (ts.isFunctionDeclaration(s) && s.name?.text === callee.text) fn = s;
  }
  const value = resolve(cfg, callee);
  if (!fn && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) fn = value;
  if (!fn?.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: TS.Expression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}

/** A string literal's value (followed through variables), else undefined. */
export function stringAt(cfg: JsConfig, obj: TS.ObjectLiteralExpression | undefined, key: string): string | undefined {
  const value = property(cfg, obj, key);
  return value && (cfg.ts.isStringLiteral(value) || cfg.ts.isNoSubstitutionTemplateLiteral(value)) ? value.text : undefined;
}

/** Where a node is written (1-based). */
export function positionOf(cfg: JsConfig, node: TS.Node): { line: number; column: number } {
  return lineOf(cfg.sf, node);
}
