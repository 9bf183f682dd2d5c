import path from "node:path";
import { ts } from "ts-morph";
import type { FunctionContext } from "../types.js";
import { enclosingFunction, isKeptAcrossCalls } from "./instance-cache.js";
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
export function resolveImport(from: string, specifier: string, files: readonly string[], packages: ReadonlySet<string> = new Set(), known: ReadonlySet<string> = new Set(files)): string | undefined {
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

const lines = new WeakMap<ts.Node, number>();

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  let line = lines.get(node);
  if (line === undefined) lines.set(node, (line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1));
  return line;
}

/** What a function's body does on each call, in the order a walk of it meets them: the closures it makes, and the calls it makes that are not kept across calls. */
type BodyStep = { closure: ts.Node } | { call: ts.CallExpression | ts.NewExpression; name: string };
const bodies = new WeakMap<ts.Node, BodyStep[]>();

/**
 * The body's steps, walked once per run: a helper every route reaches (an auth wrapper, `getDb`)
 * is the same tree for each function, so only the replay of its steps is per function.
 */
function bodyOf(fn: Located): BodyStep[] {
  let steps = bodies.get(fn.node);
  if (steps) return steps;
  const out: BodyStep[] = [];
  const visit = (n: ts.Node): void => {
    // Closures made during the call (callbacks, inner helpers) run per call too.
    if (ts.isFunctionLike(n) || ts.isPropertyDeclaration(n)) out.push({ closure: n });
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !isKeptAcrossCalls(n, fn.sf)) {
      out.push({ call: n, name: `${ts.isNewExpression(n) ? "new " : ""}${n.expression.getText(fn.sf)}` });
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.node, visit);
  bodies.set(fn.node, (steps = out));
  return steps;
}

/**
 * Which top-level statements of a file can say what a name stands for, in source order: the walks
 * below ask a file about many names, for every function that reaches it, and each question would
 * otherwise read all of the file's statements again.
 */
interface Statements {
  /** The first statement that binds the name at module scope (as localFunctions reads it). */
  local: Map<string, ts.Statement>;
  /** Positions of the statements that may export the name (as exportedFunctions reads them). */
  exported: Map<string, number[]>;
  /** Positions of `export * from` and `module.exports = ...`: they may export any name. */
  anyName: number[];
  /** Per name, the statements exportedFunctions reads: `exported` and `anyName` merged, made when first asked. */
  exporting: Map<string, ts.Statement[]>;
  /** `name.get(...).post(...)` at module scope: the chained calls, by the name they start from. */
  registered: Map<string, ts.CallExpression[][]>;
  /** `import * as name from "x"`: the first such import of each name. */
  namespaces: Map<string, string>;
}
const indexes = new WeakMap<ts.SourceFile, Statements>();

function hasModifier(s: ts.Statement, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(s) && (ts.getModifiers(s)?.some((m) => m.kind === kind) ?? false);
}

