import path from "node:path";
import { parseCfnYaml } from "../../formats/cfn-yaml.js";
import { addConfigFile, addNote, addProblem, isRecord, loc, readOrReport, uniqueId, type ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import { failureMessage } from "../../formats/limits.js";
import type { LocatedDocument, Position } from "../../formats/located.js";
import { readText } from "../../files.js";
import { entryProblem, resolveLambdaEntry, splitHandler } from "./lambda-entry.js";
import { resolveNumber, resolveRuntime, resolveString } from "./lambda-values.js";
import { serverlessDeployBuild } from "./deploy-build.js";
import type { FunctionInfo, LambdaSettings, LambdaTrigger, SourceLocation } from "../../types.js";

const SERVERLESS_FILE = /(^|\/)serverless\.ya?ml$/;

const EVENT_TYPES: Record<string, LambdaTrigger["type"]> = {
  http: "api",
  httpApi: "http-api",
  websocket: "websocket",
  alb: "alb",
  sqs: "sqs",
  s3: "s3",
  sns: "sns",
  schedule: "schedule",
  eventBridge: "eventbridge",
  cloudwatchEvent: "eventbridge",
};

export async function discoverServerless(ctx: ScanContext): Promise<void> {
  for (const rel of ctx.files) {
    if (SERVERLESS_FILE.test(rel)) await readServerlessFile(ctx, path.join(ctx.pkgRoot, rel));
  }
}

async function readServerlessFile(ctx: ScanContext, abs: string): Promise<void> {
  addConfigFile(ctx, abs, "serverless");
  const text = await readOrReport(ctx, abs);
  if (text === undefined) return;
  const parsed = parseCfnYaml(text);
  if (!parsed.ok) {
    addProblem(ctx, abs, parsed, failureMessage(path.basename(abs), parsed, "is not valid YAML"));
    return;
  }
  const doc = parsed.doc;
  if (!isRecord(doc.value)) return;
  const provider = isRecord(doc.value.provider) ? doc.value.provider : {};
  if (provider.name !== undefined && provider.name !== "aws") return;
  const { functions, sources } = await gatherFunctions(ctx, abs, doc);
  if (Object.keys(functions).length === 0) return;
  // A path under `functions.<name>` is placed in the file that function is written in.
  const where = (p: Array<string | number>): { abs: string; pos: Position | undefined } => {
    const source = p[0] === "functions" && typeof p[1] === "string" ? sources.get(p[1]) : undefined;
    return source ? { abs: source.abs, pos: source.doc.positionOf([...source.prefix, ...p.slice(1)]) } : { abs, pos: doc.positionOf(p) };
  };
  const at = (p: Array<string | number>): SourceLocation => {
    const w = where(p);
    return loc(ctx, w.abs, w.pos);
  };
  const self = selfResolver(doc.value);
  const authorizers = authorizerTriggers(functions, provider, at, self);
  const httpApi = isRecord(provider.httpApi) ? provider.httpApi : {};
  const payload = self(httpApi.payload) === "1.0" ? "1.0" : "2.0";

  for (const [name, fn] of Object.entries(functions)) {
    if (!isRecord(fn)) continue;
    const pick = (key: string): { value: unknown; path: Array<string | number> } | undefined => {
      if (fn[key] !== undefined) return { value: self(fn[key]), path: ["functions", name, key] };
      if (provider[key] !== undefined) return { value: self(provider[key]), path: ["provider", key] };
      return undefined;
    };
    if (fn.image !== undefined) continue;
    const unresolved: NonNullable<LambdaSettings["unresolved"]> = [];
    const runtimeSetting = pick("runtime");
    const runtime = resolveRuntime(runtimeSetting?.value);
    if (runtime.kind === "value" && !runtime.value.startsWith("nodejs")) {
      const w = where(runtimeSetting!.path);
      addNote(ctx, w.abs, w.pos, `functions.${name} runs ${runtime.value}; coldstart audits JavaScript and TypeScript only`);
      continue;
    }
    if (runtime.kind === "unresolved") unresolved.push("runtime");
    const handler = resolveString(self(fn.handler));
    if (handler.kind !== "value") {
      const w = where(["functions", name]);
      addProblem(ctx, w.abs, w.pos, `functions.${name}: no handler, so its source file cannot be found`);
      continue;
    }
    const { file, exportName } = splitHandler(handler.value);
    const resolved = await resolveLambdaEntry({ baseDir: path.dirname(abs), codeDir: undefined, handlerFile: file, packageRoot: ctx.pkgRoot, root: ctx.root, boundary: ctx.boundary });
    if (!resolved.entry) {
      const message = entryProblem(resolved, `handler ${handler.value}`, ctx.root, resolved.tried.slice(0, 1));
      // Build output that does not exist yet is "build first", not a deploy failure.
      const w = where(["functions", name, "handler"]);
      (resolved.unbuilt ? addNote : addProblem)(ctx, w.abs, w.pos, `functions.${name}: ${message}`);
      // Its configuration is still judged; only a function whose code leaves the project is dropped.
      if (resolved.refused || resolved.tried.length === 0) continue;
    }
    const entry = resolved.entry ?? resolved.tried[0]!;
    const settings: LambdaSettings = {
      source: "serverless",
      name,
      handlerExport: exportName,
      runtime: runtime.kind === "value" ? { value: runtime.value, at: at(runtimeSetting!.path) } : undefined,
      timeout: undefined,
      memory: undefined,
      architecture: pick("architecture")?.value === "arm64" ? "arm64" : "x86_64",
      reservedConcurrency: undefined,
      triggers: [...events(fn.events, name, at, payload), ...functionUrl(self(fn.url), name, at), ...(authorizers.get(name) ?? [])],
      environment: undefined,
    };
    const timeout = pick("timeout");
    const timeoutValue = resolveNumber(timeout?.value);
    if (timeoutValue.kind === "value") settings.timeout = { seconds: timeoutValue.value, at: at(timeout!.path) };
    else if (timeoutValue.kind === "unresolved") unresolved.push("timeout");
    const memory = pick("memorySize");
    const memoryValue = resolveNumber(memory?.value);
    if (memoryValue.kind === "value") settings.memory = { mb: memoryValue.value, at: at(memory!.path) };
    else if (memoryValue.kind === "unresolved") unresolved.push("memory");
    const reserved = resolveNumber(self(fn.reservedConcurrency));
    if (reserved.kind === "value") settings.reservedConcurrency = reserved.value;
    else if (reserved.kind === "unresolved") unresolved.push("reservedConcurrency");
    const ownEnv = isRecord(fn.environment) ? fn.environment : undefined;
    const sharedEnv = isRecord(provider.environment) ? provider.environment : undefined;
    if (ownEnv || sharedEnv) {
      settings.environment = { values: { ...sharedEnv, ...ownEnv }, at: ownEnv ? at(["functions", name, "environment"]) : at(["provider", "environment"]) };
    }
    readBilling(settings, fn, provider, name, { self, at });
    if (unresolved.length > 0) settings.unresolved = unresolved;
    const info: FunctionInfo = {
      id: uniqueId(ctx, `aws-lambda:${relativeTo(ctx.root, entry)}#${name}`),
      platform: "aws-lambda",
      runtime: "nodejs",
      entry,
      ...(resolved.entry ? {} : { codeMissing: true }),
      config: at(["functions", name]),
      packageRoot: ctx.pkgRoot,
      lambda: settings,
    };
    const deployBuild = serverlessDeployBuild(doc.value, runtime.kind === "value" ? runtime.value : undefined, relativeTo(ctx.root, abs));
    if (deployBuild) info.deployBuild = deployBuild;
    ctx.functions.push(info);
  }
}

/** Where a function's definition is written: a file (`abs`, its document) and the path of the functions' map in it. */
interface FunctionsSource {
  abs: string;
  doc: LocatedDocument;
  prefix: Array<string | number>;
}

/** `${file(./functions.yml)}` or `${file(./functions.yml):api}`: a YAML or JSON file of the project, and a path in it. */
const FILE_REFERENCE = /^\$\{file\(\s*([^)$]+?\.(?:ya?ml|json))\s*\)(?::([\w.-]+))?\}$/;

