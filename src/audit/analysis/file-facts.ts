import { ts } from "ts-morph";
import type { FunctionContext, RuleContext } from "../types.js";
import { EDGE_UNSUPPORTED_GLOBALS } from "../compat/vercel-edge.js";
import { UNGUARDED, exits, extendGuard, type Guard } from "./guards.js";
import { ScopeTracker, isAmbient, isValueReference } from "./scope.js";
import { edgeTarget, type EdgeTarget } from "./edge-target.js";
import { bundledFiles } from "./in-output.js";

export interface Site {
  node: ts.Node;
  guard: Guard;
}

export interface ModuleSite extends Site {
  specifier: string;
  kind: "import" | "export" | "import-equals" | "require" | "dynamic-import";
}

export interface GlobalUse extends Site {
  /** `Buffer`, `__dirname`, `require`, `process` (bare), `process.version`, `process.env`. */
  name: string;
  /** For `process.env.X`: X. */
  envKey?: string;
}

export interface DynamicCode extends Site {
  what: "eval" | "new Function" | "Function" | "WebAssembly.compile" | "WebAssembly.compileStreaming" | "WebAssembly.instantiate" | "WebAssembly.instantiateStreaming" | "new WebAssembly.Module";
}

/** What one walk of a file finds, shared by every rule (cached per parsed file). */
export interface FileFacts {
  sf: ts.SourceFile;
  modules: ModuleSite[];
  globals: GlobalUse[];
  dynamic: DynamicCode[];
}

const NODE_GLOBALS = new Set(["__dirname", "__filename", "Buffer", "global", ...EDGE_UNSUPPORTED_GLOBALS]);
const WASM_COMPILERS = new Set(["compile", "compileStreaming", "instantiateStreaming"]);
const cache = new WeakMap<ts.SourceFile, FileFacts>();

export function fileFacts(sf: ts.SourceFile): FileFacts {
  let facts = cache.get(sf);
  if (!facts) {
    facts = walk(sf);
    cache.set(sf, facts);
  }
  return facts;
}

function stringArg(call: ts.CallExpression): ts.StringLiteralLike | undefined {
  const first = call.arguments[0];
  return first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first : undefined;
}

function isTypeScript(sf: ts.SourceFile): boolean {
  return /\.[mc]?tsx?$/.test(sf.fileName);
}