function statementsOf(sf: ts.SourceFile): Statements {
  let index = indexes.get(sf);
  if (index) return index;
  index = { local: new Map(), exported: new Map(), anyName: [], exporting: new Map(), registered: new Map(), namespaces: new Map() };
  const { local, exported, anyName, registered, namespaces } = index;
  const binds = (name: string, s: ts.Statement) => {
    if (!local.has(name)) local.set(name, s);
  };
  const exports = (name: string | undefined, i: number) => {
    if (name === undefined) return;
    const at = exported.get(name);
    if (!at) exported.set(name, [i]);
    else if (at[at.length - 1] !== i) at.push(i);
  };
  sf.statements.forEach((s, i) => {
    const isExported = hasModifier(s, ts.SyntaxKind.ExportKeyword);
    if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) {
      if (s.name && (ts.isClassDeclaration(s) || s.body)) binds(s.name.text, s);
      if (isExported) exports(hasModifier(s, ts.SyntaxKind.DefaultKeyword) ? "default" : s.name?.text, i);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        if (d.initializer) binds(d.name.text, s);
        if (isExported) exports(d.name.text, i);
      }
    } else if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.importClause) {
      const named = s.importClause.namedBindings;
      if (named && ts.isNamespaceImport(named) && !namespaces.has(named.name.text)) namespaces.set(named.name.text, s.moduleSpecifier.text);
      if (s.importClause.isTypeOnly) return;
      if (s.importClause.name) binds(s.importClause.name.text, s);
      if (named && ts.isNamedImports(named)) for (const el of named.elements) binds(el.name.text, s);
    } else if (ts.isExportAssignment(s)) {
      exports("default", i);
    } else if (ts.isExportDeclaration(s) && !s.isTypeOnly) {
      if (s.exportClause && ts.isNamedExports(s.exportClause)) for (const el of s.exportClause.elements) exports(el.name.text, i);
      else if (!s.exportClause && s.moduleSpecifier) anyName.push(i);
    } else if (ts.isExpressionStatement(s)) {
      const e = s.expression;
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = e.left.getText(sf);
        if (target === "module.exports") anyName.push(i);
        else if (target.startsWith("exports.")) exports(target.slice("exports.".length), i);
        else if (target.startsWith("module.exports.")) exports(target.slice("module.exports.".length), i);
      }
      const calls: ts.CallExpression[] = [];
      let root: ts.Expression = e;
      while (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression)) {
        calls.push(root);
        root = root.expression.expression;
      }
      if (ts.isIdentifier(root)) {
        const on = registered.get(root.text);
        if (on) on.push(calls);
        else registered.set(root.text, [calls]);
      }
    }
  });
  indexes.set(sf, index);
  return index;
}

/** The statements that may export `name`, in source order. */
function exportingStatements(sf: ts.SourceFile, name: string): ts.Statement[] {
  const index = statementsOf(sf);
  let out = index.exporting.get(name);
  if (out) return out;
  const named = index.exported.get(name) ?? [];
  const positions = index.anyName.length === 0 ? named : [...named, ...index.anyName].sort((a, b) => a - b);
  out = positions.map((i) => sf.statements[i]!);
  index.exporting.set(name, out);
  return out;
}

/**
 * What a call stood for in an earlier function's walk, with every import resolution the lookup
 * took (importer, specifier, file: flat triples) and the auto-imports it could use. Another
 * function whose own resolutions agree, in order, would make the same lookup: it takes `found`.
 */
interface KnownCallees {
  autoImports: Readonly<Record<string, string>> | undefined;
  took: Array<string | undefined>;
  found: Located[];
}
const knownCallees = new WeakMap<ts.Node, KnownCallees[]>();
/** Functions whose resolutions differ each keep their own answer, up to this many per call. */
const MAX_KNOWN = 8;

/** An importer's first-party imports by specifier (the first of each), for lists the bundle graph shares between functions. */
const bySpecifier = new WeakMap<ReadonlyArray<{ specifier: string; target: string }>, Map<string, string>>();

function bundledTarget(list: ReadonlyArray<{ specifier: string; target: string }> | undefined, specifier: string): string | undefined {
  if (!list) return undefined;
  let map = bySpecifier.get(list);
  if (!map) {
    map = new Map();
    for (const i of list) if (!map.has(i.specifier)) map.set(i.specifier, i.target);
    bySpecifier.set(list, map);
  }
  return map.get(specifier);
}

export class HandlerReach {
  private readonly reach: Reach = new Map();
  private packages: Set<string> | undefined;
  private readonly files: Set<string>;
  private readonly resolved = new Map<string, Map<string, string | undefined>>();
  /** The resolutions the callee lookup under way has taken, while one is. */
  private took: Array<string | undefined> | undefined;

  constructor(private readonly fnCtx: FunctionContext, private readonly relative: (abs: string) => string) {
    this.files = new Set(fnCtx.files);
  }

