import path from "node:path";
import { ts } from "ts-morph";
import type { FunctionContext } from "../types.js";
import { isKeptAcrossCalls } from "./instance-cache.js";
import { SOURCE_EXTENSIONS } from "../../project/source/extensions.js";

/** One call on the way from the exported handler to a function: `getDb` in lib/db.ts at line 4. */
export interface Step {
  name: string;
  file: string;
  line: number;
}

/** Function-like nodes that run on every invocation, each with the call path that gets there. */
export type Reach = Map<ts.Node, Step[]>;

type Located = { node: ts.Node; file: string; sf: ts.SourceFile };

const MEMOIZERS = /(?:^|\.)(?:once|memoi[sz]e\w*|p?[Mm]emoi[sz]e\w*|lazy\w*|singleton\w*)$/i;
const EXTENSIONS = SOURCE_EXTENSIONS;
/** How many calls deep to follow from the handler: enough for handler -> service -> repository -> getClient. */
const MAX_DEPTH = 5;
/**
 * How many name lookups to follow from an export to the functions behind it: enough for
 * `handle(app)` -> `app.route("/x", sub)` -> `sub` imported from another file -> `sub.get(...)`.
 */
const MAX_HOPS = 7;

/**
 * Which first-party file an import specifier means, among the files the function's bundle reached:
 * relative paths directly; aliases such as `@/lib/db` or `~/db` by the reachable file they end with.
 */
export function resolveImport(from: string, specifier: string, files: readonly string[], packages: ReadonlySet<string> = new Set()): string | undefined {
  const known = new Set(files);
  const tryBase = (base: string): string | undefined => {
    const stripped = base.replace(/\.(?:[mc]?js|jsx)$/, "");
    for (const b of [base, stripped]) {
      if (known.has(b)) return b;
      for (const ext of EXTENSIONS) if (known.has(b + ext)) return b + ext;
      for (const ext of EXTENSIONS) if (known.has(path.join(b, "index" + ext))) return path.join(b, "index" + ext);
    }
    return undefined;
  };
  if (specifier.startsWith(".")) return tryBase(path.resolve(path.dirname(from), specifier));
  const parts = specifier.split("/");
  const pkg = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  if (packages.has(pkg)) return undefined;
  for (let drop = 1; drop <= Math.min(2, parts.length - 1); drop++) {
    const tail = path.sep + parts.slice(drop).join(path.sep);
    for (const f of files) {
      const noExt = f.replace(/\.[^./\\]+$/, "");
      if (noExt.endsWith(tail) || noExt.endsWith(tail + path.sep + "index")) return f;
    }
  }
  return undefined;
}

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

export class HandlerReach {
  private readonly reach: Reach = new Map();
  private readonly packages: Set<string>;

  constructor(private readonly fnCtx: FunctionContext, private readonly relative: (abs: string) => string) {
    this.packages = declaredPackages(fnCtx.text(path.join(fnCtx.fn.packageRoot, "package.json")));
  }

  private resolve(from: string, specifier: string): string | undefined {
    // What the bundler resolved it to (a workspace package's source, a tsconfig path), else a guess among reachable files.
    const bundled = this.fnCtx.imports?.get(from)?.find((i) => i.specifier === specifier)?.target;
    if (bundled && this.fnCtx.files.includes(bundled)) return bundled;
    return resolveImport(from, specifier, this.fnCtx.files, this.packages);
  }

  private ast(file: string): ts.SourceFile | undefined {
    return this.fnCtx.ast(file);
  }

  /** Walk from the entry's exports named `roots` (`handler`, `GET`, `default`, ...). */
  compute(roots: string[]): Reach {
    const entry = this.fnCtx.fn.entry;
    const sf = this.ast(entry);
    if (!sf) return this.reach;
    for (const name of roots) {
      for (const fn of this.exportedFunctions(entry, sf, name, 0)) {
        this.enter(fn, [{ name, file: this.relative(fn.file), line: lineOf(fn.sf, fn.node) }], 0);
      }
    }
    return this.reach;
  }

