import { ts } from "ts-morph";

/**
 * What a name refers to, found by walking up the enclosing scopes of one file (no type checker:
 * that would load the whole program). Enough to follow `const signal = AbortSignal.timeout(…)`,
 * `const api = axios.create(…)` or `import got from "got"` from the place a call uses them.
 */
export type Decl =
  | { kind: "var"; decl: ts.VariableDeclaration; scope: ts.Node }
  | { kind: "import"; module: string; imported: string }
  | { kind: "function"; node: ts.FunctionDeclaration }
  | { kind: "param" }
  | { kind: "other" };

const cache = new WeakMap<ts.Node, Map<string, Decl>>();
const EMPTY: ReadonlyMap<string, Decl> = new Map();

function requireOf(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  if (ts.isPropertyAccessExpression(expr) && expr.name.text === "default") return requireOf(expr.expression);
  if (
    ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === "require" &&
    expr.arguments.length === 1 && ts.isStringLiteralLike(expr.arguments[0]!)
  ) {
    return (expr.arguments[0]).text;
  }
  return undefined;
}

function addBinding(name: ts.BindingName, decl: Decl, out: Map<string, Decl>): void {
  if (ts.isIdentifier(name)) {
    out.set(name.text, decl);
    return;
  }
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name, decl, out);
}

function addDeclarations(list: ts.VariableDeclarationList, scope: ts.Node, out: Map<string, Decl>): void {
  for (const d of list.declarations) {
    const module = requireOf(d.initializer);
    if (ts.isIdentifier(d.name)) {
      out.set(d.name.text, module ? { kind: "import", module, imported: "default" } : { kind: "var", decl: d, scope });
    } else if (module && ts.isObjectBindingPattern(d.name)) {
      // const { request } = require("undici")
      for (const el of d.name.elements) {
        const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : "";
        if (ts.isIdentifier(el.name)) out.set(el.name.text, { kind: "import", module, imported });
      }
    } else {
      addBinding(d.name, { kind: "other" }, out);
    }
  }
}

function addStatement(s: ts.Statement, scope: ts.Node, out: Map<string, Decl>): void {
  if (ts.isVariableStatement(s)) addDeclarations(s.declarationList, scope, out);
  else if (ts.isFunctionDeclaration(s) && s.name) out.set(s.name.text, { kind: "function", node: s });
  else if ((ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) out.set(s.name.text, { kind: "other" });
  else if (ts.isImportDeclaration(s) && s.importClause && !s.importClause.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier)) {
    const module = s.moduleSpecifier.text;
    const clause = s.importClause;
    if (clause.name) out.set(clause.name.text, { kind: "import", module, imported: "default" });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) out.set(bindings.name.text, { kind: "import", module, imported: "*" });
    else if (bindings) for (const el of bindings.elements) out.set(el.name.text, { kind: "import", module, imported: (el.propertyName ?? el.name).text });
  } else if (ts.isImportEqualsDeclaration(s)) {
    const ref = s.moduleReference;
    if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) out.set(s.name.text, { kind: "import", module: ref.expression.text, imported: "default" });
    else out.set(s.name.text, { kind: "other" });
  }
}

function declsOf(node: ts.Node): ReadonlyMap<string, Decl> {
  const cached = cache.get(node);
  if (cached) return cached;
  let out: Map<string, Decl> | undefined;
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
    out = new Map();
    for (const s of node.statements) addStatement(s, node, out);
  } else if (ts.isFunctionLike(node)) {
    out = new Map();
    for (const p of node.parameters) addBinding(p.name, { kind: "param" }, out);
    if (ts.isFunctionExpression(node) && node.name) out.set(node.name.text, { kind: "other" });
  } else if (ts.isCatchClause(node) && node.variableDeclaration) {
    out = new Map();
    addBinding(node.variableDeclaration.name, { kind: "other" }, out);
  } else if ((ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    out = new Map();
    addDeclarations(node.initializer, node, out);
  }
  if (!out) return EMPTY;
  cache.set(node, out);
  return out;
}

/** The declaration `name` refers to at `from`, or undefined for a global. */
export function resolve(name: string, from: ts.Node): Decl | undefined {
  for (let n: ts.Node | undefined = from.parent; n; n = n.parent) {
    const d = declsOf(n).get(name);
    if (d) return d;
  }
  return undefined;
}

/** Whether a top-level binding leaves the file (`export const`, `export { x }`, `export default x`). */
export function isExported(decl: ts.VariableDeclaration): boolean {
  const statement = decl.parent.parent;
  if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
  if (!ts.isIdentifier(decl.name)) return false;
  const name = decl.name.text;
  const sf = decl.getSourceFile();
  return sf.statements.some(
    (s) =>
      (ts.isExportAssignment(s) && ts.isIdentifier(s.expression) && s.expression.text === name) ||
      (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause !== undefined && ts.isNamedExports(s.exportClause) &&
        s.exportClause.elements.some((el) => (el.propertyName ?? el.name).text === name)),
  );
}

/** The nearest enclosing function body or the source file: where a timer for a controller would be set. */
export function enclosingBody(node: ts.Node): ts.Node {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n) || ts.isSourceFile(n)) return n;
  }
  return node.getSourceFile();
}
