/**
 * SST v3 apps (sst.config.ts and the infra files it imports), read statically: the functions its
 * components create, with their handlers, settings and triggers (sst.dev/docs/component/aws/*).
 */
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { assignedName } from "../cdk/cdk.js";
import { emptyProps, known, readProps, valueOf, type Src } from "../cdk/cdk-props.js";
import { addConfigFile, addNote, addProblem, uniqueId, type ScanContext } from "../../context.js";
import { isHandlerLike, lambdaFunction, readHandler, where, workerFunction, type At, type HandlerValue, type SstApp } from "./sst-function.js";
import { SST_CONFIG, sstClass, sstSources } from "./sst-sources.js";
import { transformDefaults } from "./sst-transform.js";
import type { FunctionInfo, LambdaTrigger } from "../../types.js";
import { lineOf, literalValue, loadTs } from "../../source/typescript.js";

/** What each component's functions are triggered by. */
const TRIGGER: Record<string, LambdaTrigger["type"]> = {
  "aws.ApiGatewayV1": "api",
  "aws.ApiGatewayV2": "http-api",
  "aws.ApiGatewayWebSocket": "websocket",
  "aws.Queue": "sqs",
  "aws.Bus": "eventbridge",
  "aws.SnsTopic": "sns",
  "aws.Bucket": "s3",
  "aws.Dynamo": "dynamodb",
  "aws.KinesisStream": "kinesis",
  "aws.Realtime": "other",
  "aws.Cron": "schedule",
  "aws.Auth": "other",
  "aws.AppSync": "other",
  "aws.CognitoUserPool": "other",
};

/** Components that run a container (ECS Fargate), not functions. */
const CONTAINERS = new Set(["aws.Service", "aws.Cluster"]);

interface Component {
  cls: string;
  name: string;
}

interface Walk {
  app: SstApp;
  /** Variables holding components (`const api = new sst.aws.ApiGatewayV2("Api")`), across the app's files. */
  components: Map<string, Component>;
  /** Functions made with `new sst.aws.Function`, by variable: routes and subscriptions may point at them. */
  made: Map<string, FunctionInfo>;
  found: FunctionInfo[];
}

export async function discoverSst(ctx: ScanContext): Promise<void> {
  const rel = ctx.files.find((f) => SST_CONFIG.test(f));
  if (!rel) return;
  const configAbs = path.join(ctx.pkgRoot, rel);
  addConfigFile(ctx, configAbs, "sst");
  const ts = await loadTs();
  const sources = await sstSources(ts, configAbs, ctx.boundary, (abs, message) => addProblem(ctx, abs, 0, message));
  if (sources.length === 0) return;
  if (/\bstacks\s*\(|["']sst\/constructs["']/.test(sources[0]!.sf.text)) {
    addNote(ctx, configAbs, 1, "an SST v2 app (stacks with sst/constructs); coldstart reads SST v3 apps (sst.aws.* components), so its functions are not audited");
    return;
  }
  const app: SstApp = { ctx, ts, appDir: path.dirname(configAbs), defaults: transformDefaults(ts, sources) };
  const walk: Walk = { app, components: new Map(), made: new Map(), found: [] };
  for (const src of sources) collectComponents(walk, src);
  for (const src of sources) await readFile(walk, src);
  for (const fn of walk.found) {
    fn.id = uniqueId(ctx, fn.id);
    ctx.functions.push(fn);
  }
}

/** `const x = new sst.aws.Queue("Name", ...)` anywhere in the app: x is that component. */
function collectComponents(walk: Walk, src: Src): void {
  const { ts } = walk.app;
  const visit = (node: TS.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = componentOf(walk, node.initializer, src);
      if (init) walk.components.set(node.name.text, init);
    }
    ts.forEachChild(node, visit);
  };
  visit(src.sf);
}

function componentOf(walk: Walk, expr: TS.Expression, src: Src): Component | undefined {
  const { ts } = walk.app;
  let e = expr;
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  if (ts.isNewExpression(e)) {
    const cls = sstClass(ts, e.expression);
    const nameArg = e.arguments?.[0];
    const name = nameArg ? literalValue(ts, valueOf(ts, { expr: nameArg, src, env: new Map() }).expr) : undefined;
    return cls ? { cls, name: typeof name === "string" ? name : cls.replace(/^\w+\./, "") } : undefined;
  }
  if (ts.isIdentifier(e)) return walk.components.get(e.text);
  return undefined;
}

async function readFile(walk: Walk, src: Src): Promise<void> {
  const { ts } = walk.app;
  const sites: Array<TS.NewExpression | TS.CallExpression> = [];
  const visit = (node: TS.Node): void => {
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) sites.push(node);
    ts.forEachChild(node, visit);
  };
  visit(src.sf);
  // Constructors first, so routes and subscriptions can point at the functions they make.
  for (const node of sites) if (ts.isNewExpression(node)) await readConstructor(walk, node, src);
  for (const node of sites) if (ts.isCallExpression(node)) await readMethodCall(walk, node, src);
}