/**
 * The file's functions, with where each is written: `functions` as a map, as a list of maps (the
 * Serverless Framework merges them), or as `${file(...)}` references (the whole block, or items of
 * the list) to YAML or JSON files beside it. A reference to a script (`.js`, `.ts`) or with variables
 * in its path is not followed: resolving it means running or guessing.
 */
async function gatherFunctions(ctx: ScanContext, abs: string, doc: LocatedDocument): Promise<{ functions: Record<string, unknown>; sources: Map<string, FunctionsSource> }> {
  const functions: Record<string, unknown> = {};
  const sources = new Map<string, FunctionsSource>();
  const take = (value: unknown, source: FunctionsSource) => {
    if (!isRecord(value)) return;
    for (const [name, fn] of Object.entries(value)) {
      if (name in functions) continue;
      functions[name] = fn;
      sources.set(name, source);
    }
  };
  const follow = async (ref: unknown): Promise<void> => {
    const match = typeof ref === "string" ? FILE_REFERENCE.exec(ref.trim()) : null;
    if (!match) return;
    const target = path.resolve(path.dirname(abs), match[1]!);
    const text = await readText(target, ctx.boundary);
    if (!text.ok) {
      addProblem(ctx, abs, 0, `functions: \`${ref as string}\` cannot be read (${text.message}), so its functions are not audited`);
      return;
    }
    addConfigFile(ctx, target, "serverless");
    const parsed = parseCfnYaml(text.text);
    if (!parsed.ok) {
      addProblem(ctx, target, parsed, failureMessage(path.basename(target), parsed, "is not valid YAML"));
      return;
    }
    const prefix = match[2] ? match[2].split(".") : [];
    let value: unknown = parsed.doc.value;
    for (const part of prefix) value = isRecord(value) ? value[part] : undefined;
    take(value, { abs: target, doc: parsed.doc, prefix });
  };
  const block = isRecord(doc.value) ? doc.value.functions : undefined;
  if (isRecord(block)) take(block, { abs, doc, prefix: ["functions"] });
  else if (typeof block === "string") await follow(block);
  else if (Array.isArray(block)) {
    for (const [i, item] of block.entries()) {
      if (isRecord(item)) take(item, { abs, doc, prefix: ["functions", i] });
      else await follow(item);
    }
  }
  return { functions, sources };
}

