/** One SST v3 function (`sst.aws.Function` args, or a handler string) read into a FunctionInfo. */
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { emptyProps, known, propOf, readProps, valueOf, type Props, type Src } from "../cdk/cdk-props.js";
import { addNote, addProblem, loc, type ScanContext } from "../../context.js";
import { isFile, relativeTo } from "../../files.js";
import { entryProblem, resolveLambdaEntry, splitHandler, withSourceExtension } from "../lambda/lambda-entry.js";
import { durationS, sizeMb } from "./sst-sources.js";
import type { FunctionInfo, LambdaSettings, LambdaTrigger, SourceLocation, WorkersSettings } from "../../types.js";
import { lineOf, literalValue } from "../../source/typescript.js";

/**
 * SST's cloudflare.Worker deploys with this compatibility date and nodejs_compat unless
 * `transform.worker` replaces them (sst/sst platform/src/components/cloudflare/worker.ts, v3 as of 2024-10).
 */
const SST_WORKER_COMPAT = { date: "2024-09-23", flags: ["nodejs_compat"] };

/** A place in the app's infra code. */
export interface At {
  node: TS.Node;
  src: Src;
}

/** Props set for every function by `$transform(sst.aws.Function, (args) => { args.x = ...; args.y ??= ... })`. */
export type Defaults = Map<string, { expr: TS.Expression; at: At; force: boolean }>;

export interface SstApp {
  ctx: ScanContext;
  ts: typeof TS;
  /** The folder of sst.config.ts: handlers are relative to it. */
  appDir: string;
  defaults: Defaults;
}

/** What a function is written as: a handler string, function args, or a reference to a function made elsewhere. */
export type HandlerValue =
  | { kind: "args"; props: Props; handler: string; handlerAt: At }
  | { kind: "ref"; variable: string }
  | { kind: "arn" }
  | { kind: "unreadable"; at: At };

export function readHandler(ts: typeof TS, expr: TS.Expression, src: Src): HandlerValue {
  const ref = valueOf(ts, { expr, src, env: new Map() });
  const e = ref.expr;
  const text = literalValue(ts, e);
  if (typeof text === "string") return /^arn:/.test(text) ? { kind: "arn" } : { kind: "args", props: emptyProps(), handler: text, handlerAt: { node: e, src: ref.src } };
  if (ts.isObjectLiteralExpression(e)) {
    const props = readProps(ts, ref) ?? emptyProps();
    const handler = known(props, "handler");
    const value = handler ? literalValue(ts, valueOf(ts, handler.value).expr) : undefined;
    if (handler && typeof value === "string") return { kind: "args", props, handler: value, handlerAt: { node: handler.node, src: handler.src } };
    return { kind: "unreadable", at: { node: handler?.node ?? e, src: handler?.src ?? ref.src } };
  }
  // `fn.arn`, `fn.name` or `fn`: a function made with `new sst.aws.Function` elsewhere.
  const owner = ts.isPropertyAccessExpression(expr) ? expr.expression : expr;
  if (ts.isIdentifier(owner)) return { kind: "ref", variable: owner.text };
  return { kind: "unreadable", at: { node: expr, src } };
}

/** Whether an argument looks like a function: a handler path (`src/api.handler`), args with `handler`, or a reference. */
export function isHandlerLike(ts: typeof TS, expr: TS.Expression | undefined, src: Src): boolean {
  if (!expr) return false;
  const e = valueOf(ts, { expr, src, env: new Map() }).expr;
  const text = literalValue(ts, e);
  if (typeof text === "string") return /[./]/.test(text) && !/\s/.test(text);
  if (ts.isObjectLiteralExpression(e)) return e.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === "handler");
  return ts.isPropertyAccessExpression(expr) && (expr.name.text === "arn" || expr.name.text === "name");
}

export function where(app: SstApp, at: At): SourceLocation {
  return loc(app.ctx, at.src.abs, lineOf(at.src.sf, at.node));
}

interface FunctionSite {
  name: string;
  value: Extract<HandlerValue, { kind: "args" }>;
  at: At;
  triggers: LambdaTrigger[];
}