async function readConstructor(walk: Walk, node: TS.NewExpression, src: Src): Promise<void> {
  const { ts } = walk.app;
  const cls = sstClass(ts, node.expression);
  if (!cls) return;
  const component = componentOf(walk, node, src)!;
  const args = node.arguments?.[1];
  const props = args ? readProps(ts, { expr: args, src, env: new Map() }) : undefined;
  const at: At = { node, src };
  const prop = (key: string) => (props ? known(props, key) : undefined);
  switch (cls) {
    case "aws.Function": {
      if (!args) return;
      const fn = await add(walk, component.name, readHandler(ts, args, src), at, []);
      const variable = assignedName(ts, src.sf, node);
      if (fn && variable) walk.made.set(variable, fn);
      return;
    }
    case "aws.Cron": {
      const job = prop("job") ?? prop("function");
      if (job) await add(walk, component.name, readHandler(ts, job.value.expr, job.value.src), at, [{ type: "schedule", at: where(walk.app, at) }]);
      return;
    }
    case "aws.Auth":
      for (const key of ["authenticator", "issuer"]) {
        const p = prop(key);
        if (p) await add(walk, `${component.name} ${key}`, readHandler(ts, p.value.expr, p.value.src), at, [{ type: "other", at: where(walk.app, at) }]);
      }
      return;
    case "aws.Realtime": {
      const p = prop("authorizer");
      if (p) await add(walk, `${component.name} authorizer`, readHandler(ts, p.value.expr, p.value.src), at, [{ type: "other", at: where(walk.app, at) }]);
      return;
    }
    case "aws.CognitoUserPool": {
      // `triggers: { preSignUp: "src/signup.handler", ... }`: each trigger is its own function.
      const triggers = prop("triggers");
      const each = triggers ? readProps(ts, triggers.value) : undefined;
      for (const [key, p] of each?.known ?? []) {
        if (p !== "unknown" && isHandlerLike(ts, p.value.expr, p.value.src)) await add(walk, `${component.name} ${key}`, readHandler(ts, p.value.expr, p.value.src), at, [{ type: "other", at: where(walk.app, at) }]);
      }
      return;
    }
    case "aws.Service":
      addNote(walk.app.ctx, src.abs, lineOf(src.sf, node), `${component.name} (sst.${cls}) runs a container on ECS Fargate, not a serverless function, so it is not audited`);
      return;
    case "cloudflare.Worker":
    case "cloudflare.Cron":
    case "cloudflare.Auth": {
      const key = cls === "cloudflare.Cron" ? "job" : cls === "cloudflare.Auth" ? "authenticator" : "handler";
      const p = prop(key);
      const value = p ? readHandler(ts, cls === "cloudflare.Worker" ? args! : p.value.expr, p.value.src) : undefined;
      if (value?.kind === "args") {
        const fn = await workerFunction(walk.app, { name: component.name, value, at });
        if (fn) walk.found.push(fn);
      } else if (value?.kind === "unreadable") unreadable(walk, component.name, value.at);
      return;
    }
  }
}

