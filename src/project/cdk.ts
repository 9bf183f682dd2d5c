import path from "node:path";
import type { ts as TS } from "ts-morph";
import { className, durationSeconds, evaluatePath, runtimeName } from "./cdk-expressions.js";
import { addConfigFile, addProblem, loc, readOrReport, uniqueId, type ScanContext } from "./context.js";
import { isFile, relativeTo } from "./files.js";
import { withSourceExtension } from "./lambda-entry.js";
import { dependencyRange } from "./next.js";
import type { FunctionInfo, LambdaSettings, LambdaTrigger, SourceLocation } from "./types.js";
import { lineOf, literalValue, loadTs, parseSource, propertyName, unwrap } from "./typescript.js";

const CDK_SOURCE = /\.(ts|mts|js|mjs)$/;
const EVENT_SOURCES: Record<string, LambdaTrigger["type"]> = {
  SqsEventSource: "sqs",
  KinesisEventSource: "kinesis",
  DynamoEventSource: "dynamodb",
  S3EventSource: "s3",
  S3EventSourceV2: "s3",
  SnsEventSource: "sns",
  ApiEventSource: "api",
};
/** Constructs that wire a function as a target: `new LambdaIntegration(fn)` and the like. */
const TARGETS: Record<string, LambdaTrigger["type"]> = {
  LambdaIntegration: "api",
  LambdaRestApi: "api",
  HttpLambdaIntegration: "http-api",
  LambdaFunction: "eventbridge",
  LambdaTarget: "other",
};