/** A Lambda function: its handler's source file, runtime and settings (SST's defaults where unset). */
export async function lambdaFunction(app: SstApp, site: FunctionSite): Promise<FunctionInfo | undefined> {
  const { ctx, ts } = app;
  const { props, handler, handlerAt } = site.value;
  const setting = (key: string) => settingOf(app, props, key);
  const runtime = setting("runtime");
  const runtimeValue = runtime ? literalValue(ts, runtime.expr) : undefined;
  if (typeof runtimeValue === "string" && !runtimeValue.startsWith("nodejs")) {
    addNote(ctx, runtime!.at.src.abs, lineOf(runtime!.at.src.sf, runtime!.at.node), `${site.name} runs ${runtimeValue}; coldstart audits JavaScript and TypeScript only`);
    return undefined;
  }
  const bundle = setting("bundle");
  const bundleDir = bundle ? literalValue(ts, bundle.expr) : undefined;
  const { file, exportName } = splitHandler(handler);
  const resolved = await resolveLambdaEntry({
    baseDir: app.appDir,
    codeDir: typeof bundleDir === "string" ? bundleDir : undefined,
    handlerFile: file,
    packageRoot: ctx.pkgRoot,
    boundary: ctx.boundary,
  });
  if (!resolved.entry) {
    addProblem(ctx, handlerAt.src.abs, lineOf(handlerAt.src.sf, handlerAt.node), `${site.name}: ${entryProblem(resolved, `handler ${handler}`, ctx.root)}`);
    return undefined;
  }
  const unresolved: NonNullable<LambdaSettings["unresolved"]> = [];
  const value = <T>(key: string, as: (typeof unresolved)[number], parse: (text: string | number | boolean) => T | undefined) => {
    const s = setting(key);
    const v = s ? literalValue(ts, s.expr) : undefined;
    const parsed = v === undefined ? undefined : parse(v);
    if (s && parsed === undefined) unresolved.push(as);
    return s && parsed !== undefined ? { value: parsed, at: where(app, s.at) } : undefined;
  };
  const memory = value("memory", "memory", (v) => (typeof v === "string" ? sizeMb(v) : undefined));
  const timeout = value("timeout", "timeout", (v) => (typeof v === "string" ? durationS(v) : undefined));
  const runtimeSetting = value("runtime", "runtime", (v) => (typeof v === "string" ? v : undefined));
  const reserved = reservedConcurrency(app, props);
  const arch = setting("architecture");
  const url = setting("url");
  const triggers = [...site.triggers];
  if (url && literalValue(ts, url.expr) !== false) triggers.push({ type: "function-url", at: where(app, url.at) });
  const settings: LambdaSettings = {
    source: "sst",
    name: site.name,
    handlerExport: exportName,
    runtime: runtimeSetting ? { value: runtimeSetting.value, at: runtimeSetting.at } : undefined,
    timeout: timeout ? { seconds: timeout.value, at: timeout.at } : undefined,
    memory: memory ? { mb: memory.value, at: memory.at } : undefined,
    architecture: arch && literalValue(ts, arch.expr) === "arm64" ? "arm64" : "x86_64",
    reservedConcurrency: reserved,
    triggers,
    environment: environmentOf(app, props),
  };
  if (unresolved.length > 0) settings.unresolved = unresolved;
  return {
    id: `aws-lambda:${relativeTo(ctx.root, resolved.entry)}#${site.name}`,
    platform: "aws-lambda",
    runtime: "nodejs",
    entry: resolved.entry,
    config: where(app, site.at),
    packageRoot: await packageOf(ctx, resolved.entry),
    lambda: settings,
  };
}