  private enter(fn: Located, steps: Step[], depth: number): void {
    if (this.reach.has(fn.node)) return;
    this.reach.set(fn.node, steps);
    const visit = (n: ts.Node): void => {
      if (n !== fn.node && (ts.isFunctionLike(n) || ts.isPropertyDeclaration(n))) {
        // Closures made during the call (callbacks, inner helpers) run per call too.
        if (!this.reach.has(n)) this.reach.set(n, steps);
      }
      if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && depth < MAX_DEPTH && !isKeptAcrossCalls(n, fn.sf)) {
        const name = `${ts.isNewExpression(n) ? "new " : ""}${n.expression.getText(fn.sf)}`;
        for (const target of this.callees(fn.file, fn.sf, n)) {
          this.enter(target, [...steps, { name, file: this.relative(target.file), line: lineOf(target.sf, target.node) }], depth + 1);
        }
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(fn.node, visit);
  }

  private callees(file: string, sf: ts.SourceFile, call: ts.CallExpression | ts.NewExpression): Located[] {
    const callee = call.expression;
    if (ts.isIdentifier(callee)) return this.localFunctions(file, sf, callee.text, 0, ts.isNewExpression(call));
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const ns = namespaceImport(sf, callee.expression.text);
      if (ns) {
        const target = this.resolve(file, ns);
        const tsf = target && this.ast(target);
        return target && tsf ? this.exportedFunctions(target, tsf, callee.name.text, 1) : [];
      }
    }
    return [];
  }

  /** The functions a top-level name of `sf` stands for, following imports into other files. */
  private localFunctions(file: string, sf: ts.SourceFile, name: string, hops: number, constructed = false): Located[] {
    if (hops > MAX_HOPS) return [];
    for (const s of sf.statements) {
      if (ts.isFunctionDeclaration(s) && s.name?.text === name && s.body) return [{ node: s, file, sf }];
      if (ts.isClassDeclaration(s) && s.name?.text === name) return constructed ? classParts(s, file, sf) : [];
      if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) {
            return [...this.valueFunctions(file, sf, d.initializer, hops), ...this.registeredOn(file, sf, name, hops)];
          }
        }
      }
      if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.importClause && !s.importClause.isTypeOnly) {
        const clause = s.importClause;
        let imported: string | undefined;
        if (clause.name?.text === name) imported = "default";
        const named = clause.namedBindings;
        if (named && ts.isNamedImports(named)) {
          for (const el of named.elements) if (el.name.text === name) imported = (el.propertyName ?? el.name).text;
        }
        if (imported === undefined) continue;
        const target = this.resolve(file, s.moduleSpecifier.text);
        const tsf = target && this.ast(target);
        return target && tsf ? this.exportedFunctions(target, tsf, imported, hops + 1, constructed) : [];
      }
    }
    // A name the framework imports by itself (Nitro's server/utils).
    const auto = this.fnCtx.fn.build?.autoImports?.[name];
    const autoSf = auto && auto !== file ? this.ast(auto) : undefined;
    return auto && autoSf ? this.exportedFunctions(auto, autoSf, name, hops + 1, constructed) : [];
  }

  /** Functions behind an expression: a function, a name for one, or the arguments of a wrapper (`middy(handler)`, `withAuth(async () => ...)`). */
  private valueFunctions(file: string, sf: ts.SourceFile, value: ts.Expression, hops: number): Located[] {
    let e = value;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
    if (ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return [{ node: e, file, sf }];
    if (ts.isIdentifier(e)) return this.localFunctions(file, sf, e.text, hops + 1);
    if (ts.isCallExpression(e)) {
      // `once(() => new Pool())`, `memoize(connect)`: the wrapper keeps the result, so the inner function runs once.
      if (MEMOIZERS.test(e.expression.getText(sf))) return [];
      const out: Located[] = [];
      for (const arg of e.arguments) out.push(...this.valueFunctions(file, sf, arg, hops + 1));
      let inner: ts.Expression = e.expression;
      while (ts.isPropertyAccessExpression(inner)) inner = inner.expression;
      if (ts.isCallExpression(inner)) out.push(...this.valueFunctions(file, sf, inner, hops + 1));
      return out;
    }
    if (ts.isObjectLiteralExpression(e)) {
      // `export default { fetch(request) { ... } }` and `module.exports = { handler }`
      const out: Located[] = [];
      for (const p of e.properties) {
        if (ts.isMethodDeclaration(p)) out.push({ node: p, file, sf });
        else if (ts.isPropertyAssignment(p)) out.push(...this.valueFunctions(file, sf, p.initializer, hops + 1));
        else if (ts.isShorthandPropertyAssignment(p)) out.push(...this.localFunctions(file, sf, p.name.text, hops + 1));
      }
      return out;
    }
    return [];
  }

  /** Route callbacks registered at module scope on an app object: `app.get("/x", async (c) => ...)` (Hono, Express). */
  private registeredOn(file: string, sf: ts.SourceFile, name: string, hops: number): Located[] {
    const out: Located[] = [];
    for (const s of sf.statements) {
      if (!ts.isExpressionStatement(s)) continue;
      const calls: ts.CallExpression[] = [];
      let e: ts.Expression = s.expression;
      while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
        calls.push(e);
        e = e.expression.expression;
      }
      if (!ts.isIdentifier(e) || e.text !== name) continue;
      for (const call of calls) {
        for (const arg of call.arguments) if (ts.isFunctionExpression(arg) || ts.isArrowFunction(arg) || ts.isIdentifier(arg)) out.push(...this.valueFunctions(file, sf, arg, hops + 1));
      }
    }
    return out;
  }

  /** What a module exports under `name` (`default` included), through re-exports and CommonJS `exports.x =`. */
  private exportedFunctions(file: string, sf: ts.SourceFile, name: string, hops: number, constructed = false): Located[] {
    if (hops > MAX_HOPS) return [];
    for (const s of sf.statements) {
      const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (exported && (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s))) {
        if ((isDefault ? "default" : s.name?.text) !== name) continue;
        if (ts.isFunctionDeclaration(s)) return s.body ? [{ node: s, file, sf }] : [];
        return constructed ? classParts(s, file, sf) : [];
      }
      if (exported && ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) {
          // An exported app object (`export const api = new Hono()`) brings the routes registered on it.
          if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return [...this.valueFunctions(file, sf, d.initializer, hops), ...this.registeredOn(file, sf, name, hops)];
        }
      }
      if (ts.isExportAssignment(s) && name === "default") return this.valueFunctions(file, sf, s.expression, hops);
      if (ts.isExportDeclaration(s) && !s.isTypeOnly) {
        const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
        const clause = s.exportClause;
        if (clause && ts.isNamedExports(clause)) {
          const el = clause.elements.find((x) => x.name.text === name);
          if (!el) continue;
          const local = (el.propertyName ?? el.name).text;
          if (!from) return this.localFunctions(file, sf, local, hops + 1, constructed);
          const target = this.resolve(file, from);
          const tsf = target && this.ast(target);
          return target && tsf ? this.exportedFunctions(target, tsf, local, hops + 1, constructed) : [];
        }
        if (!clause && from && name !== "default") {
          const target = this.resolve(file, from);
          const tsf = target && this.ast(target);
          const found = target && tsf ? this.exportedFunctions(target, tsf, name, hops + 1, constructed) : [];
          if (found.length) return found;
        }
      }
      if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = s.expression.left.getText(sf);
        if (target === `exports.${name}` || target === `module.exports.${name}`) return this.valueFunctions(file, sf, s.expression.right, hops);
        if (target === "module.exports") {
          const found = name === "default" ? this.valueFunctions(file, sf, s.expression.right, hops) : objectMember(this, file, sf, s.expression.right, name, hops);
          if (found.length) return found;
        }
      }
    }
    return [];
  }

  /** For `module.exports = { handler }`: the member's functions. */
  memberOf(file: string, sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, name: string, hops: number): Located[] {
    for (const p of obj.properties) {
      if (!p.name || !ts.isIdentifier(p.name) || p.name.text !== name) continue;
      if (ts.isMethodDeclaration(p)) return [{ node: p, file, sf }];
      if (ts.isPropertyAssignment(p)) return this.valueFunctions(file, sf, p.initializer, hops + 1);
      if (ts.isShorthandPropertyAssignment(p)) return this.localFunctions(file, sf, name, hops + 1);
    }
    return [];
  }
}