/** What `cost` prices beyond the function: tracing, Provisioned Concurrency, the region. */
function readBilling(
  settings: LambdaSettings,
  fn: Record<string, unknown>,
  provider: Record<string, unknown>,
  name: string,
  { self, at }: { self: (v: unknown) => unknown; at: (p: Array<string | number>) => SourceLocation },
): void {
  const providerTracing = isRecord(provider.tracing) ? self(provider.tracing.lambda) : undefined;
  const ownTracing = self(fn.tracing);
  const tracing = ownTracing ?? providerTracing;
  if (tracing === true || tracing === "Active" || tracing === false || tracing === "PassThrough") {
    settings.tracing = { active: tracing === true || tracing === "Active", at: ownTracing !== undefined ? at(["functions", name, "tracing"]) : at(["provider", "tracing", "lambda"]) };
  }
  const units = resolveNumber(self(fn.provisionedConcurrency));
  if (units.kind === "value") settings.provisionedConcurrency = { units: units.value, at: at(["functions", name, "provisionedConcurrency"]) };
  const snapStart = self(fn.snapStart);
  if (snapStart === true || snapStart === "true") settings.snapStart = { at: at(["functions", name, "snapStart"]) };
  const region = resolveString(self(provider.region));
  if (region.kind === "value") settings.region = { value: region.value, at: at(["provider", "region"]) };
}

/**
 * The functions API Gateway calls as Lambda authorizers: an `http` event's `authorizer` naming a
 * function of this file (TOKEN unless `type: request`; an `arn`, `aws_iam` or a Cognito pool is not
 * one of them), and `provider.httpApi.authorizers` of `type: request` with a `functionName`
 * (payload 2.0 unless `payloadVersion` says otherwise). Serverless Framework v3 docs, "API Gateway"
 * and "HTTP API" events (https://www.serverless.com/framework/docs/providers/aws/events/apigateway,
 * .../events/http-api), taken 2026-12-05.
 */