  private resolve(from: string, specifier: string): string | undefined {
    let byFrom = this.resolved.get(from);
    if (!byFrom) this.resolved.set(from, (byFrom = new Map<string, string | undefined>()));
    let target = byFrom.get(specifier);
    if (target === undefined && !byFrom.has(specifier)) {
      // What the bundler resolved it to (a workspace package's source, a tsconfig path), else a guess among reachable files.
      const bundled = bundledTarget(this.fnCtx.imports?.get(from), specifier);
      this.packages ??= declaredPackages(this.fnCtx.text(path.join(this.fnCtx.fn.packageRoot, "package.json")));
      target = bundled && this.files.has(bundled) ? bundled : resolveImport(from, specifier, this.fnCtx.files, this.packages, this.files);
      byFrom.set(specifier, target);
    }
    this.took?.push(from, specifier, target);
    return target;
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
    for (const step of bodyOf(fn)) {
      if ("closure" in step) {
        if (!this.reach.has(step.closure)) this.reach.set(step.closure, steps);
      } else if (depth < MAX_DEPTH) {
        for (const target of this.callees(fn.file, fn.sf, step.call)) {
          this.enter(target, [...steps, { name: step.name, file: this.relative(target.file), line: lineOf(target.sf, target.node) }], depth + 1);
        }
      }
    }
  }

  /** What a call may run, as an earlier function's walk found it when this function resolves its imports the same way. */
  private callees(file: string, sf: ts.SourceFile, call: ts.CallExpression | ts.NewExpression): Located[] {
    const autoImports = this.fnCtx.fn.build?.autoImports;
    const known = knownCallees.get(call);
    for (const k of known ?? []) if (k.autoImports === autoImports && this.agrees(k.took)) return k.found;
    this.took = [];
    const found = this.lookUp(file, sf, call);
    const took = this.took;
    this.took = undefined;
    if (!known) knownCallees.set(call, [{ autoImports, took, found }]);
    else if (known.length < MAX_KNOWN) known.push({ autoImports, took, found });
    return found;
  }

  private agrees(took: Array<string | undefined>): boolean {
    for (let i = 0; i < took.length; i += 3) if (this.resolve(took[i]!, took[i + 1]!) !== took[i + 2]) return false;
    return true;
  }

  private lookUp(file: string, sf: ts.SourceFile, call: ts.CallExpression | ts.NewExpression): Located[] {
    const callee = call.expression;
    if (ts.isIdentifier(callee)) return this.localFunctions(file, sf, callee.text, 0, ts.isNewExpression(call));
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const ns = statementsOf(sf).namespaces.get(callee.expression.text);
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
    const s = statementsOf(sf).local.get(name);
    if (s && ts.isFunctionDeclaration(s)) return [{ node: s, file, sf }];
    if (s && ts.isClassDeclaration(s)) return constructed ? classParts(s, file, sf) : [];
    if (s && ts.isVariableStatement(s)) {
      const d = s.declarationList.declarations.find((x) => ts.isIdentifier(x.name) && x.name.text === name && x.initializer)!;
      return [...this.valueFunctions(file, sf, d.initializer!, hops), ...this.registeredOn(file, sf, name, hops)];
    }
    if (s && ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.importClause) {
      const clause = s.importClause;
      let imported = clause.name?.text === name ? "default" : undefined;
      const named = clause.namedBindings;
      if (named && ts.isNamedImports(named)) {
        for (const el of named.elements) if (el.name.text === name) imported = (el.propertyName ?? el.name).text;
      }
      const target = this.resolve(file, s.moduleSpecifier.text);
      const tsf = target && this.ast(target);
      return target && tsf ? this.exportedFunctions(target, tsf, imported!, hops + 1, constructed) : [];
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
    for (const calls of statementsOf(sf).registered.get(name) ?? []) {
      for (const call of calls) {
        for (const arg of call.arguments) if (ts.isFunctionExpression(arg) || ts.isArrowFunction(arg) || ts.isIdentifier(arg)) out.push(...this.valueFunctions(file, sf, arg, hops + 1));
      }
    }
    return out;
  }

  /** What a module exports under `name` (`default` included), through re-exports and CommonJS `exports.x =`. */
  private exportedFunctions(file: string, sf: ts.SourceFile, name: string, hops: number, constructed = false): Located[] {
    if (hops > MAX_HOPS) return [];
    for (const s of exportingStatements(sf, name)) {
      const found = this.exportedBy(s, file, sf, name, hops, constructed);
      if (found) return found;
    }
    return [];
  }

  /** What one top-level statement exports under `name`; undefined when it does not say, and the next statement may. */
  private exportedBy(s: ts.Statement, file: string, sf: ts.SourceFile, name: string, hops: number, constructed: boolean): Located[] | undefined {
    const exported = hasModifier(s, ts.SyntaxKind.ExportKeyword);
    if (exported && (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s))) {
      if ((hasModifier(s, ts.SyntaxKind.DefaultKeyword) ? "default" : s.name?.text) !== name) return undefined;
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
        if (!el) return undefined;
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
    return undefined;
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

/** A top-level function's binding: `function make() {}`, or `const make = () => ...` (parenthesized or cast). */
function topLevelBinding(top: ts.Node): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(top)) return top.name && ts.isSourceFile(top.parent) ? top.name : undefined;
  if (!ts.isArrowFunction(top) && !ts.isFunctionExpression(top)) return undefined;
  let value: ts.Node = top;
  while (ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent) || ts.isSatisfiesExpression(value.parent) || ts.isNonNullExpression(value.parent)) value = value.parent;
  const d = value.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer !== value || !ts.isIdentifier(d.name)) return undefined;
  const statement = d.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent) ? d.name : undefined;
}