function objectMember(reach: HandlerReach, file: string, sf: ts.SourceFile, value: ts.Expression, name: string, hops: number): Located[] {
  return ts.isObjectLiteralExpression(value) ? reach.memberOf(file, sf, value, name, hops) : [];
}

/** `new Repo()` runs the constructor and the instance field initializers. */
function classParts(cls: ts.ClassDeclaration, file: string, sf: ts.SourceFile): Located[] {
  const out: Located[] = [];
  for (const m of cls.members) {
    const isStatic = ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
    if ((ts.isConstructorDeclaration(m) && m.body) || (ts.isPropertyDeclaration(m) && !isStatic && m.initializer)) out.push({ node: m, file, sf });
  }
  return out;
}

function namespaceImport(sf: ts.SourceFile, name: string): string | undefined {
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
    const named = s.importClause?.namedBindings;
    if (named && ts.isNamespaceImport(named) && named.name.text === name) return s.moduleSpecifier.text;
  }
  return undefined;
}

/** Dependencies named in the package's package.json: their specifiers are never taken for path aliases. */
function declaredPackages(packageJson: string | undefined): Set<string> {
  try {
    const pkg = JSON.parse(packageJson ?? "{}") as Record<string, unknown>;
    const names = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((k) => Object.keys((pkg[k] as object | undefined) ?? {}));
    return new Set(names);
  } catch {
    return new Set();
  }
}
