import { ts } from "ts-morph";

/**
 * Names a scope node binds for values: enough to tell a global `Buffer` from an imported one or a
 * parameter named `process`, without the type checker (which would load the whole program).
 */
export function isAmbient(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword) ?? false);
}

function addBindingNames(name: ts.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) {
    out.add(name.text);
    return;
  }
  for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBindingNames(element.name, out);
}

function addDeclarationList(list: ts.VariableDeclarationList, out: Set<string>): void {
  for (const d of list.declarations) addBindingNames(d.name, out);
}

function addStatement(statement: ts.Statement, out: Set<string>): void {
  if (isAmbient(statement)) return;
  if (ts.isVariableStatement(statement)) addDeclarationList(statement.declarationList, out);
  else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) out.add(statement.name.text);
  else if ((ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) && ts.isIdentifier(statement.name)) out.add(statement.name.text);
  else if (ts.isImportEqualsDeclaration(statement) && !statement.isTypeOnly) out.add(statement.name.text);
  else if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) return;
    if (clause.name) out.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) out.add(bindings.name.text);
    else if (bindings) for (const el of bindings.elements) if (!el.isTypeOnly) out.add(el.name.text);
  }
}

/** `var` declarations anywhere in a function body (they belong to the function), not entering nested functions. */
function addVars(root: ts.Node, out: Set<string>): void {
  const stack: ts.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) continue;
    if (ts.isVariableDeclarationList(node) && !(node.flags & ts.NodeFlags.BlockScoped)) addDeclarationList(node, out);
    ts.forEachChild(node, (child) => void stack.push(child));
  }
}

function declaredBy(node: ts.Node): Set<string> {
  const out = new Set<string>();
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node)) {
    for (const s of node.statements) addStatement(s, out);
    if (ts.isSourceFile(node)) for (const s of node.statements) addVars(s, out);
  } else if (ts.isCaseBlock(node)) {
    for (const clause of node.clauses) for (const s of clause.statements) addStatement(s, out);
  } else if (ts.isFunctionLike(node)) {
    for (const p of node.parameters) addBindingNames(p.name, out);
    if ((ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) out.add(node.name.text);
    const body = (node as ts.FunctionLikeDeclarationBase).body;
    if (body) addVars(body, out);
  } else if (ts.isClassExpression(node) && node.name) {
    out.add(node.name.text);
  } else if (ts.isCatchClause(node) && node.variableDeclaration) {
    addBindingNames(node.variableDeclaration.name, out);
  } else if ((ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    addDeclarationList(node.initializer, out);
  }
  return out;
}

/** Answers "is this name bound locally?" for the ancestors of the node being visited. */
export class ScopeTracker {
  private readonly cache = new Map<ts.Node, Set<string>>();

  /** `ancestors` runs from the source file down to the identifier's parent. */
  isLocal(name: string, ancestors: readonly ts.Node[]): boolean {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const node = ancestors[i]!;
      let names = this.cache.get(node);
      if (!names) {
        names = declaredBy(node);
        this.cache.set(node, names);
      }
      if (names.has(name)) return true;
    }
    return false;
  }
}

/** Whether an identifier is read as a value here (not a property name, a declaration's own name or a label). */
export function isValueReference(id: ts.Identifier, parent: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === id;
  if (ts.isQualifiedName(parent) || ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return false;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.initializer === id;
  if (ts.isMethodDeclaration(parent)) return false;
  if (ts.isBindingElement(parent)) return parent.initializer === id;
  if (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isEnumMember(parent)) return parent.initializer === id;
  if (
    ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent) ||
    ts.isClassExpression(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) ||
    ts.isEnumDeclaration(parent) || ts.isModuleDeclaration(parent) || ts.isImportClause(parent) ||
    ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent) || ts.isLabeledStatement(parent) ||
    ts.isBreakOrContinueStatement(parent) || ts.isJsxAttribute(parent) || ts.isMetaProperty(parent) ||
    ts.isNamespaceExport(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent)
  ) {
    return false;
  }
  return true;
}
