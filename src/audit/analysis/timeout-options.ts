import { ts } from "ts-morph";
import { enclosingBody, resolve } from "./timeout-scope.js";

/**
 * How long an outbound call may wait, as far as the code shows:
 * - `bounded`: a timeout or timeout signal is set, or the options come from elsewhere (trusted);
 * - `absent`: nothing is said (the client's own default applies);
 * - `unbounded`: a setting that turns the timeout off, or a signal nothing aborts on a timer.
 */
export type Bound = { kind: "bounded"; how: string } | { kind: "absent" } | { kind: "unbounded"; why: string };

type Signal = { kind: "timeout"; how: string } | { kind: "none"; why: string } | { kind: "unknown" };

interface Options {
  props: Map<string, ts.Expression>;
  /** Spread or passed-in options whose keys cannot be read. */
  opaque: boolean;
}

const MAX_DEPTH = 6;

function unwrap(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) {
    expr = expr.expression;
  }
  return expr;
}

function propName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

function readOptions(expr: ts.Expression | undefined, depth = 0): Options {
  if (!expr) return { props: new Map(), opaque: false };
  expr = unwrap(expr);
  if (depth > MAX_DEPTH) return { props: new Map(), opaque: true };
  if (ts.isObjectLiteralExpression(expr)) {
    const out: Options = { props: new Map(), opaque: false };
    for (const p of expr.properties) {
      if (ts.isPropertyAssignment(p)) {
        const name = propName(p.name);
        if (name) out.props.set(name, p.initializer);
      } else if (ts.isShorthandPropertyAssignment(p)) {
        out.props.set(p.name.text, p.name);
      } else if (ts.isSpreadAssignment(p)) {
        const inner = readOptions(p.expression, depth + 1);
        if (inner.opaque) out.opaque = true;
        for (const [k, v] of inner.props) out.props.set(k, v);
      }
    }
    return out;
  }
  if (ts.isIdentifier(expr)) {
    if (expr.text === "undefined" && !resolve("undefined", expr)) return { props: new Map(), opaque: false };
    const d = resolve(expr.text, expr);
    if (d?.kind === "var" && d.decl.initializer) return readOptions(d.decl.initializer, depth + 1);
  }
  return { props: new Map(), opaque: true };
}

function isGlobalMember(expr: ts.Expression, object: string, member: string): boolean {
  return ts.isPropertyAccessExpression(expr) && expr.name.text === member && ts.isIdentifier(expr.expression) && expr.expression.text === object && !resolve(object, expr.expression);
}

function contains(node: ts.Node, test: (n: ts.Node) => boolean): boolean {
  if (test(node)) return true;
  return ts.forEachChild(node, (child) => contains(child, test) || undefined) ?? false;
}

/** `setTimeout(() => controller.abort(), ms)` (or `controller.abort.bind(controller)`) in the controller's function. */
function abortedByTimer(controller: string, decl: ts.Node): boolean {
  const isAbort = (n: ts.Node) => ts.isPropertyAccessExpression(n) && n.name.text === "abort" && ts.isIdentifier(n.expression) && n.expression.text === controller;
  const isTimer = (n: ts.Node) =>
    ts.isCallExpression(n) &&
    ((ts.isIdentifier(n.expression) && n.expression.text === "setTimeout") || isGlobalMember(n.expression, "globalThis", "setTimeout")) &&
    n.arguments.some((a) => contains(a, isAbort));
  return contains(enclosingBody(decl), isTimer);
}

function isAbortController(expr: ts.Expression | undefined): boolean {
  return !!expr && ts.isNewExpression(unwrap(expr)) && ts.isIdentifier((unwrap(expr) as ts.NewExpression).expression) && ((unwrap(expr) as ts.NewExpression).expression as ts.Identifier).text === "AbortController";
}

/** A local helper (function or arrow) whose body makes a timeout signal: `signal: timeoutSignal(5000)`. */
function helperAddsTimeout(callee: ts.Expression): boolean {
  if (!ts.isIdentifier(callee)) return false;
  const d = resolve(callee.text, callee);
  const body = d?.kind === "function" ? d.node : d?.kind === "var" ? d.decl.initializer : undefined;
  if (!body || !(ts.isFunctionDeclaration(body) || ts.isArrowFunction(body) || ts.isFunctionExpression(body))) return false;
  return contains(body, (n) => isGlobalMember(n as ts.Expression, "AbortSignal", "timeout") || (ts.isIdentifier(n) && n.text === "setTimeout"));
}

