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

/** `=`, `??=` and `||=`: made on first use, so loading the rules does not load TypeScript. */
let assign: Set<ts.SyntaxKind> | undefined;
const isAssign = (kind: ts.SyntaxKind) =>
  (assign ??= new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken])).has(kind);

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
  return ts.isBinaryExpression(p) && p.right === e && isAssign(p.operatorToken.kind) && outlivesCall(p.left, sf);
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
  let body: ts.Node | undefined = decl.parent;
  while (body && !isFunctionLike(body) && !ts.isSourceFile(body)) body = body.parent;
  // The declared name itself is never stored by its own declaration: any use of it that is counts.
  return body !== undefined && namesStoredIn(body, sf).has(decl.name.text);
}

const stored = new WeakMap<ts.Node, Set<string>>();

/** The names a function body (or file) stores where they outlive the call (`cached = c`): found in one walk per body, however many locals are asked about. */
function namesStoredIn(body: ts.Node, sf: ts.SourceFile): Set<string> {
  let names = stored.get(body);
  if (names) return names;
  const found = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (!ts.isIdentifier(n)) ts.forEachChild(n, visit);
    else if (!found.has(n.text) && ts.isExpression(n) && assignedToLasting(carrier(n), sf)) found.add(n.text);
  };
  visit(body);
  stored.set(body, (names = found));
  return names;
}

/** The innermost function a node runs in, or undefined at module scope (class field initializers count as the class). */
export function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (isFunctionLike(n) || ts.isPropertyDeclaration(n)) return n;
  }
  return undefined;
}

/** `S` tested for absence (`!S`, `S == null`, `S === undefined`, `typeof S === "undefined"`) or presence: the subject and which. */
function testedSubject(cond: ts.Expression): { subject: ts.Expression; absent: boolean } | undefined {
  let e = cond;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = testedSubject(e.operand);
    return inner ? { subject: inner.subject, absent: !inner.absent } : { subject: e.operand, absent: true };
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!equal && !unequal) return undefined;
    const nothing = (x: ts.Expression) => x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === "undefined") || (ts.isStringLiteral(x) && x.text === "undefined");
    const [value, other] = nothing(e.right) ? [e.left, e.right] : nothing(e.left) ? [e.right, e.left] : [undefined, undefined];
    if (!value || !other) return undefined;
    const subject = ts.isTypeOfExpression(value) ? value.expression : ts.isStringLiteral(other) ? undefined : value;
    return subject ? { subject, absent: equal } : undefined;
  }
  return { subject: e, absent: false };
}

/** The conditions of `a || b || c` (or the condition itself). */
function disjuncts(cond: ts.Expression): ts.Expression[] {
  let e = cond;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken ? [...disjuncts(e.left), ...disjuncts(e.right)] : [e];
}

/** Whether `arm` assigns `subject` (same expression text) anywhere in it. */
function assigns(arm: ts.Node, subject: string, sf: ts.SourceFile): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && isAssign(n.operatorToken.kind) && n.left.getText(sf) === subject) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(arm);
  return found;
}

/** A module-scope `let x;` (or `= undefined`/`null`): absent until something fills it. */
function startsEmpty(subject: ts.Expression, sf: ts.SourceFile): boolean {
  if (!ts.isIdentifier(subject)) return true;
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== subject.text) continue;
      const init = d.initializer;
      return !init || init.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(init) && init.text === "undefined");
    }
  }
  return false;
}

/**
 * Whether an arm of `if` is the fill of an instance cache (`if (!cache) { cache = ... }`, or the
 * `else` of `if (cache)`): the first call of every instance takes it, so whatever it loads is
 * loaded on every cold start anyway.
 */
export function fillsInstanceCache(ifStmt: ts.IfStatement, arm: "then" | "else", sf: ts.SourceFile): boolean {
  const body = arm === "then" ? ifStmt.thenStatement : ifStmt.elseStatement;
  if (!body) return false;
  const tests = arm === "then" ? disjuncts(ifStmt.expression) : [ifStmt.expression];
  return tests.some((test) => {
    const t = testedSubject(test);
    if (!t || t.absent !== (arm === "then")) return false;
    return outlivesCall(t.subject, sf) && startsEmpty(t.subject, sf) && assigns(body, t.subject.getText(sf), sf);
  });
}
