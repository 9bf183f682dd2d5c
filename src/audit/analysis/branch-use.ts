import { ts } from "ts-morph";
import type { HandlerUnit } from "./handler-units.js";

/** Where all the value uses of an imported name are, when they are confined to one branch. */
export interface OneBranch {
  unit: HandlerUnit;
  /** The branch, as a reader would name it: `if (event.type === "image")`, `case "pdf":`; undefined when the whole unit is the branch. */
  branch: string | undefined;
  /** The node to point at (the if/case/conditional), and the first use. */
  at: ts.Node;
  firstUse: ts.Identifier;
}

/** Made on first use, so loading the rules does not load TypeScript (see typeScriptOnFirstUse). */
let declarationNames: Set<ts.SyntaxKind> | undefined;
const declaresName = (kind: ts.SyntaxKind) =>
  (declarationNames ??= new Set([
    ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.Parameter, ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.ClassDeclaration,
    ts.SyntaxKind.BindingElement, ts.SyntaxKind.ImportClause, ts.SyntaxKind.ImportSpecifier, ts.SyntaxKind.NamespaceImport,
    ts.SyntaxKind.ImportEqualsDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ClassExpression,
  ])).has(kind);

type Use = { id: ts.Identifier; kind: "value" } | { kind: "declaration" };

function classify(id: ts.Identifier): Use | undefined {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return undefined;
  if (ts.isQualifiedName(parent) && parent.right === id) return undefined;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === id) return undefined;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return undefined;
  if (ts.isExportSpecifier(parent) || ts.isImportSpecifier(parent) && parent.propertyName === id) return undefined;
  if (declaresName(parent.kind) && (parent as ts.NamedDeclaration).name === id) return { kind: "declaration" };
  for (let n: ts.Node = parent; !ts.isSourceFile(n); n = n.parent) {
    if (ts.isTypeNode(n)) return undefined;
    if (ts.isStatement(n) || ts.isFunctionLike(n)) break;
  }
  return { id, kind: "value" };
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** The branch `child` opens under `parent`, if any, with the condition that takes it (and its value then). */
function branchOf(parent: ts.Node, child: ts.Node, sf: ts.SourceFile): { label: string; at: ts.Node; when?: { cond: ts.Expression; value: boolean } } | undefined {
  if (ts.isIfStatement(parent)) {
    if (child === parent.thenStatement) return { label: `if (${clip(parent.expression.getText(sf))})`, at: parent, when: { cond: parent.expression, value: true } };
    if (child === parent.elseStatement) return { label: `else of if (${clip(parent.expression.getText(sf))})`, at: parent, when: { cond: parent.expression, value: false } };
  }
  if (ts.isCaseClause(child) && ts.isCaseBlock(parent)) return { label: `case ${clip(child.expression.getText(sf))}:`, at: child };
  if (ts.isDefaultClause(child) && ts.isCaseBlock(parent)) return { label: "default:", at: child };
  if (ts.isConditionalExpression(parent) && (child === parent.whenTrue || child === parent.whenFalse)) {
    const value = child === parent.whenTrue;
    return { label: `${value ? "true" : "false"} arm of ${clip(parent.condition.getText(sf))} ? :`, at: parent, when: { cond: parent.condition, value } };
  }
  return undefined;
}

/** What a condition is known to evaluate to on every call of a unit (true, false), or undefined. */
export type KnownCondition = (cond: ts.Expression, unit: HandlerUnit) => boolean | undefined;

/**
 * Whether every value use of `names` sits on one branch of one handler unit: inside a single
 * if/else arm, switch case or `? :` arm of it, or inside the only unit (of several) that uses them.
 * Undefined (no claim) when a name is used at module scope, outside any handler, on several
 * branches or in several units, redeclared anywhere, or not used at all. A branch that `known` says
 * every call takes (its condition always has the value that opens it) is no branch.
 */
export function usedOnOneBranch(sf: ts.SourceFile, names: ReadonlySet<string>, importNode: ts.Node, units: readonly HandlerUnit[], known?: KnownCondition): OneBranch | undefined {
  if (units.length === 0) return undefined;
  const unitOf = new Map(units.map((u) => [u.node, u]));
  const uses: ts.Identifier[] = [];
  let redeclared = false;
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === importNode) continue;
    if (ts.isIdentifier(node) && names.has(node.text)) {
      const use = classify(node);
      if (use?.kind === "declaration") redeclared = true;
      else if (use) uses.push(use.id);
    }
    ts.forEachChild(node, (c) => {
      stack.push(c);
    });
  }
  if (redeclared || uses.length === 0) return undefined;

  let unit: HandlerUnit | undefined;
  const branches: Array<{ label: string; at: ts.Node; key: ts.Node } | undefined> = [];
  for (const id of uses) {
    const found: Array<NonNullable<ReturnType<typeof branchOf>> & { key: ts.Node }> = [];
    let reached: HandlerUnit | undefined;
    for (let child: ts.Node = id, parent = id.parent; parent; child = parent, parent = parent.parent) {
      const b = branchOf(parent, child, sf);
      if (b) found.push({ ...b, key: child });
      reached = unitOf.get(parent);
      if (reached) break;
    }
    if (!reached || (unit && unit !== reached)) return undefined;
    // The outermost branch that some calls skip.
    const r = reached;
    const skipped = found.filter((b) => !(b.when && known?.(b.when.cond, r) === b.when.value));
    const outer = skipped.length > 0 ? { label: skipped.at(-1)!.label, at: skipped.at(-1)!.at, key: skipped.at(-1)!.key } : undefined;
    unit = reached;
    branches.push(outer);
  }
  if (!unit) return undefined;
  const first = [...uses].sort((a, b) => a.pos - b.pos)[0]!;
  const one = branches[0];
  if (one && branches.every((b) => b?.key === one.key)) return { unit, branch: one.label, at: one.at, firstUse: first };
  // No single branch: still one branch of the entry when only one of several units uses it.
  return units.length > 1 ? { unit, branch: undefined, at: unit.node, firstUse: first } : undefined;
}
