/** `$transform(sst.aws.Function, ...)`: props an SST app sets for every function it creates. */
import type { ts as TS } from "ts-morph";
import type { Src } from "../cdk/cdk-props.js";
import type { Defaults } from "./sst-function.js";
import { sstClass } from "./sst-sources.js";

/** `$transform(sst.aws.Function, (args) => { args.runtime = "nodejs22.x"; args.memory ??= "512 MB"; })`. */
export function transformDefaults(ts: typeof TS, sources: Src[]): Defaults {
  const out: Defaults = new Map();
  for (const src of sources) {
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "$transform" && node.arguments[0] && sstClass(ts, node.arguments[0]) === "aws.Function") {
        const fn = node.arguments[1];
        const param = fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn.parameters[0]?.name : undefined;
        if (fn && param && ts.isIdentifier(param)) collectAssignments(ts, fn, param.text, src, out);
      }
      ts.forEachChild(node, visit);
    };
    visit(src.sf);
  }
  return out;
}

function collectAssignments(ts: typeof TS, fn: TS.Node, param: string, src: Src, out: Defaults): void {
  const visit = (node: TS.Node): void => {
    if (ts.isBinaryExpression(node) && ts.isPropertyAccessExpression(node.left) && ts.isIdentifier(node.left.expression) && node.left.expression.text === param) {
      const op = node.operatorToken.kind;
      const force = op === ts.SyntaxKind.EqualsToken;
      if (force || op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) {
        out.set(node.left.name.text, { expr: node.right, at: { node, src }, force });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
}

