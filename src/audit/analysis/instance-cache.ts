import { ts } from "ts-morph";

const GLOBAL_OBJECTS = new Set(["globalThis", "global", "window", "self"]);

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
}

/** Names bound at the top level of a file (its module scope). */
function topLevelNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) out.add(d.name.text);
    } else if ((ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) && s.name) out.add(s.name.text);
  }
  return out;
}

const topLevel = new WeakMap<ts.SourceFile, Set<string>>();

/** Whether `name`, read at `at`, is declared by some enclosing function (so it lives only for one call). */
function declaredInFunction(name: string, at: ts.Node): boolean {
  for (let n: ts.Node | undefined = at.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (isFunctionLike(n)) {
      const fn = n as ts.SignatureDeclaration;
      if (fn.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name)) return true;
    }
    if (ts.isBlock(n) || ts.isModuleBlock(n)) {
      for (const s of n.statements) {
        if (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) return true;
      }
    }
  }
  return false;
}

/** An assignment target that outlives the call: a module-scope variable, a property of one, or of globalThis. */
function outlivesCall(target: ts.Expression, sf: ts.SourceFile): boolean {
  let root = target;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isParenthesizedExpression(root) || ts.isAsExpression(root) || ts.isNonNullExpression(root)) {
    root = root.expression;
  }
  if (!ts.isIdentifier(root)) return false;
  if (GLOBAL_OBJECTS.has(root.text) && root !== target) return !declaredInFunction(root.text, root);
  let names = topLevel.get(sf);
  if (!names) topLevel.set(sf, (names = topLevelNames(sf)));
  return names.has(root.text) && !declaredInFunction(root.text, root);
}

const ASSIGN = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/** Climb from a value to the outermost expression that still is that value (or wraps it, like `drizzle(pool)`). */
function carrier(node: ts.Expression): ts.Expression {
  let e: ts.Expression = node;
  for (;;) {
    const p: ts.Node = e.parent;
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p) || ts.isAwaitExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p)) e = p;
    else if (ts.isCallExpression(p) && p.arguments.includes(e)) e = p;
    else if (ts.isPropertyAccessExpression(p) && p.expression === e && ts.isCallExpression(p.parent) && p.parent.expression === p) e = p.parent;
    else if (ts.isBinaryExpression(p) && p.right === e && (p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken)) e = p;
    else if (ts.isConditionalExpression(p) && p.condition !== e) e = p;
    else return e;
  }
}

function assignedToLasting(e: ts.Expression, sf: ts.SourceFile): boolean {
  const p = e.parent;
  return ts.isBinaryExpression(p) && p.right === e && ASSIGN.has(p.operatorToken.kind) && outlivesCall(p.left, sf);
}

/**
 * Whether a value made inside a function is kept for later calls: the lazy singleton
 * (`client ??= new Pool()`, `if (!pool) pool = new Pool()`, `globalThis.prisma = ...`), also through a
 * local (`const c = new Pool(); cached = c;`). Such a value is built once per instance, not per call.
 */
export function isKeptAcrossCalls(node: ts.Expression, sf: ts.SourceFile): boolean {
  const e = carrier(node);
  if (assignedToLasting(e, sf)) return true;
  const decl = e.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== e || !ts.isIdentifier(decl.name)) return false;
  const local = decl.name.text;
  let body: ts.Node | undefined = decl.parent;
  while (body && !isFunctionLike(body) && !ts.isSourceFile(body)) body = body.parent;
  if (!body) return false;
  let kept = false;
  const visit = (n: ts.Node): void => {
    if (kept) return;
    if (ts.isIdentifier(n) && n.text === local && n !== decl.name && ts.isExpression(n) && assignedToLasting(carrier(n), sf)) kept = true;
    else ts.forEachChild(n, visit);
  };
  visit(body);
  return kept;
}

/** The innermost function a node runs in, or undefined at module scope (class field initializers count as the class). */
export function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (isFunctionLike(n) || ts.isPropertyDeclaration(n)) return n;
  }
  return undefined;
}
