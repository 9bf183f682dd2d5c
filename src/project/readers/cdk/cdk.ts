import path from "node:path";
import type { ts as TS } from "ts-morph";
import { constructTarget, sourceOf, subclassNames, type CdkProgram, type ConstructTarget } from "./cdk-classes.js";
import { readConstruct } from "./cdk-construct.js";
import { batchFailures, className, EVENT_SOURCES } from "./cdk-expressions.js";
import type { Src } from "./cdk-props.js";
import { addConfigFile, addProblem, loc, readOrReport, uniqueId, type ScanContext } from "../../context.js";

import type { FunctionInfo, LambdaTrigger, SourceLocation } from "../../types.js";
import { lineOf, loadTs, propertyName } from "../../source/typescript.js";
import { dependencyRange } from "../../source/package-json.js";

const CDK_SOURCE = /\.(ts|mts|js|mjs)$/;
/** Constructs that wire a function as a target: `new LambdaIntegration(fn)` and the like. */
const TARGETS: Record<string, LambdaTrigger["type"]> = {
  LambdaIntegration: "api",
  LambdaRestApi: "api",
  HttpLambdaIntegration: "http-api",
  WebSocketLambdaIntegration: "websocket",
  FunctionUrl: "function-url",
  LambdaFunction: "eventbridge",
  // aws-elasticloadbalancingv2-targets: a function as an Application Load Balancer target.
  LambdaTarget: "alb",
  TokenAuthorizer: "authorizer",
  RequestAuthorizer: "authorizer",
  HttpLambdaAuthorizer: "authorizer",
};

/** Lambda authorizers (aws-apigateway TokenAuthorizer, RequestAuthorizer; aws-apigatewayv2-authorizers HttpLambdaAuthorizer). */
const AUTHORIZERS: Record<string, NonNullable<LambdaTrigger["authorizer"]>> = {
  TokenAuthorizer: { kind: "token", api: "rest" },
  RequestAuthorizer: { kind: "request", api: "rest" },
  HttpLambdaAuthorizer: { kind: "request", api: "http" },
};

/** CDK Lambda constructs (`NodejsFunction`, `lambda.Function` and project subclasses), read from the app's source. */
export async function discoverCdk(ctx: ScanContext): Promise<void> {
  const cdkJson = ctx.files.find((f) => f === "cdk.json");
  if (!cdkJson && dependencyRange(ctx.packageJson, "aws-cdk-lib") === undefined) return;
  if (cdkJson) addConfigFile(ctx, path.join(ctx.pkgRoot, cdkJson), "cdk");
  const sources = ctx.files.filter((rel) => CDK_SOURCE.test(rel) && !/\.d\.[cm]?ts$/.test(rel) && !/(^|\/)(test|tests|__tests__)\//.test(rel));
  const read = await Promise.all(sources.map((rel) => readOrReport(ctx, path.join(ctx.pkgRoot, rel))));
  const texts = new Map<string, string>();
  for (const [i, rel] of sources.entries()) if (read[i] !== undefined) texts.set(path.join(ctx.pkgRoot, rel), read[i]);
  const subclasses = subclassNames(texts.values());
  const program: CdkProgram = { ts: await loadTs(), texts, parsed: new Map(), subclasses, skipped: new Map() };
  for (const [abs, text] of texts) {
    const mentions =
      text.includes("NodejsFunction") ||
      (/aws-cdk-lib|@aws-cdk\/aws-lambda/.test(text) && /\bFunction\b/.test(text)) ||
      [...subclasses].some((name) => text.includes(`new ${name}`));
    const src = mentions ? sourceOf(program, abs) : undefined;
    if (src) await readCdkFile(ctx, program, src);
  }
  for (const [abs, why] of program.skipped) {
    addProblem(ctx, abs, 1, `${path.basename(abs)} was not searched for CDK functions: ${why}, more than coldstart's walks can follow without exhausting the stack. Keep generated code out of the CDK app's source; if this file declares no functions, add it to \`ignore\` in coldstart.config.json.`);
  }
}

/** The CloudFormation escape hatch that switches a REST method to response streaming. */
const STREAM_OVERRIDE = /addPropertyOverride\(\s*["'`]Integration\.ResponseTransferMode["'`]\s*,\s*["'`]STREAM["'`]/;

interface Wire {
  variable: string;
  type: LambdaTrigger["type"];
  at: SourceLocation;
  reportBatchItemFailures?: boolean;
  maximumConcurrency?: number;
  streaming?: boolean;
  batchSize?: number;
  authorizer?: LambdaTrigger["authorizer"];
  customEvent?: boolean;
}

/**
 * Options that make the project shape the event: `new LambdaIntegration(fn, { proxy: false })` (a
 * mapping template builds it), `new LambdaFunction(fn, { event: RuleTargetInput... })` (EventBridge
 * sends that input instead of the event).
 */
function shapesEvent(ts: typeof TS, type: LambdaTrigger["type"], args: readonly TS.Expression[], sf: TS.SourceFile): boolean {
  return args.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => {
    if (!ts.isPropertyAssignment(p)) return false;
    const name = propertyName(ts, p.name);
    return (type === "api" && name === "proxy" && p.initializer.getText(sf) === "false") || (type === "eventbridge" && name === "event");
  }));
}

