/** Values read statically from CDK code: class names, entry paths, runtimes and durations. */
import path from "node:path";
import type { ts as TS } from "ts-morph";
import type { LambdaTrigger } from "../../types.js";
import { literalValue, propertyName, unwrap } from "../../source/typescript.js";

export function className(ts: typeof TS, expr: TS.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

/** Static path expressions: literals, `__dirname`, path.join/resolve, templates, `new URL(x, import.meta.url)`. */
export function evaluatePath(ts: typeof TS, expr: TS.Expression, fileDir: string, appDir: string): string | undefined {
  const value = evaluateString(ts, expr, fileDir);
  if (value === undefined) return undefined;
  // CDK resolves a relative entry against the folder `cdk` runs in (where cdk.json is).
  return path.isAbsolute(value) ? value : path.resolve(appDir, value);
}

function evaluateString(ts: typeof TS, node: TS.Expression, fileDir: string): string | undefined {
  const e = unwrap(ts, node);
  if (ts.isIdentifier(e) && e.text === "__dirname") return fileDir;
  if (ts.isPropertyAccessExpression(e) && e.getText().replace(/\s/g, "") === "import.meta.dirname") return fileDir;
  const lit = literalValue(ts, e);
  if (typeof lit === "string") return lit;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const part = evaluateString(ts, span.expression, fileDir);
      if (part === undefined) return undefined;
      out += part + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = evaluateString(ts, e.left, fileDir);
    const r = evaluateString(ts, e.right, fileDir);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = className(ts, e.expression);
    const args = e.arguments.map((a) => evaluateString(ts, a, fileDir));
    if (args.some((a) => a === undefined)) {
      if (callee === "fileURLToPath" && e.arguments[0]) return evaluateString(ts, e.arguments[0], fileDir);
      return undefined;
    }
    const parts = args as string[];
    if (callee === "join") return path.join(...parts);
    if (callee === "resolve") return path.resolve(...parts);
    if (callee === "fileURLToPath") return parts[0];
  }
  if (ts.isNewExpression(e) && className(ts, e.expression) === "URL" && e.arguments?.[0]) {
    const base = e.arguments[1]?.getText().replace(/\s/g, "");
    const rel = evaluateString(ts, e.arguments[0], fileDir);
    if (rel !== undefined && base === "import.meta.url") return path.resolve(fileDir, rel);
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === "pathname") return evaluateString(ts, e.expression, fileDir);
  return undefined;
}

/** `Runtime.NODEJS_20_X` -> nodejs20.x; other runtimes by the same pattern (`PYTHON_3_12` -> python3.12). */
export function runtimeId(member: string): string {
  return member.toLowerCase().replace(/^([a-z]+)_(?=\d)/, "$1").replace(/_/g, ".");
}

export function runtimeName(ts: typeof TS, expr: TS.Expression): string | undefined {
  const e = unwrap(ts, expr);
  const name = ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  const match = name ? /^NODEJS_(\d+)_X$/.exec(name) : null;
  return match ? `nodejs${match[1]}.x` : undefined;
}

export function durationSeconds(ts: typeof TS, expr: TS.Expression): number | undefined {
  const e = unwrap(ts, expr);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || !e.arguments[0]) return undefined;
  const amount = literalValue(ts, e.arguments[0]);
  if (typeof amount !== "number") return undefined;
  const unit = e.expression.name.text;
  const factor: Record<string, number> = { millis: 0.001, seconds: 1, minutes: 60, hours: 3600 };
  return factor[unit] === undefined ? undefined : amount * factor[unit];
}

export const EVENT_SOURCES: Record<string, LambdaTrigger["type"]> = {
  SqsEventSource: "sqs",
  KinesisEventSource: "kinesis",
  DynamoEventSource: "dynamodb",
  S3EventSource: "s3",
  S3EventSourceV2: "s3",
  SnsEventSource: "sns",
  ApiEventSource: "api",
};

/** `reportBatchItemFailures` and `maxConcurrency` of `new SqsEventSource(queue, { ... })` and the like. */
export function batchFailures(ts: typeof TS, type: LambdaTrigger["type"], source: TS.NewExpression): { reportBatchItemFailures?: boolean; maximumConcurrency?: number } {
  if (type !== "sqs" && type !== "kinesis" && type !== "dynamodb") return {};
  const options = source.arguments?.[1];
  if (!options || !ts.isObjectLiteralExpression(unwrap(ts, options))) return { reportBatchItemFailures: false };
  const obj = unwrap(ts, options) as TS.ObjectLiteralExpression;
  const prop = obj.properties.find((p) => ts.isPropertyAssignment(p) && propertyName(ts, p.name) === "reportBatchItemFailures");
  const max = obj.properties.find((p) => ts.isPropertyAssignment(p) && propertyName(ts, p.name) === "maxConcurrency");
  const maxValue = max && ts.isPropertyAssignment(max) ? literalValue(ts, max.initializer) : undefined;
  return {
    reportBatchItemFailures: !!prop && ts.isPropertyAssignment(prop) && literalValue(ts, prop.initializer) === true,
    ...(type === "sqs" && typeof maxValue === "number" ? { maximumConcurrency: maxValue } : {}),
  };
}
