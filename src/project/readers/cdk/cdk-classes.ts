/** Which `new X(...)` creates a Lambda function: the CDK classes, and project classes that extend them. */
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { className } from "./cdk-expressions.js";
import type { Env, Ref, Src } from "./cdk-props.js";
import { parseSource, parseWalkable, unwrap } from "../../source/typescript.js";

export type ConstructKind = "nodejs-function" | "function";

export interface ProjectClass {
  decl: TS.ClassDeclaration;
  src: Src;
}

/** A construct class: its CDK base, and the project subclasses from the one instantiated down. */
export interface ConstructTarget {
  kind: ConstructKind;
  chain: ProjectClass[];
}

/** The package's CDK sources, parsed on first use. */
export interface CdkProgram {
  ts: typeof TS;
  texts: Map<string, string>;
  parsed: Map<string, Src>;
  /** From `subclassNames`: other classes are not looked up, so their files are not parsed. */
  subclasses: Set<string>;
  /** Files too deeply nested to walk (see parseWalkable), with why. */
  skipped: Map<string, string>;
}

const LAMBDA_MODULE = /^(aws-cdk-lib(\/aws-lambda)?|@aws-cdk\/aws-lambda)$/;
/** aws-lambda classes that take `runtime`, `handler` and `code` props. */
const FUNCTION_CLASSES = new Set(["Function", "SingletonFunction"]);
const SOURCE_SUFFIXES = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", "/index.ts", "/index.js"];
const MAX_CHAIN = 8;

export function sourceOf(program: CdkProgram, abs: string): Src | undefined {
  let src = program.parsed.get(abs);
  const text = program.texts.get(abs);
  if (!src && text !== undefined && !program.skipped.has(abs)) {
    const parsed = parseWalkable(program.ts, () => parseSource(program.ts, abs, text));
    if ("why" in parsed) {
      program.skipped.set(abs, parsed.why);
      return undefined;
    }
    src = { sf: parsed.sf, abs };
    program.parsed.set(abs, src);
  }
  return src;
}

/** Names of classes that extend NodejsFunction or Function, directly or through each other (a text pre-filter). */
export function subclassNames(texts: Iterable<string>): Set<string> {
  const pairs: Array<[string, string]> = [];
  for (const text of texts) {
    // Type parameters are capped at 500 characters: unbounded, every `class X <` rescanned the rest of the file.
    for (const m of text.matchAll(/class\s+([A-Za-z_$][\w$]*)(?:\s*<[^{]{0,500}?>)?\s+extends\s+([\w$.]+)/g)) pairs.push([m[1]!, m[2]!.replace(/^.*\./, "")]);
  }
  const bases = new Set(["NodejsFunction", ...FUNCTION_CLASSES]);
  const names = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, base] of pairs) {
      if ((bases.has(base) || names.has(base)) && !names.has(name)) {
        names.add(name);
        grew = true;
      }
    }
  }
  return names;
}

export function constructTarget(program: CdkProgram, expr: TS.Expression, src: Src, depth = 0): ConstructTarget | undefined {
  const { ts } = program;
  const e = unwrap(ts, expr);
  const kind = cdkKind(ts, e, src.sf);
  if (kind) return { kind, chain: [] };
  if (depth >= MAX_CHAIN || !ts.isIdentifier(e)) return undefined;
  const cls = findClass(program, e.text, src);
  const base = cls?.decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  const inner = cls && base ? constructTarget(program, base.expression, cls.src, depth + 1) : undefined;
  return inner && cls ? { kind: inner.kind, chain: [cls, ...inner.chain] } : undefined;
}

function cdkKind(ts: typeof TS, e: TS.Expression, sf: TS.SourceFile): ConstructKind | undefined {
  if (className(ts, e) === "NodejsFunction") return "nodejs-function";
  if (ts.isIdentifier(e)) {
    const imported = importsOf(ts, sf).get(e.text);
    return imported && FUNCTION_CLASSES.has(imported.name) && LAMBDA_MODULE.test(imported.module) ? "function" : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && FUNCTION_CLASSES.has(e.name.text)) {
    let root: TS.Expression = e.expression;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    const imported = ts.isIdentifier(root) ? importsOf(ts, sf).get(root.text) : undefined;
    return imported && LAMBDA_MODULE.test(imported.module) ? "function" : undefined;
  }
  return undefined;
}