async function readCdkFile(ctx: ScanContext, program: CdkProgram, src: Src): Promise<void> {
  const { ts } = program;
  const { sf } = src;
  const at = (node: TS.Node): SourceLocation => loc(ctx, src.abs, lineOf(sf, node));
  const constructs: Array<{ node: TS.NewExpression; target: ConstructTarget }> = [];
  const wiring: Wire[] = [];

  const visit = (node: TS.Node): void => {
    if (ts.isNewExpression(node)) {
      const target = constructTarget(program, node.expression, src);
      if (target) constructs.push({ node, target });
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "addEventSource") {
      const source = node.arguments[0];
      const fn = node.expression.expression.getText(sf);
      if (source && ts.isNewExpression(source)) {
        const type = EVENT_SOURCES[className(ts, source.expression) ?? ""] ?? "other";
        wiring.push({ variable: fn, type, at: at(node), ...batchFailures(ts, type, source) });
      }
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "addFunctionUrl") {
      wiring.push({ variable: node.expression.expression.getText(sf), type: "function-url", at: at(node) });
    }
    if (ts.isNewExpression(node)) {
      const name = className(ts, node.expression) ?? "";
      const type = TARGETS[name];
      if (type) {
        const authorizer = AUTHORIZERS[name];
        const extra = { ...(authorizer ? { authorizer } : {}), ...(shapesEvent(ts, type, node.arguments ?? [], sf) ? { customEvent: true } : {}) };
        // `new LambdaIntegration(fn, { responseTransferMode: ResponseTransferMode.STREAM })`, or the escape
        // hatch on the method in the same file: `cfnMethod.addPropertyOverride("Integration.ResponseTransferMode", "STREAM")`.
        const streaming = type === "api" && ((node.arguments ?? []).some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) =>
          ts.isPropertyAssignment(p) && propertyName(ts, p.name) === "responseTransferMode" && /(^|\.|["'])STREAM["']?$/.test(p.initializer.getText(sf)))) ||
          STREAM_OVERRIDE.test(sf.text));
        for (const arg of node.arguments ?? []) {
          if (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) wiring.push({ variable: arg.getText(sf), type, at: at(node), ...(streaming ? { streaming } : {}), ...extra });
          if (ts.isObjectLiteralExpression(arg)) {
            // `new FunctionUrl(scope, id, { function: fn })` names it `function`; the others `handler`.
            const key = name === "FunctionUrl" ? "function" : "handler";
            const handler = arg.properties.find((p) => ts.isPropertyAssignment(p) && propertyName(ts, p.name) === key);
            if (handler && ts.isPropertyAssignment(handler)) wiring.push({ variable: handler.initializer.getText(sf), type, at: at(node), ...extra });
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);

  const found: Array<{ info: FunctionInfo; variable: string | undefined }> = [];
  for (const { node, target } of constructs) {
    const fn = await readConstruct({ ctx, ts, node, src, target });
    if (fn) found.push({ info: fn, variable: assignedName(ts, sf, node) });
  }
  for (const { info, variable } of found) {
    for (const w of variable ? wiring.filter((x) => x.variable === variable) : []) {
      const trigger: LambdaTrigger = { type: w.type, at: w.at };
      if (w.reportBatchItemFailures !== undefined) trigger.reportBatchItemFailures = w.reportBatchItemFailures;
      if (w.maximumConcurrency !== undefined) trigger.maximumConcurrency = w.maximumConcurrency;
      if (w.streaming) trigger.streaming = true;
      if (w.batchSize !== undefined) trigger.batchSize = w.batchSize;
      if (w.authorizer) trigger.authorizer = w.authorizer;
      if (w.customEvent) trigger.customEvent = true;
      info.lambda!.triggers.push(trigger);
    }
    info.id = uniqueId(ctx, info.id);
    ctx.functions.push(info);
  }
}

/** `const fn = new NodejsFunction(...)` -> "fn"; `this.fn = new ...` -> "this.fn". */
export function assignedName(ts: typeof TS, sf: TS.SourceFile, node: TS.Node): string | undefined {
  let parent = node.parent;
  while (parent && (ts.isAsExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isSatisfiesExpression(parent))) parent = parent.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return parent.left.getText(sf);
  if (parent && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return `this.${parent.name.text}`;
  return undefined;
}