function signalKind(expr: ts.Expression, depth = 0): Signal {
  expr = unwrap(expr);
  if (depth > MAX_DEPTH) return { kind: "unknown" };
  if (ts.isCallExpression(expr)) {
    if (isGlobalMember(expr.expression, "AbortSignal", "timeout")) return { kind: "timeout", how: "AbortSignal.timeout" };
    if (isGlobalMember(expr.expression, "AbortSignal", "any")) {
      const list = expr.arguments[0] && unwrap(expr.arguments[0]);
      if (!list || !ts.isArrayLiteralExpression(list)) return { kind: "unknown" };
      const kinds = list.elements.map((e) => (ts.isSpreadElement(e) ? ({ kind: "unknown" }) : signalKind(e, depth + 1)));
      if (kinds.some((k) => k.kind === "timeout")) return { kind: "timeout", how: "AbortSignal.any with a timeout signal" };
      if (kinds.some((k) => k.kind === "unknown")) return { kind: "unknown" };
      return { kind: "none", why: "`AbortSignal.any([...])` combines no timeout signal" };
    }
    return helperAddsTimeout(expr.expression) ? { kind: "timeout", how: "a helper that makes a timeout signal" } : { kind: "unknown" };
  }
  if (ts.isPropertyAccessExpression(expr) && expr.name.text === "signal") {
    const owner = unwrap(expr.expression);
    if (isAbortController(owner)) return { kind: "none", why: "the signal of a new AbortController that nothing aborts" };
    if (ts.isIdentifier(owner)) {
      const d = resolve(owner.text, owner);
      if (d?.kind === "var" && isAbortController(d.decl.initializer)) {
        return abortedByTimer(owner.text, d.decl)
          ? { kind: "timeout", how: "an AbortController aborted by setTimeout" }
          : { kind: "none", why: `\`${owner.text}\` is an AbortController that no setTimeout in the same function aborts` };
      }
    }
    return { kind: "unknown" };
  }
  if (ts.isIdentifier(expr)) {
    if (expr.text === "undefined" && !resolve("undefined", expr)) return { kind: "none", why: "`signal: undefined`" };
    const d = resolve(expr.text, expr);
    if (d?.kind === "var" && d.decl.initializer && d.decl.parent.flags & ts.NodeFlags.Const) return signalKind(d.decl.initializer, depth + 1);
    return { kind: "unknown" };
  }
  if (expr.kind === ts.SyntaxKind.NullKeyword) return { kind: "none", why: "`signal: null`" };
  if (ts.isConditionalExpression(expr)) {
    const a = signalKind(expr.whenTrue, depth + 1);
    const b = signalKind(expr.whenFalse, depth + 1);
    if (a.kind === "timeout" && b.kind === "timeout") return a;
    return { kind: "unknown" };
  }
  return { kind: "unknown" };
}

/** `fetch(request)` where `request = new Request(url, { signal })`. */
function requestSignal(input: ts.Expression | undefined, depth = 0): Signal | undefined {
  if (!input || depth > MAX_DEPTH) return undefined;
  input = unwrap(input);
  if (ts.isIdentifier(input)) {
    const d = resolve(input.text, input);
    return d?.kind === "var" && d.decl.initializer ? requestSignal(d.decl.initializer, depth + 1) : undefined;
  }
  if (ts.isNewExpression(input) && ts.isIdentifier(input.expression) && input.expression.text === "Request") {
    const signal = readOptions(input.arguments?.[1]).props.get("signal");
    return signal ? signalKind(signal) : undefined;
  }
  return undefined;
}

const isZero = (e: ts.Expression) => ts.isNumericLiteral(unwrap(e)) && Number((unwrap(e) as ts.NumericLiteral).text) === 0;
const isFalse = (e: ts.Expression) => unwrap(e).kind === ts.SyntaxKind.FalseKeyword;

/** Reads the timeout settings a client takes from a call's (or an instance factory's) options. */
export function timeoutOptions(client: string, options: ts.Expression | undefined, input?: ts.Expression, _owner?: string): Bound {
  const { props, opaque } = readOptions(options);
  const signal = props.get("signal");
  let none: string | undefined;
  if (signal) {
    const s = signalKind(signal);
    if (s.kind === "timeout") return { kind: "bounded", how: s.how };
    if (s.kind === "unknown") return { kind: "bounded", how: "a signal from elsewhere" };
    none = s.why;
  }
  const fromRequest = requestSignal(input);
  if (fromRequest && fromRequest.kind !== "none") return { kind: "bounded", how: "a Request built with a signal" };
  if (client === "undici") {
    for (const key of ["headersTimeout", "bodyTimeout"]) {
      const value = props.get(key);
      if (value && !isZero(value)) return { kind: "bounded", how: key };
    }
  }
  const timeout = props.get("timeout");
  if (timeout && client === "axios") {
    if (isZero(timeout)) return { kind: "unbounded", why: "`timeout: 0` means no timeout in axios" };
    return { kind: "bounded", how: "timeout" };
  }
  if (timeout && client === "got") {
    const t = unwrap(timeout);
    if (ts.isObjectLiteralExpression(t)) {
      const keys = t.properties.map((p) => (p.name && propName(p.name)) ?? "").filter(Boolean);
      if (keys.includes("request") || t.properties.some((p) => ts.isSpreadAssignment(p))) return { kind: "bounded", how: "timeout.request" };
      return { kind: "unbounded", why: `\`timeout\` sets only ${keys.map((k) => `\`${k}\``).join(", ") || "nothing"}, which does not bound the whole request` };
    }
    return { kind: "bounded", how: "timeout" };
  }
  if (timeout && client === "ofetch") {
    if (isZero(timeout)) return { kind: "unbounded", why: "`timeout: 0` means no timeout in ofetch" };
    return { kind: "bounded", how: "timeout" };
  }
  if (timeout && client === "ky") {
    if (isFalse(timeout)) return signal ? { kind: "unbounded", why: none! } : { kind: "unbounded", why: "`timeout: false` turns off ky's 10 s default" };
    return { kind: "bounded", how: "timeout" };
  }
  if (none) return { kind: "unbounded", why: none };
  if (opaque) return { kind: "bounded", how: "options passed in" };
  return { kind: "absent" };
}
