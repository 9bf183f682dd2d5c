import { handlerNames } from "./handler-names.js";
import { ts } from "ts-morph";
import type { FunctionContext } from "../types.js";

/**
 * The names a function's other files import from `file` ("*" when one takes everything: a
 * namespace import or `export *`), read from the import statements the bundler resolved to it.
 */
const importedCache = new WeakMap<FunctionContext, Map<string, Set<string>>>();

function importedNames(fnCtx: FunctionContext, file: string): Set<string> {
  let byFile = importedCache.get(fnCtx);
  if (!byFile) importedCache.set(fnCtx, (byFile = new Map<string, Set<string>>()));
  let names = byFile.get(file);
  if (!names) byFile.set(file, (names = readImportedNames(fnCtx, file)));
  return names;
}

function readImportedNames(fnCtx: FunctionContext, file: string): Set<string> {
  const names = new Set<string>();
  for (const [importer, list] of fnCtx.imports ?? []) {
    const specifiers = new Set(list.filter((i) => i.target === file).map((i) => i.specifier));
    if (specifiers.size === 0) continue;
    const sf = fnCtx.ast(importer);
    if (!sf) return new Set(["*"]);
    for (const statement of sf.statements) {
      const from = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
      if (!from || !ts.isStringLiteral(from) || !specifiers.has(from.text)) continue;
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (!clause) continue;
        if (clause.name) names.add("default");
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names.add("*");
        else for (const el of bindings?.elements ?? []) names.add((el.propertyName ?? el.name).text);
      } else {
        const clause = statement.exportClause;
        if (!clause || !ts.isNamedExports(clause)) names.add("*");
        else for (const el of clause.elements) names.add((el.propertyName ?? el.name).text);
      }
    }
  }
  // A dynamic import or require of the file (not an import statement) could take anything.
  if (names.size === 0) names.add("*");
  return names;
}

/**
 * True when `node` sits in a top-level exported function or const of a file other than the entry,
 * and no file of this function imports that export or uses it inside the file: the code is in the
 * bundle only beside something else the function does use, and never runs for it. In the entry,
 * the same holds for an export that is another function's handler (see `otherHandler`).
 */
export function inUnusedExport(fnCtx: FunctionContext, file: string, node: ts.Node): boolean {
  let top: ts.Node = node;
  while (top.parent && !ts.isSourceFile(top.parent)) top = top.parent;
  if (file === fnCtx.fn.entry) return otherHandler(fnCtx, top);
  if (!fnCtx.imports) return false;
  const name = exportedName(top);
  if (!name) return false;
  const imported = importedNames(fnCtx, file);
  if (imported.has("*") || imported.has(name)) return false;
  return !usedInOwnFile(top, name);
}

/**
 * In the entry: an export that is another function's handler (`orders.list` and `orders.create` in
 * one file, each its own Lambda) runs only for that one, when the adapter knows the handlers.
 */
function otherHandler(fnCtx: FunctionContext, top: ts.Node): boolean {
  if (!fnCtx.fn.lambda && !fnCtx.fn.handlers) return false;
  const name = exportedName(top);
  return name !== undefined && !handlerNames(fnCtx.fn).includes(name) && !usedInOwnFile(top, name);
}

const localUse = new WeakMap<ts.Node, boolean>();

/** Whether any other statement of the file names the export (any identifier of that name: err on "used"). */
function usedInOwnFile(top: ts.Node, name: string): boolean {
  const known = localUse.get(top);
  if (known !== undefined) return known;
  let used = false;
  const visit = (n: ts.Node): void => {
    if (used) return;
    if (ts.isIdentifier(n) && n.text === name) used = true;
    else ts.forEachChild(n, visit);
  };
  for (const statement of top.getSourceFile().statements) if (statement !== top) visit(statement);
  localUse.set(top, used);
  return used;
}

/** `export function f() {}` or `export const f = ...` (one declaration): its name. */
function exportedName(statement: ts.Node): string | undefined {
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isFunctionDeclaration(statement) && statement.name && exported(statement)) {
    return (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? undefined : statement.name.text;
  }
  if (ts.isVariableStatement(statement) && exported(statement) && statement.declarationList.declarations.length === 1) {
    const decl = statement.declarationList.declarations[0]!;
    return ts.isIdentifier(decl.name) ? decl.name.text : undefined;
  }
  return undefined;
}