/**
 * Whether an identifier names the function in a way no walk follows: in a type (`ReturnType<typeof
 * make>`), as a property name, or as what a call at module scope calls (`globalThis.prisma ??
 * make()`: walks read function bodies, and a value's callee is never taken for a function it stands for).
 */
function inertUse(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p)) && p.name === id) return true;
  for (let n: ts.Node = p; !ts.isSourceFile(n); n = n.parent) {
    if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return true;
  }
  if (!(ts.isCallExpression(p) || ts.isNewExpression(p)) || p.expression !== id || enclosingFunction(p)) return false;
  for (let n: ts.Node = p.parent; !ts.isSourceFile(n); n = n.parent) if (ts.isDecorator(n)) return false;
  return true;
}

const neverEnteredMemo = new WeakMap<ts.Node, boolean>();

/**
 * Whether no HandlerReach walk, from any function's handler, can reach `fn`: the function it is in
 * is bound at the top of its file, not exported, and its name is used only where walks do not look
 * (inertUse). The `globalThis` singleton's factory is the common case:
 * `const make = () => new PrismaClient(); export const prisma = globalThis.prisma ?? make();`.
 * Walks enter a function only through a name (a call in a body they walk, a value a binding or an
 * export stands for) and reach nested functions only through the function they are in, so such a
 * function is never reached, whatever the project. Anything this cannot tell answers false.
 */
export function neverEntered(fn: ts.Node): boolean {
  let never = neverEnteredMemo.get(fn);
  if (never !== undefined) return never;
  let top = fn;
  for (let up = enclosingFunction(fn); up; up = enclosingFunction(up)) top = up;
  const name = topLevelBinding(top);
  never = false;
  if (name) {
    const statement = ts.isFunctionDeclaration(top) ? top : name.parent.parent.parent;
    const sf = top.getSourceFile();
    let inert = !hasModifier(statement as ts.Statement, ts.SyntaxKind.ExportKeyword);
    const visit = (n: ts.Node): void => {
      if (!inert) return;
      if (ts.isIdentifier(n)) {
        if (n !== name && n.text === name.text && !inertUse(n)) inert = false;
        return;
      }
      ts.forEachChild(n, visit);
    };
    if (inert) visit(sf);
    never = inert;
  }
  neverEnteredMemo.set(fn, never);
  return never;
}

/** The last package.json read and its dependencies: the functions of a project mostly share one. */
let lastPackages: { text: string | undefined; names: Set<string> } | undefined;

/** Dependencies named in the package's package.json: their specifiers are never taken for path aliases. */
function declaredPackages(packageJson: string | undefined): Set<string> {
  if (!lastPackages || lastPackages.text !== packageJson) lastPackages = { text: packageJson, names: namesIn(packageJson) };
  return lastPackages.names;
}

function namesIn(packageJson: string | undefined): Set<string> {
  try {
    const pkg = JSON.parse(packageJson ?? "{}") as Record<string, unknown>;
    const names = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((k) => Object.keys((pkg[k] as object | undefined) ?? {}));
    return new Set(names);
  } catch {
    return new Set();
  }
}
