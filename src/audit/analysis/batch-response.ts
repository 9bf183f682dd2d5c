import { ts } from "ts-morph";

/**
 * Cheap text test for files that may return an SQS partial batch response: the property itself,
 * the response type, or a library that builds the response (Powertools `processPartialResponse`,
 * middy's `sqsPartialBatchFailure`).
 */
export const BATCH_RESPONSE_PRESCAN = /batchItemFailures|SQSBatchResponse|processPartialResponse|sqsPartialBatchFailure/;

const BUILDERS = new Set(["processPartialResponse", "sqsPartialBatchFailure"]);

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

function hasBatchProperty(e: ts.Expression): boolean {
  const obj = unwrap(e);
  if (!ts.isObjectLiteralExpression(obj)) return false;
  return obj.properties.some((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === "batchItemFailures");
}

/**
 * True when the file returns a partial batch response: an object literal with `batchItemFailures`
 * returned (or the body of an arrow function), a returned variable typed `SQSBatchResponse` or
 * initialised with such a literal, or a call to a library that builds the response.
 */
export function returnsBatchResponse(sf: ts.SourceFile): boolean {
  const returnedNames = new Set<string>();
  const responseVars = new Set<string>();
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isReturnStatement(node) && node.expression) {
      if (hasBatchProperty(node.expression)) return true;
      const e = unwrap(node.expression);
      if (ts.isIdentifier(e)) returnedNames.add(e.text);
    } else if (ts.isArrowFunction(node) && !ts.isBlock(node.body) && hasBatchProperty(node.body)) {
      return true;
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      const typed = node.type && /\bSQSBatchResponse\b/.test(node.type.getText(sf));
      if (typed || (node.initializer && hasBatchProperty(node.initializer))) responseVars.add(node.name.text);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name && BUILDERS.has(name)) return true;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  for (const name of returnedNames) if (responseVars.has(name)) return true;
  return false;
}