type Imports = Map<string, { module: string; name: string }>;
const importCache = new WeakMap<TS.SourceFile, Imports>();

/** Local name -> module and imported name ("*" for a namespace or `require`, "default"). */
function importsOf(ts: typeof TS, sf: TS.SourceFile): Imports {
  const cached = importCache.get(sf);
  if (cached) return cached;
  const out: Imports = new Map();
  importCache.set(sf, out);
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.importClause) {
      const module = st.moduleSpecifier.text;
      const { name, namedBindings } = st.importClause;
      if (name) out.set(name.text, { module, name: "default" });
      if (namedBindings && ts.isNamespaceImport(namedBindings)) out.set(namedBindings.name.text, { module, name: "*" });
      if (namedBindings && ts.isNamedImports(namedBindings)) {
        for (const el of namedBindings.elements) out.set(el.name.text, { module, name: (el.propertyName ?? el.name).text });
      }
    }
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer ? unwrap(ts, d.initializer) : undefined;
        const module = init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require" ? init.arguments[0] : undefined;
        if (!module || !ts.isStringLiteral(module)) continue;
        if (ts.isIdentifier(d.name)) out.set(d.name.text, { module: module.text, name: "*" });
        if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
            if (ts.isIdentifier(el.name) && imported) out.set(el.name.text, { module: module.text, name: imported });
          }
        }
      }
    }
  }
  return out;
}

/** A class declared in this file, or imported from a project file by a relative import. */
function findClass(program: CdkProgram, name: string, src: Src): ProjectClass | undefined {
  const { ts } = program;
  const local = program.subclasses.has(name) ? topLevelClass(ts, src.sf, (c) => c.name?.text === name) : undefined;
  if (local) return { decl: local, src };
  const imported = importsOf(ts, src.sf).get(name);
  if (!imported || !imported.module.startsWith(".")) return undefined;
  if (imported.name !== "default" && !program.subclasses.has(imported.name)) return undefined;
  const base = path.resolve(path.dirname(src.abs), imported.module);
  const stem = base.replace(/\.[cm]?js$/, "");
  for (const candidate of [base, ...SOURCE_SUFFIXES.map((suffix) => stem + suffix)]) {
    const target = sourceOf(program, candidate);
    if (!target) continue;
    const isDefault = (c: TS.ClassDeclaration) => !!c.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    const decl = topLevelClass(ts, target.sf, (c) => (imported.name === "default" ? isDefault(c) : c.name?.text === imported.name));
    return decl ? { decl, src: target } : undefined;
  }
  return undefined;
}

function topLevelClass(ts: typeof TS, sf: TS.SourceFile, match: (c: TS.ClassDeclaration) => boolean): TS.ClassDeclaration | undefined {
  return sf.statements.find((st): st is TS.ClassDeclaration => ts.isClassDeclaration(st) && match(st));
}

/**
 * The arguments the CDK class's own constructor gets: the call's, passed through each subclass's
 * `super(...)`. A subclass without a constructor passes its arguments on unchanged.
 */
export function superArguments(ts: typeof TS, call: TS.NewExpression, src: Src, chain: ProjectClass[]): Array<Ref | "absent"> | undefined {
  let args: Array<Ref | "absent"> = (call.arguments ?? []).map((expr) => ({ expr, src, env: new Map() }));
  for (const cls of chain) {
    const ctor = cls.decl.members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
    if (!ctor) continue;
    const env: Env = new Map();
    for (const [i, param] of ctor.parameters.entries()) if (!param.dotDotDotToken) env.set(param, args[i] ?? "absent");
    const superCall = findSuperCall(ts, ctor.body!);
    if (!superCall || superCall.arguments.some((a) => ts.isSpreadElement(a))) return undefined;
    args = superCall.arguments.map((expr) => ({ expr, src: cls.src, env }));
  }
  return args;
}

function findSuperCall(ts: typeof TS, node: TS.Node): TS.CallExpression | undefined {
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) return node;
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return undefined;
  return ts.forEachChild(node, (child) => findSuperCall(ts, child));
}
