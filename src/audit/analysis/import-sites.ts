import { ts } from "ts-morph";

export interface ImportSite {
  specifier: string;
  /** The string literal naming the module (where findings point). */
  node: ts.StringLiteralLike;
  kind: "import" | "export" | "import-equals" | "require" | "dynamic-import";
  /** A statement of the module itself, run when the module loads (not inside a function). */
  topLevel: boolean;
  /** Local names bound by a top-level import or `const x = require(...)`; empty when none or unknown. */
  bindings: string[];
}

const cache = new WeakMap<ts.SourceFile, ImportSite[]>();

function literal(node: ts.Node | undefined): node is ts.StringLiteralLike {
  return !!node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
}

function namesOf(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((el) => (ts.isOmittedExpression(el) ? [] : namesOf(el.name)));
}

function importNames(decl: ts.ImportDeclaration): string[] {
  const clause = decl.importClause;
  if (!clause) return [];
  const names: string[] = [];
  if (clause.name) names.push(clause.name.text);
  const b = clause.namedBindings;
  if (b && ts.isNamespaceImport(b)) names.push(b.name.text);
  else if (b) for (const el of b.elements) if (!el.isTypeOnly) names.push(el.name.text);
  return names;
}

/** `import type { A }`, `import { type A, type B }`: TypeScript erases the whole statement. */
function typeOnlyImport(decl: ts.ImportDeclaration): boolean {
  const clause = decl.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const b = clause.namedBindings;
  return !clause.name && !!b && ts.isNamedImports(b) && b.elements.length > 0 && b.elements.every((el) => el.isTypeOnly);
}

/** `export type { A } from`, `export { type A, type B } from`: erased too. */
function typeOnlyExport(decl: ts.ExportDeclaration): boolean {
  if (decl.isTypeOnly) return true;
  const clause = decl.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((el) => el.isTypeOnly);
}

/** `require("x")`, `require("x").y`, `await import("x")`: the call, for a top-level declaration. */
function requireCall(init: ts.Expression | undefined): ts.CallExpression | undefined {
  let e = init;
  while (e && (ts.isPropertyAccessExpression(e) || ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
  return e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require" ? e : undefined;
}

/** Every module import in a file (static, re-export, require, dynamic), walked without recursion. */
export function importSites(sf: ts.SourceFile): ImportSite[] {
  const cached = cache.get(sf);
  if (cached) return cached;
  const sites: ImportSite[] = [];
  const bound = new Set<ts.CallExpression>();
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && literal(st.moduleSpecifier) && !typeOnlyImport(st)) {
      sites.push({ specifier: st.moduleSpecifier.text, node: st.moduleSpecifier, kind: "import", topLevel: true, bindings: importNames(st) });
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && literal(st.moduleSpecifier) && !typeOnlyExport(st)) {
      sites.push({ specifier: st.moduleSpecifier.text, node: st.moduleSpecifier, kind: "export", topLevel: true, bindings: [] });
    } else if (ts.isImportEqualsDeclaration(st) && !st.isTypeOnly && ts.isExternalModuleReference(st.moduleReference) && literal(st.moduleReference.expression)) {
      const lit = st.moduleReference.expression;
      sites.push({ specifier: lit.text, node: lit, kind: "import-equals", topLevel: true, bindings: [st.name.text] });
    } else if (ts.isVariableStatement(st)) {
      for (const decl of st.declarationList.declarations) {
        const call = requireCall(decl.initializer);
        if (call && literal(call.arguments[0])) {
          bound.add(call);
          sites.push({ specifier: call.arguments[0].text, node: call.arguments[0], kind: "require", topLevel: true, bindings: namesOf(decl.name) });
        }
      }
    }
  }
  // Calls anywhere: require() and import() inside functions, and bare top-level require("x").
  const stack: Array<{ node: ts.Node; inFunction: boolean }> = [{ node: sf, inFunction: false }];
  while (stack.length > 0) {
    const { node, inFunction } = stack.pop()!;
    if (ts.isCallExpression(node) && !bound.has(node) && literal(node.arguments[0])) {
      const arg = node.arguments[0];
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        sites.push({ specifier: arg.text, node: arg, kind: "dynamic-import", topLevel: !inFunction, bindings: [] });
      } else if (ts.isIdentifier(node.expression) && node.expression.text === "require") {
        sites.push({ specifier: arg.text, node: arg, kind: "require", topLevel: !inFunction, bindings: [] });
      }
    }
    const inner = inFunction || ts.isFunctionLike(node);
    ts.forEachChild(node, (child) => {
      stack.push({ node: child, inFunction: inner });
    });
  }
  sites.sort((a, b) => a.node.pos - b.node.pos);
  cache.set(sf, sites);
  return sites;
}