function authorizerTriggers(
  functions: Record<string, unknown>,
  provider: Record<string, unknown>,
  at: (p: Array<string | number>) => SourceLocation,
  self: (v: unknown) => unknown,
): Map<string, LambdaTrigger[]> {
  const out = new Map<string, LambdaTrigger[]>();
  const add = (fn: unknown, trigger: LambdaTrigger) => {
    if (typeof fn !== "string" || !isRecord(functions[fn])) return;
    const list = out.get(fn) ?? [];
    const same = (t: LambdaTrigger) => t.authorizer?.kind === trigger.authorizer?.kind && t.authorizer?.api === trigger.authorizer?.api;
    if (!list.some(same)) out.set(fn, [...list, trigger]);
  };
  for (const [name, fn] of Object.entries(functions)) {
    if (!isRecord(fn) || !Array.isArray(fn.events)) continue;
    fn.events.forEach((event, index) => {
      const http = isRecord(event) && isRecord(event.http) ? event.http : undefined;
      const value = http ? self(http.authorizer) : undefined;
      const where = at(["functions", name, "events", index, "http", "authorizer"]);
      if (typeof value === "string" && !value.includes(":") && value !== "aws_iam") {
        add(value, { type: "authorizer", at: where, authorizer: { kind: "token", api: "rest" } });
      } else if (isRecord(value) && value.arn === undefined) {
        const type = typeof value.type === "string" ? value.type.toLowerCase() : "token";
        if (type === "token" || type === "request") add(self(value.name), { type: "authorizer", at: where, authorizer: { kind: type, api: "rest" } });
      }
    });
  }
  const httpApi = isRecord(provider.httpApi) && isRecord(provider.httpApi.authorizers) ? provider.httpApi.authorizers : {};
  for (const [key, def] of Object.entries(httpApi)) {
    if (!isRecord(def) || self(def.type) !== "request") continue;
    const payloadFormat = self(def.payloadVersion) === "1.0" ? "1.0" : "2.0";
    add(self(def.functionName), { type: "authorizer", at: at(["provider", "httpApi", "authorizers", key]), authorizer: { kind: "request", api: "http" }, payloadFormat });
  }
  return out;
}

/** `url: true` (or `url: { ... }`): the function has its own HTTPS endpoint, a Lambda function URL. */
function functionUrl(url: unknown, name: string, at: (p: Array<string | number>) => SourceLocation): LambdaTrigger[] {
  return url === true || isRecord(url) ? [{ type: "function-url", at: at(["functions", name, "url"]) }] : [];
}

/** A non-proxy `http` integration (`lambda`, `aws`): its mapping template builds the event. */
const SHAPED_INTEGRATION = new Set(["lambda", "aws"]);

function events(list: unknown, name: string, at: (p: Array<string | number>) => SourceLocation, payload: "1.0" | "2.0"): LambdaTrigger[] {
  if (!Array.isArray(list)) return [];
  const triggers: LambdaTrigger[] = [];
  list.forEach((event, index) => {
    if (!isRecord(event)) return;
    const [kind] = Object.keys(event);
    if (kind === undefined) return;
    const body = event[kind];
    const where = at(["functions", name, "events", index]);
    if (kind === "stream") {
      const type = isRecord(body) && body.type === "kinesis" ? "kinesis" : typeof body === "string" && body.includes(":kinesis:") ? "kinesis" : "dynamodb";
      triggers.push({ type, at: where, reportBatchItemFailures: reportsFailures(body) });
      return;
    }
    const type = EVENT_TYPES[kind] ?? "other";
    const trigger: LambdaTrigger = { type, at: where };
    if (type === "sqs") trigger.reportBatchItemFailures = reportsFailures(body);
    if (type === "sqs" && isRecord(body) && typeof body.maximumConcurrency === "number") trigger.maximumConcurrency = body.maximumConcurrency;
    if (type === "sqs" && isRecord(body) && typeof body.batchSize === "number") trigger.batchSize = body.batchSize;
    if (type === "http-api") trigger.payloadFormat = payload;
    const shaped =
      (type === "api" && isRecord(body) && typeof body.integration === "string" && SHAPED_INTEGRATION.has(body.integration.toLowerCase())) ||
      (type === "eventbridge" && isRecord(body) && (body.input !== undefined || body.inputPath !== undefined || body.inputTransformer !== undefined));
    if (shaped) trigger.customEvent = true;
    triggers.push(trigger);
  });
  return triggers;
}

function reportsFailures(body: unknown): boolean {
  return isRecord(body) && body.functionResponseType === "ReportBatchItemFailures";
}

/** `${self:custom.memory}` -> the value at that path in the same file; other variables stay as written. */
function selfResolver(root: Record<string, unknown>): (value: unknown) => unknown {
  return (value) => {
    for (let depth = 0; depth < 5 && typeof value === "string"; depth++) {
      const match = /^\$\{self:([\w.-]+)\}$/.exec(value.trim());
      if (!match) break;
      let current: unknown = root;
      for (const part of match[1]!.split(".")) current = isRecord(current) ? current[part] : undefined;
      if (current === undefined) break;
      value = current;
    }
    return value;
  };
}
