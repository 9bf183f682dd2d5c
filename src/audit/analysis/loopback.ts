import { ts } from "ts-morph";

/**
 * `localhost`, `*.localhost`, 127.0.0.0/8, `[::1]` and 0.0.0.0 (which Linux connects to the local
 * host): a server on the same machine, such as a Lambda extension (`localhost:2772`, the Parameters
 * and Secrets extension), not a remote one a network can stall.
 */
const LOOPBACK_URL = /^(?:https?|wss?):\/\/(?:[^@/?#]*@)?(?:localhost|[\w-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)(?::\d+)?(?:[/?#]|$)/i;

/** The Lambda Runtime API (`AWS_LAMBDA_RUNTIME_API`) is an address on the function's own host. */
const LOCAL_HOST_VARIABLES = new Set(["AWS_LAMBDA_RUNTIME_API"]);

function unwrap(e: ts.Expression): ts.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x) || ts.isSatisfiesExpression(x)) x = x.expression;
  return x;
}

function envName(e: ts.Expression): string | undefined {
  const x = unwrap(e);
  return ts.isPropertyAccessExpression(x) && ts.isPropertyAccessExpression(x.expression) && x.expression.name.text === "env" &&
    ts.isIdentifier(x.expression.expression) && x.expression.expression.text === "process"
    ? x.name.text
    : undefined;
}

/** The `const name = ...` initializer the identifier refers to, looked up in the file (one step, no reassignment). */
function constInitializer(id: ts.Identifier, sf: ts.SourceFile): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === id.text && n.initializer &&
      ts.isVariableDeclarationList(n.parent) && (n.parent.flags & ts.NodeFlags.Const) !== 0) {
      found = n.initializer;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** Whether a request's URL argument names the local host: a literal, a template whose host part is written, `new URL(...)`, or a `const` holding one. */
export function isLoopbackUrl(arg: ts.Expression | undefined, sf: ts.SourceFile, depth = 0): boolean {
  if (!arg || depth > 3) return false;
  const e = unwrap(arg);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return LOOPBACK_URL.test(e.text);
  if (ts.isTemplateExpression(e)) {
    if (LOOPBACK_URL.test(e.head.text)) return true;
    const first = e.templateSpans[0];
    if (e.head.text === "" && first && isLoopbackUrl(first.expression, sf, depth + 1)) return true;
    const host = first ? envName(first.expression) : undefined;
    return /^(?:https?|wss?):\/\/$/i.test(e.head.text) && host !== undefined && LOCAL_HOST_VARIABLES.has(host);
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "URL") {
    const [first, base] = e.arguments ?? [];
    return isLoopbackUrl(base ?? first, sf, depth + 1) && (base === undefined || !isAbsoluteElsewhere(first));
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return isLoopbackUrl(e.left, sf, depth + 1);
  if (ts.isIdentifier(e)) return isLoopbackUrl(constInitializer(e, sf), sf, depth + 1);
  return false;
}

/** `new URL("https://api.example.com/x", base)`: an absolute first argument wins over the base. */
function isAbsoluteElsewhere(first: ts.Expression | undefined): boolean {
  return !!first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && /^[a-z][\w+.-]*:/i.test(first.text);
}
