import { ts } from "ts-morph";

/** One function the platform calls: `handler`, a route's `POST`, a Worker's `fetch` or `scheduled`. */
export interface HandlerUnit {
  /** How to name it in a message: `handler`, `POST`, `default.fetch`. */
  name: string;
  node: ts.Node;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function isFunctionValue(e: ts.Expression | undefined): e is ts.ArrowFunction | ts.FunctionExpression {
  return !!e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e));
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** Top-level functions, function-valued consts and object-literal consts, by name. */
function localValues(sf: ts.SourceFile): Map<string, ts.Node> {
  const values = new Map<string, ts.Node>();
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name) values.set(st.name.text, st);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) values.set(d.name.text, unwrap(d.initializer));
      }
    }
  }
  return values;
}

/**
 * The handler functions an entry exports under `names` (the default export's methods count as
 * `default.<method>`). Only forms whose body is visible here are returned: a handler built by a
 * framework call (`export default app`, `middy(fn)`) yields nothing, so callers stay quiet.
 */
export function handlerUnits(sf: ts.SourceFile, names: readonly string[]): HandlerUnit[] {
  const locals = localValues(sf);
  const units: HandlerUnit[] = [];
  const add = (name: string, value: ts.Node | undefined, depth = 0): void => {
    if (!value || depth > 2) return;
    if (ts.isFunctionDeclaration(value) || isFunctionValue(value as ts.Expression)) {
      units.push({ name, node: value });
    } else if (ts.isIdentifier(value)) {
      add(name, locals.get(value.text), depth + 1);
    } else if (ts.isObjectLiteralExpression(value) && name === "default") {
      for (const p of value.properties) {
        if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
        const prop = p.name.text;
        if (ts.isMethodDeclaration(p)) units.push({ name: `default.${prop}`, node: p });
        else if (ts.isPropertyAssignment(p) && isFunctionValue(unwrap(p.initializer))) units.push({ name: `default.${prop}`, node: unwrap(p.initializer) });
        else if (ts.isShorthandPropertyAssignment(p)) add(`default.${prop}`, locals.get(prop), depth + 1);
      }
    }
  };
  const wanted = (name: string) => names.includes(name);
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      const name = hasModifier(st, ts.SyntaxKind.DefaultKeyword) ? "default" : st.name?.text;
      if (name && wanted(name)) add(name, st);
    } else if (ts.isVariableStatement(st) && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && wanted(d.name.text) && d.initializer) add(d.name.text, unwrap(d.initializer));
      }
    } else if (ts.isExportAssignment(st) && wanted("default")) {
      add("default", unwrap(st.expression));
    } else if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (wanted(el.name.text)) add(el.name.text, locals.get((el.propertyName ?? el.name).text));
      }
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // exports.handler = ... / module.exports.handler = ...
      const left = st.expression.left;
      if (ts.isPropertyAccessExpression(left) && wanted(left.name.text)) {
        const target = left.expression.getText(sf);
        if (target === "exports" || target === "module.exports") add(left.name.text, unwrap(st.expression.right));
      }
    }
  }
  return units;
}
