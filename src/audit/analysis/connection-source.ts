import { ts } from "ts-morph";

/** Where a driver's connection settings come from, as far as the code shows. */
export type ConnectionSource =
  | { kind: "hyperdrive"; binding: string }
  /** An env var or binding other than Hyperdrive (`env.DATABASE_URL`), or a literal URL. */
  | { kind: "direct"; what: string }
  | { kind: "unknown" };

function dotted(node: ts.Expression): string | undefined {
  let e = node;
  while (ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (ts.isPropertyAccessExpression(e)) {
    const left = dotted(e.expression);
    return left === undefined ? undefined : `${left}.${e.name.text}`;
  }
  return undefined;
}

/** The initializer of a `const` a name refers to, looked up through the enclosing blocks and the file. */
function initializerOf(id: ts.Identifier): ts.Expression | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    const statements = ts.isBlock(n) || ts.isSourceFile(n) ? n.statements : undefined;
    if (!statements) continue;
    for (const s of statements) {
      if (!ts.isVariableStatement(s)) continue;
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === id.text && d.initializer && d.initializer.pos !== id.pos) return d.initializer;
        // `const { connectionString } = env.HYPERDRIVE`
        if (ts.isObjectBindingPattern(d.name) && d.initializer && d.name.elements.some((el) => ts.isIdentifier(el.name) && el.name.text === id.text)) return d.initializer;
      }
    }
  }
  return undefined;
}

/**
 * Reads a driver's connection argument (`env.HYPERDRIVE.connectionString`, `{ host: env.HYPERDRIVE.host }`,
 * `c.env.DATABASE_URL`, a local const holding either) and says where it points.
 */
export function connectionSource(arg: ts.Expression | undefined, hyperdrive: readonly string[]): ConnectionSource {
  if (!arg) return { kind: "unknown" };
  const bindings = new Set(hyperdrive);
  let direct: string | undefined;
  let found: ConnectionSource | undefined;
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node, depth: number): void => {
    if (found || seen.has(node) || depth > 3) return;
    if (ts.isIdentifier(node) && (ts.isPropertyAssignment(node.parent) || ts.isPropertyAccessExpression(node.parent)) && node.parent.name === node) return;
    seen.add(node);
    if (ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) {
      const name = dotted(node);
      if (name) {
        const parts = name.split(".");
        const hit = parts.find((p) => bindings.has(p));
        if (hit) {
          found = { kind: "hyperdrive", binding: hit };
          return;
        }
        const envAt = parts.indexOf("env");
        if (envAt >= 0 && parts.length > envAt + 1) direct ??= parts.slice(0, envAt + 2).join(".");
      }
      if (ts.isIdentifier(node)) {
        const init = initializerOf(node);
        if (init) visit(init, depth + 1);
        return;
      }
    }
    if (ts.isStringLiteralLike(node) && /^[a-z+]+:\/\//i.test(node.text)) direct ??= "a connection string written in the code";
    ts.forEachChild(node, (child) => visit(child, depth));
  };
  visit(arg, 0);
  if (found) return found;
  return direct ? { kind: "direct", what: direct } : { kind: "unknown" };
}