/** `api.route(...)`, `queue.subscribe(...)`, `bucket.notify(...)`, `api.addAuthorizer(...)`. */
async function readMethodCall(walk: Walk, node: TS.CallExpression, src: Src): Promise<void> {
  const { ts } = walk.app;
  if (!ts.isPropertyAccessExpression(node.expression)) return;
  const method = node.expression.name.text;
  const receiver = node.expression.expression;
  // `sst.aws.Queue.subscribe(queueArn, "src/sub.handler")`: the static form names the class itself.
  const staticCls = sstClass(ts, receiver);
  const component = staticCls ? { cls: staticCls, name: staticCls.replace(/^\w+\./, "") } : componentOf(walk, receiver, src);
  if (component && CONTAINERS.has(component.cls) && method === "addService") {
    const label = node.arguments[0] ? literalValue(ts, valueOf(ts, { expr: node.arguments[0], src, env: new Map() }).expr) : undefined;
    addNote(walk.app.ctx, src.abs, lineOf(src.sf, node), `${typeof label === "string" ? label : "a service"} (${component.name}.addService) runs a container on ECS Fargate, not a serverless function, so it is not audited`);
    return;
  }
  const type = component ? TRIGGER[component.cls] : undefined;
  if (!component || !type) return;
  const args = [...node.arguments];
  const at: At = { node, src };
  const trigger = (extra: Partial<LambdaTrigger> = {}): LambdaTrigger[] => [{ type, at: where(walk.app, at), ...extra }];
  if (method === "route" && /^aws\.ApiGateway/.test(component.cls) && args[1]) {
    const key = literalValue(ts, valueOf(ts, { expr: args[0]!, src, env: new Map() }).expr);
    await add(walk, `${component.name} ${typeof key === "string" ? key : "route"}`, readHandler(ts, args[1], src), at, trigger());
  } else if (method === "subscribe") {
    // subscribe(handler, args?) and, in later SST versions, subscribe(name, handler, args?).
    const index = args.findIndex((a) => isHandlerLike(ts, a, src));
    if (index < 0) return;
    const label = index > 0 ? literalValue(ts, valueOf(ts, { expr: args[0]!, src, env: new Map() }).expr) : undefined;
    const options = args[index + 1];
    const extra = type === "sqs" ? { reportBatchItemFailures: partialResponses(ts, options, src) } : {};
    await add(walk, `${component.name} ${typeof label === "string" ? label : "subscriber"}`, readHandler(ts, args[index]!, src), at, trigger(extra));
  } else if (method === "notify" && args[0]) {
    const props = readProps(ts, { expr: args[0], src, env: new Map() });
    const list = props ? known(props, "notifications") : undefined;
    const items = list ? valueOf(ts, list.value).expr : undefined;
    if (!items || !ts.isArrayLiteralExpression(items)) return;
    for (const item of items.elements) {
      const n = readProps(ts, { expr: item, src: list!.src, env: new Map() }) ?? emptyProps();
      const fn = known(n, "function");
      const label = known(n, "name");
      const name = label ? literalValue(ts, valueOf(ts, label.value).expr) : undefined;
      if (fn) await add(walk, `${component.name} ${typeof name === "string" ? name : "notification"}`, readHandler(ts, fn.value.expr, fn.value.src), { node: item, src: list!.src }, trigger());
    }
  } else if (method === "addDataSource" && args[0]) {
    // AppSync: `api.addDataSource({ name: "lambda", lambda: "src/resolver.handler" })`.
    const props = readProps(ts, { expr: args[0], src, env: new Map() }) ?? emptyProps();
    const fn = known(props, "lambda");
    const label = known(props, "name");
    const name = label ? literalValue(ts, valueOf(ts, label.value).expr) : undefined;
    if (fn && isHandlerLike(ts, fn.value.expr, fn.value.src)) await add(walk, `${component.name} ${typeof name === "string" ? name : "data source"}`, readHandler(ts, fn.value.expr, fn.value.src), at, trigger());
  } else if (method === "addAuthorizer" && args[0]) {
    const props = readProps(ts, { expr: args[0], src, env: new Map() }) ?? emptyProps();
    const lambda = known(props, "lambda");
    const inner = lambda ? readProps(ts, lambda.value) : undefined;
    const fn = known(props, "tokenFunction") ?? known(props, "requestFunction") ?? (inner ? known(inner, "function") : undefined);
    const label = known(props, "name");
    const name = label ? literalValue(ts, valueOf(ts, label.value).expr) : undefined;
    if (fn) await add(walk, `${component.name} authorizer ${typeof name === "string" ? name : ""}`.trim(), readHandler(ts, fn.value.expr, fn.value.src), at, [{ type: "other", at: where(walk.app, at) }]);
  }
}

/** Adds the function a handler value stands for; a reference to a function made elsewhere gets the trigger instead. */
async function add(walk: Walk, name: string, value: HandlerValue, at: At, triggers: LambdaTrigger[]): Promise<FunctionInfo | undefined> {
  if (value.kind === "arn") return undefined;
  if (value.kind === "unreadable") {
    unreadable(walk, name, value.at);
    return undefined;
  }
  if (value.kind === "ref") {
    const target = walk.made.get(value.variable);
    target?.lambda?.triggers.push(...triggers);
    return target;
  }
  // Two unnamed subscribers of one queue are told apart by their handler, as SST tells them apart by a hash of it.
  const taken = walk.found.some((f) => (f.lambda?.name ?? f.workers?.name) === name);
  const fn = await lambdaFunction(walk.app, { name: taken ? `${name} (${value.handler})` : name, value, at, triggers });
  if (fn) walk.found.push(fn);
  return fn;
}

function unreadable(walk: Walk, name: string, at: At): void {
  addNote(walk.app.ctx, at.src.abs, lineOf(at.src.sf, at.node), `${name}: its handler cannot be read statically, so it is not audited`);
}

/** `{ batch: { partialResponses: true } }` on a queue subscription. */
function partialResponses(ts: typeof TS, options: TS.Expression | undefined, src: Src): boolean {
  const props = options ? readProps(ts, { expr: options, src, env: new Map() }) : undefined;
  const batch = props ? known(props, "batch") : undefined;
  const inner = batch ? readProps(ts, batch.value) : undefined;
  const partial = inner ? known(inner, "partialResponses") : undefined;
  return partial !== undefined && literalValue(ts, valueOf(ts, partial.value).expr) === true;
}
