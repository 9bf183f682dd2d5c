import { ts } from "ts-morph";
import type { FunctionContext } from "../types.js";
import { resolve } from "./timeout-scope.js";

/** A value a function receives as its `index`-th parameter, and that function's name. */
export interface Forwarded {
  helper: string;
  index: number;
  fn: ts.SignatureDeclaration;
  param: string;
}

function unwrap(e: ts.Expression): ts.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x) || ts.isSatisfiesExpression(x)) x = x.expression;
  return x;
}

/** The name a function is called by in its file: `function get()`, `const get = () => …`, `const get = function () {…}`. */
function nameOf(fn: ts.SignatureDeclaration): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name.text;
  return undefined;
}

/** When `expr` is a plain parameter of the named function around it: which one. */
export function forwardedParameter(expr: ts.Expression | undefined): Forwarded | undefined {
  if (!expr) return undefined;
  const id = unwrap(expr);
  if (!ts.isIdentifier(id) || resolve(id.text, id)?.kind !== "param") return undefined;
  for (let n: ts.Node | undefined = id.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (!ts.isFunctionLike(n)) continue;
    const fn = n;
    const index = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
    if (index < 0) continue;
    const helper = nameOf(fn);
    return helper ? { helper, index, fn, param: id.text } : undefined;
  }
  return undefined;
}

function isTheHelper(callee: ts.Identifier, forwarded: Forwarded, sameFile: boolean, imports: ReadonlyArray<{ specifier: string; target: string }>, helperFile: string): boolean {
  const d = resolve(callee.text, callee);
  if (sameFile) return (d?.kind === "function" && d.node === forwarded.fn) || (d?.kind === "var" && d.decl.initializer === forwarded.fn);
  return d?.kind === "import" && d.imported === forwarded.helper && imports.some((i) => i.specifier === d.module && i.target === helperFile);
}

/**
 * The calls of a helper in the files a function reaches, one step out: its own file, and files
 * that import it by name from there (as the bundler resolved the import).
 */
export function helperCallSites(fnCtx: FunctionContext, helperFile: string, forwarded: Forwarded): Array<{ file: string; sf: ts.SourceFile; call: ts.CallExpression }> {
  const sites: Array<{ file: string; sf: ts.SourceFile; call: ts.CallExpression }> = [];
  for (const file of fnCtx.files) {
    if (fnCtx.shaken?.has(file)) continue;
    const sameFile = file === helperFile;
    const imports = fnCtx.imports?.get(file) ?? [];
    if (!sameFile && !imports.some((i) => i.target === helperFile)) continue;
    if (!fnCtx.text(file)?.includes(forwarded.helper)) continue;
    const sf = fnCtx.ast(file);
    if (!sf) continue;
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === forwarded.helper && isTheHelper(n.expression, forwarded, sameFile, imports, helperFile)) {
        sites.push({ file, sf, call: n });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return sites;
}

/** The `signal` written in an options object literal (`{ signal }`, `{ signal: s }`), when there is one. */
export function signalProperty(options: ts.Expression | undefined): ts.Expression | undefined {
  if (!options) return undefined;
  const o = unwrap(options);
  if (!ts.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === "signal") return p.name;
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === "signal") return p.initializer;
  }
  return undefined;
}