/** CDK `NodejsFunction` constructs, read from the TypeScript AST of the app's source. */
export async function discoverCdk(ctx: ScanContext): Promise<void> {
  const cdkJson = ctx.files.find((f) => f === "cdk.json");
  if (!cdkJson && dependencyRange(ctx.packageJson, "aws-cdk-lib") === undefined) return;
  if (cdkJson) addConfigFile(ctx, path.join(ctx.pkgRoot, cdkJson), "cdk");
  const sources = ctx.files.filter((rel) => CDK_SOURCE.test(rel) && !/\.d\.[cm]?ts$/.test(rel) && !/(^|\/)(test|tests|__tests__)\//.test(rel));
  const texts = await Promise.all(sources.map((rel) => readOrReport(ctx, path.join(ctx.pkgRoot, rel))));
  for (const [i, rel] of sources.entries()) {
    const text = texts[i];
    if (text !== undefined && text.includes("NodejsFunction")) await readCdkFile(ctx, path.join(ctx.pkgRoot, rel), text);
  }
}

interface Found {
  info: FunctionInfo;
  variable: string | undefined;
}

async function readCdkFile(ctx: ScanContext, abs: string, text: string): Promise<void> {
  const ts = await loadTs();
  const sf = parseSource(ts, abs, text);
  const at = (node: TS.Node): SourceLocation => {
    return loc(ctx, abs, lineOf(sf, node));
  };
  const found: Found[] = [];
  const wiring: Array<{ variable: string; type: LambdaTrigger["type"]; at: SourceLocation; reportBatchItemFailures?: boolean; maximumConcurrency?: number }> = [];

  const constructs: TS.NewExpression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isNewExpression(node) && className(ts, node.expression) === "NodejsFunction") constructs.push(node);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "addEventSource") {
      const source = node.arguments[0];
      const target = node.expression.expression.getText(sf);
      if (source && ts.isNewExpression(source)) {
        const type = EVENT_SOURCES[className(ts, source.expression) ?? ""] ?? "other";
        wiring.push({ variable: target, type, at: at(node), ...batchFailures(ts, type, source) });
      }
    }
    if (ts.isNewExpression(node)) {
      const type = TARGETS[className(ts, node.expression) ?? ""];
      if (type) {
        for (const arg of node.arguments ?? []) {
          if (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) wiring.push({ variable: arg.getText(sf), type, at: at(node) });
          if (ts.isObjectLiteralExpression(arg)) {
            const handler = arg.properties.find((p) => ts.isPropertyAssignment(p) && propertyName(ts, p.name) === "handler");
            if (handler && ts.isPropertyAssignment(handler)) wiring.push({ variable: handler.initializer.getText(sf), type, at: at(node) });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const node of constructs) {
    const fn = await readConstruct(ctx, ts, sf, abs, node, at);
    if (fn) found.push({ info: fn, variable: assignedName(ts, sf, node) });
  }

  for (const { info, variable } of found) {
    if (variable) {
      for (const w of wiring.filter((x) => x.variable === variable)) {
        const trigger: LambdaTrigger = { type: w.type, at: w.at };
        if (w.reportBatchItemFailures !== undefined) trigger.reportBatchItemFailures = w.reportBatchItemFailures;
        if (w.maximumConcurrency !== undefined) trigger.maximumConcurrency = w.maximumConcurrency;
        info.lambda!.triggers.push(trigger);
      }
    }
    info.id = uniqueId(ctx, info.id);
    ctx.functions.push(info);
  }
}

async function readConstruct(
  ctx: ScanContext,
  ts: typeof TS,
  sf: TS.SourceFile,
  abs: string,
  node: TS.NewExpression,
  at: (node: TS.Node) => SourceLocation,
): Promise<FunctionInfo | undefined> {
  const [, idArg, propsArg] = node.arguments ?? [];
  const idValue = idArg ? literalValue(ts, idArg) : undefined;
  const constructId = typeof idValue === "string" ? idValue : `NodejsFunction@${lineOf(sf, node).line}`;
  const props = new Map<string, TS.Expression>();
  const propNodes = new Map<string, TS.Node>();
  const obj = propsArg ? unwrap(ts, propsArg) : undefined;
  if (obj && ts.isObjectLiteralExpression(obj)) {
    for (const p of obj.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = propertyName(ts, p.name);
        if (key) {
          props.set(key, p.initializer);
          propNodes.set(key, p);
        }
      }
    }
  }
  const unresolved: NonNullable<LambdaSettings["unresolved"]> = [];
  const appDir = ctx.files.includes("cdk.json") ? ctx.pkgRoot : path.dirname(abs);
  let entry: string | undefined;
  const entryExpr = props.get("entry");
  if (entryExpr) {
    const written = evaluatePath(ts, entryExpr, path.dirname(abs), appDir);
    entry = written ? await withSourceExtension(written) : undefined;
    if (!entry) {
      const what = written ? `${relativeTo(ctx.root, written)} does not exist` : `${entryExpr.getText(sf)} cannot be read statically`;
      addProblem(ctx, abs, lineOf(sf, entryExpr), `${constructId}: entry ${what}`);
      return undefined;
    }
  } else {
    // NodejsFunction's default: `<defining file>.<construct id>.ts` beside the defining file.
    const stem = abs.replace(/\.[cm]?[jt]s$/, "");
    for (const ext of [".ts", ".js", ".mts", ".mjs"]) {
      if (await isFile(`${stem}.${constructId}${ext}`)) {
        entry = `${stem}.${constructId}${ext}`;
        break;
      }
    }
    if (!entry) {
      addProblem(ctx, abs, lineOf(sf, node), `${constructId}: no entry, and the default ${path.basename(stem)}.${constructId}.ts does not exist`);
      return undefined;
    }
  }

  const handler = props.get("handler");
  const handlerValue = handler ? literalValue(ts, handler) : undefined;
  const runtimeExpr = props.get("runtime");
  const runtime = runtimeExpr ? runtimeName(ts, runtimeExpr) : undefined;
  if (runtimeExpr && !runtime) unresolved.push("runtime");
  const timeoutExpr = props.get("timeout");
  const seconds = timeoutExpr ? durationSeconds(ts, timeoutExpr) : undefined;
  if (timeoutExpr && seconds === undefined) unresolved.push("timeout");
  const memoryExpr = props.get("memorySize");
  const memory = memoryExpr ? literalValue(ts, memoryExpr) : undefined;
  if (memoryExpr && typeof memory !== "number") unresolved.push("memory");
  const reservedExpr = props.get("reservedConcurrentExecutions");
  const reserved = reservedExpr ? literalValue(ts, reservedExpr) : undefined;
  if (reservedExpr && typeof reserved !== "number") unresolved.push("reservedConcurrency");
  const arch = props.get("architecture")?.getText(sf) ?? "";

  const settings: LambdaSettings = {
    source: "cdk",
    name: constructId,
    handlerExport: typeof handlerValue === "string" ? handlerValue.replace(/^.*\./, "") : "handler",
    runtime: runtime ? { value: runtime, at: at(propNodes.get("runtime")!) } : undefined,
    timeout: seconds !== undefined ? { seconds, at: at(propNodes.get("timeout")!) } : undefined,
    memory: typeof memory === "number" ? { mb: memory, at: at(propNodes.get("memorySize")!) } : undefined,
    architecture: /ARM_64/.test(arch) ? "arm64" : "x86_64",
    reservedConcurrency: typeof reserved === "number" ? reserved : undefined,
    triggers: inlineEvents(ts, props.get("events"), at),
    environment: environmentOf(ts, props.get("environment"), propNodes.get("environment"), at),
  };
  if (unresolved.length > 0) settings.unresolved = unresolved;
  return {
    id: `aws-lambda:${relativeTo(ctx.root, entry)}#${constructId}`,
    platform: "aws-lambda",
    runtime: "nodejs",
    entry,
    config: at(node),
    packageRoot: ctx.pkgRoot,
    lambda: settings,
  };
}

/** `const fn = new NodejsFunction(...)` -> "fn"; `this.fn = new ...` -> "this.fn". */
function assignedName(ts: typeof TS, sf: TS.SourceFile, node: TS.Node): string | undefined {
  let parent = node.parent;
  while (parent && (ts.isAsExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isSatisfiesExpression(parent))) parent = parent.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return parent.left.getText(sf);
  if (parent && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return `this.${parent.name.text}`;
  return undefined;
}

function batchFailures(ts: typeof TS, type: LambdaTrigger["type"], source: TS.NewExpression): { reportBatchItemFailures?: boolean; maximumConcurrency?: number } {
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

function inlineEvents(ts: typeof TS, expr: TS.Expression | undefined, at: (n: TS.Node) => SourceLocation): LambdaTrigger[] {
  const list = expr ? unwrap(ts, expr) : undefined;
  if (!list || !ts.isArrayLiteralExpression(list)) return [];
  return list.elements.flatMap((el) => {
    if (!ts.isNewExpression(el)) return [];
    const type = EVENT_SOURCES[className(ts, el.expression) ?? ""] ?? "other";
    return [{ type, at: at(el), ...batchFailures(ts, type, el) }];
  });
}

function environmentOf(
  ts: typeof TS,
  expr: TS.Expression | undefined,
  node: TS.Node | undefined,
  at: (n: TS.Node) => SourceLocation,
): LambdaSettings["environment"] {
  const obj = expr ? unwrap(ts, expr) : undefined;
  if (!obj || !node || !ts.isObjectLiteralExpression(obj)) return undefined;
  const values: Record<string, unknown> = {};
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = propertyName(ts, p.name);
    const value = literalValue(ts, p.initializer);
    // Only literals are known; computed values (`table.tableName`) are left out.
    if (key && value !== undefined) values[key] = value;
  }
  return { values, at: at(node) };
}