/** A Worker (`sst.cloudflare.Worker`, `sst.cloudflare.Cron`): its handler is a file, deployed with SST's compatibility settings. */
export async function workerFunction(app: SstApp, site: Omit<FunctionSite, "triggers">): Promise<FunctionInfo | undefined> {
  const { ctx } = app;
  const { handler, handlerAt } = site.value;
  const named = path.resolve(app.appDir, handler);
  const entry = ctx.boundary.refuse(named) ? undefined : await withSourceExtension(named, ctx.boundary);
  if (!entry) {
    addProblem(ctx, handlerAt.src.abs, lineOf(handlerAt.src.sf, handlerAt.node), `${site.name}: handler ${handler} ${ctx.boundary.refuse(named) ?? "does not exist"}`);
    return undefined;
  }
  const at = where(app, site.at);
  const { date, flags } = workerCompat(app, site.value.props);
  const workers: WorkersSettings = {
    compatibilityDate: date?.value ?? SST_WORKER_COMPAT.date,
    compatibilityFlags: flags?.value ?? [...SST_WORKER_COMPAT.flags],
    workerdMaxDate: undefined,
    limits: undefined,
    bindings: { kv: [], d1: [], r2: [], hyperdrive: [], queues: [], durableObjects: [], vars: {} },
    environment: undefined,
    name: site.name,
    locations: { compatibilityDate: date?.at ?? at, compatibilityFlags: flags?.at ?? date?.at ?? at, main: where(app, handlerAt) },
  };
  return {
    id: `cloudflare-workers:${relativeTo(ctx.root, entry)}#${site.name}`,
    platform: "cloudflare-workers",
    runtime: "workerd",
    entry,
    config: at,
    packageRoot: await packageOf(ctx, entry),
    workers,
  };
}

/** `transform: { worker: { compatibilityDate, compatibilityFlags } }`: what replaces SST's own settings. */
function workerCompat(app: SstApp, props: Props): { date?: { value: string; at: SourceLocation }; flags?: { value: string[]; at: SourceLocation } } {
  const { ts } = app;
  const nested = (outer: Props | undefined, key: string) => {
    const p = outer ? known(outer, key) : undefined;
    return p ? readProps(ts, p.value) : undefined;
  };
  const worker = nested(nested(props, "transform"), "worker");
  const date = worker ? known(worker, "compatibilityDate") : undefined;
  const dateValue = date ? literalValue(ts, valueOf(ts, date.value).expr) : undefined;
  const flags = worker ? known(worker, "compatibilityFlags") : undefined;
  const list = flags ? valueOf(ts, flags.value).expr : undefined;
  const flagValues = list && ts.isArrayLiteralExpression(list) ? list.elements.map((e) => literalValue(ts, e)) : undefined;
  return {
    ...(typeof dateValue === "string" ? { date: { value: dateValue, at: where(app, date!) } } : {}),
    ...(flagValues?.every((f): f is string => typeof f === "string") ? { flags: { value: flagValues, at: where(app, flags!) } } : {}),
  };
}

/** A prop as written, else what `$transform(sst.aws.Function, ...)` sets (`=` always, `??=` when unset). */
function settingOf(app: SstApp, props: Props, key: string): { expr: TS.Expression; at: At } | undefined {
  const d = app.defaults.get(key);
  if (d?.force) return { expr: d.expr, at: d.at };
  const p = propOf(props, key);
  if (p && p !== "unknown") {
    const v = valueOf(app.ts, p.value);
    return { expr: v.expr, at: v.via ?? p };
  }
  return d ? { expr: d.expr, at: d.at } : undefined;
}

function reservedConcurrency(app: SstApp, props: Props): number | undefined {
  const c = settingOf(app, props, "concurrency");
  const inner = c && app.ts.isObjectLiteralExpression(c.expr) ? readProps(app.ts, { expr: c.expr, src: c.at.src, env: new Map() }) : undefined;
  const reserved = inner ? known(inner, "reserved") : undefined;
  const v = reserved ? literalValue(app.ts, valueOf(app.ts, reserved.value).expr) : undefined;
  return typeof v === "number" ? v : undefined;
}

function environmentOf(app: SstApp, props: Props): LambdaSettings["environment"] {
  const prop = known(props, "environment");
  const vars = prop ? readProps(app.ts, prop.value) : undefined;
  if (!prop || !vars) return undefined;
  const values: Record<string, unknown> = {};
  for (const [key, p] of vars.known) {
    const v = p === "unknown" ? undefined : literalValue(app.ts, valueOf(app.ts, p.value).expr);
    if (v !== undefined) values[key] = v;
  }
  return { values, at: where(app, prop) };
}

/** The package a handler belongs to (a monorepo's packages/functions), for its dependencies. */
async function packageOf(ctx: ScanContext, entry: string): Promise<string> {
  for (let dir = path.dirname(entry); dir.startsWith(ctx.pkgRoot) && dir !== ctx.pkgRoot; dir = path.dirname(dir)) {
    if (await isFile(path.join(dir, "package.json"), ctx.boundary)) return dir;
  }
  return ctx.pkgRoot;
}