function walk(sf: ts.SourceFile): FileFacts {
  const facts: FileFacts = { sf, modules: [], globals: [], dynamic: [] };
  const scopes = new ScopeTracker();
  const ancestors: ts.Node[] = [];
  /** Identifiers read as values, to drop imports TypeScript compilers elide because only types use them. */
  const valueNames = new Set<string>();
  const importBindings: Array<{ site: ModuleSite; names: string[] }> = [];
  const wasmImports = new Set<string>();
  const initializers = new Map<string, ts.Expression>();

  const isGlobal = (name: string) => !scopes.isLocal(name, ancestors);

  const recordImport = (node: ts.ImportDeclaration, guard: Guard) => {
    const clause = node.importClause;
    if (clause?.isTypeOnly || !ts.isStringLiteral(node.moduleSpecifier)) return;
    const site: ModuleSite = { node: node.moduleSpecifier, guard, specifier: node.moduleSpecifier.text, kind: "import" };
    if (!clause) {
      facts.modules.push(site);
      return;
    }
    const names: string[] = [];
    if (clause.name) names.push(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    else if (bindings) for (const el of bindings.elements) if (!el.isTypeOnly) names.push(el.name.text);
    if (/\.wasm(\?module)?$/.test(site.specifier) && clause.name) wasmImports.add(clause.name.text);
    if (names.length === 0 && bindings && !ts.isNamespaceImport(bindings) && bindings.elements.length > 0) return;
    importBindings.push({ site, names });
  };

  const recordExport = (node: ts.ExportDeclaration, guard: Guard) => {
    if (node.isTypeOnly || !node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) return;
    const clause = node.exportClause;
    if (clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((el) => el.isTypeOnly)) return;
    facts.modules.push({ node: node.moduleSpecifier, guard, specifier: node.moduleSpecifier.text, kind: "export" });
  };

  const visitCall = (node: ts.CallExpression, guard: Guard): boolean => {
    const callee = node.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = stringArg(node);
      if (arg) facts.modules.push({ node: arg, guard, specifier: arg.text, kind: "dynamic-import" });
      return false;
    }
    if (ts.isIdentifier(callee)) {
      const name = callee.text;
      if (name === "require" && isGlobal("require")) {
        const arg = stringArg(node);
        if (arg) facts.modules.push({ node: arg, guard, specifier: arg.text, kind: "require" });
        else facts.globals.push({ node: callee, guard, name: "require" });
        for (const a of node.arguments) visit(a, guard);
        return true;
      }
      if ((name === "eval" || name === "Function") && isGlobal(name)) {
        facts.dynamic.push({ node: callee, guard, what: name });
        for (const a of node.arguments) visit(a, guard);
        return true;
      }
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "WebAssembly" && isGlobal("WebAssembly")) {
      const method = callee.name.text;
      if (WASM_COMPILERS.has(method) || (method === "instantiate" && compilesBytes(node.arguments[0]))) {
        facts.dynamic.push({ node: callee, guard, what: `WebAssembly.${method}` as DynamicCode["what"] });
      }
    }
    return false;
  };

  /** `WebAssembly.instantiate(module)` with an imported `.wasm` module is fine; with bytes it compiles code at runtime. */
  const compilesBytes = (arg: ts.Expression | undefined): boolean => {
    if (!arg) return false;
    if (ts.isIdentifier(arg)) {
      if (wasmImports.has(arg.text)) return false;
      const init = initializers.get(arg.text);
      return init !== undefined && compilesBytes(init);
    }
    if (ts.isAwaitExpression(arg) || ts.isParenthesizedExpression(arg)) return compilesBytes(arg.expression);
    if (ts.isNewExpression(arg)) return !(dotted(arg.expression) === "WebAssembly.Module");
    return ts.isCallExpression(arg) || ts.isArrayLiteralExpression(arg);
  };

  const visitStatements = (statements: ts.NodeArray<ts.Statement>, guard: Guard) => {
    let g = guard;
    for (const s of statements) {
      visit(s, g);
      if (ts.isIfStatement(s) && !s.elseStatement && exits(s.thenStatement)) g = extendGuard(g, s.expression);
    }
  };

  const visitIdentifier = (node: ts.Identifier, guard: Guard) => {
    const parent = ancestors[ancestors.length - 1]!;
    if (!isValueReference(node, parent)) return;
    const name = node.text;
    valueNames.add(name);
    if (name === "eval" && isGlobal(name)) facts.dynamic.push({ node, guard, what: "eval" });
    else if ((name === "process" || name === "require" || NODE_GLOBALS.has(name)) && isGlobal(name)) facts.globals.push({ node, guard, name });
  };

  // An explicit work stack instead of recursion: generated or minified files nest expressions
  // thousands deep. `visit` schedules a node; children run in source order before the node's `null`
  // marker pops it off `ancestors`.
  const work: Array<[ts.Node, Guard] | null> = [];
  let pending: Array<[ts.Node, Guard]> = [];
  const visit = (node: ts.Node, guard: Guard): void => {
    pending.push([node, guard]);
  };
  const expand = (node: ts.Node, guard: Guard): void => {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || isAmbient(node)) return;
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) return;
    if (ts.isIdentifier(node)) return visitIdentifier(node, guard);
    ancestors.push(node);
    work.push(null);
    pending = [];
    visitChildren(node, guard);
    for (let i = pending.length - 1; i >= 0; i--) work.push(pending[i]!);
  };

  const visitChildren = (node: ts.Node, guard: Guard): void => {
    if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      if (ts.isCaseClause(node)) visit(node.expression, guard);
      return visitStatements(node.statements, guard);
    }
    if (ts.isImportDeclaration(node)) return recordImport(node, guard);
    if (ts.isExportDeclaration(node)) {
      recordExport(node, guard);
      if (!node.moduleSpecifier && node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const el of node.exportClause.elements) valueNames.add((el.propertyName ?? el.name).text);
      }
      return;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (!node.isTypeOnly && ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        importBindings.push({ site: { node: ref.expression, guard, specifier: ref.expression.text, kind: "import-equals" }, names: [node.name.text] });
      }
      return;
    }
    if (ts.isIfStatement(node)) {
      visit(node.expression, guard);
      const inner = extendGuard(guard, node.expression);
      visit(node.thenStatement, inner);
      if (node.elseStatement) visit(node.elseStatement, inner);
      return;
    }
    if (ts.isConditionalExpression(node)) {
      visit(node.condition, guard);
      const inner = extendGuard(guard, node.condition);
      visit(node.whenTrue, inner);
      visit(node.whenFalse, inner);
      return;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        // `a && b && c` nests to the left: flatten it so each operand is scanned once, not once per level.
        const operands: ts.Expression[] = [node.right];
        let left = node.left;
        while (ts.isBinaryExpression(left) && left.operatorToken.kind === op) {
          operands.push(left.right);
          left = left.left;
        }
        operands.push(left);
        let g = guard;
        for (let i = operands.length - 1; i >= 0; i--) {
          visit(operands[i]!, g);
          if (i > 0) g = extendGuard(g, operands[i]!);
        }
        return;
      }
    }
    if (ts.isTypeOfExpression(node) && (ts.isIdentifier(node.expression) || ts.isPropertyAccessExpression(node.expression))) {
      // `typeof X` never throws for a missing global, but it does read an imported X.
      let root: ts.Expression = node.expression;
      while (ts.isPropertyAccessExpression(root)) root = root.expression;
      if (ts.isIdentifier(root)) valueNames.add(root.text);
      return;
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) initializers.set(node.name.text, node.initializer);
    if (ts.isCallExpression(node) && visitCall(node, guard)) return;
    if (ts.isNewExpression(node)) {
      const what = dotted(node.expression);
      if ((what === "Function" && isGlobal("Function")) || (what === "WebAssembly.Module" && isGlobal("WebAssembly"))) {
        facts.dynamic.push({ node: node.expression, guard, what: what === "Function" ? "new Function" : "new WebAssembly.Module" });
      }
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "process") {
      valueNames.add("process");
      if (isGlobal("process")) {
        const member = node.name.text;
        const parent = ancestors[ancestors.length - 2];
        const use: GlobalUse = { node, guard, name: `process.${member}` };
        if (member === "env" && parent && ts.isPropertyAccessExpression(parent) && parent.expression === node) use.envKey = parent.name.text;
        facts.globals.push(use);
      }
      return;
    }
    ts.forEachChild(node, (child) => visit(child, guard));
  };

  work.push([sf, UNGUARDED]);
  while (work.length > 0) {
    const item = work.pop()!;
    if (item === null) ancestors.pop();
    else expand(item[0], item[1]);
  }

  const elides = isTypeScript(sf);
  for (const { site, names } of importBindings) {
    if (elides && names.length > 0 && !names.some((n) => valueNames.has(n))) continue;
    facts.modules.push(site);
  }
  facts.modules.sort((a, b) => a.node.pos - b.node.pos);
  return facts;
}

function dotted(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) return `${node.expression.text}.${node.name.text}`;
  return undefined;
}

/** 1-based line and column of a node's first character. */
export function position(sf: ts.SourceFile, node: ts.Node): { line: number; column: number } {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { line: line + 1, column: character + 1 };
}

/**
 * Every parsed file that an edge function (Vercel edge or Workers) reaches, with the function's
 * edge target and the file's facts: the walk the edge rules share. Files too deeply nested to walk
 * have no syntax tree (the engine reports them) and are skipped.
 */
export function* edgeFiles(ctx: RuleContext): Generator<{ fnCtx: FunctionContext; target: EdgeTarget; file: string; sf: ts.SourceFile; facts: FileFacts }> {
  for (const fnCtx of ctx.functions) {
    const target = edgeTarget(fnCtx.fn);
    if (!target) continue;
    for (const file of bundledFiles(ctx, fnCtx)) {
      const sf = fnCtx.ast(file);
      if (sf) yield { fnCtx, target, file, sf, facts: fileFacts(sf) };
    }
  }
}
