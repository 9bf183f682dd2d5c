/** One Lambda construct (`new NodejsFunction`, `new lambda.Function` or a project subclass) read into a FunctionInfo. */
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { superArguments, type ConstructTarget } from "./cdk-classes.js";
import { className, durationSeconds, EVENT_SOURCES, batchFailures, evaluatePath, runtimeName } from "./cdk-expressions.js";
import { functionEntry, type ConstructCode } from "./cdk-function.js";
import { known, opaqueProps, propOf, readProps, valueOf, written, type Prop, type Props, type Src } from "./cdk-props.js";
import { addNote, addProblem, loc, type ScanContext } from "../../context.js";
import { isFile, relativeTo } from "../../files.js";
import { withSourceExtension } from "../lambda/lambda-entry.js";
import { cdkDeployBuild } from "../lambda/deploy-build.js";
import type { FunctionInfo, LambdaSettings, LambdaTrigger, SourceLocation } from "../../types.js";
import { lineOf, literalValue } from "../../source/typescript.js";
import { SOURCE_EXTENSIONS } from "../../source/extensions.js";

/**
 * Where the code is and how it is wired: a spread of shared settings that cannot be read rarely
 * sets these, and a subclass whose `super(...)` props cannot be read most likely passes them on.
 */
const CODE_KEYS = ["entry", "handler", "code", "environment", "events"];

type Unresolved = NonNullable<LambdaSettings["unresolved"]>[number];

export interface ConstructSite {
  ctx: ScanContext;
  ts: typeof TS;
  node: TS.NewExpression;
  src: Src;
  target: ConstructTarget;
}

export async function readConstruct(site: ConstructSite): Promise<FunctionInfo | undefined> {
  const { ctx, ts, node, src, target } = site;
  const idArg = node.arguments?.[1];
  const idValue = idArg ? literalValue(ts, valueOf(ts, { expr: idArg, src, env: new Map() }).expr) : undefined;
  const name = typeof idValue === "string" ? idValue : `${className(ts, node.expression) ?? "Function"}@${lineOf(src.sf, node).line}`;
  const props = constructProps(ts, node, src, target);
  const appDir = ctx.files.includes("cdk.json") ? ctx.pkgRoot : path.dirname(src.abs);
  const code =
    target.kind === "function"
      ? await functionEntry({ ctx, ts, props, name, appDir, node, src })
      : await nodejsEntry(site, props, name, appDir);
  if (!code) return undefined;
  const lambda = lambdaSettings(ctx, ts, props, name, code.handlerExport);
  const bundling = target.kind === "function" ? undefined : bundlingProps(ts, props);
  return {
    id: `aws-lambda:${relativeTo(ctx.root, code.inline?.file ?? code.entry)}#${name}`,
    platform: "aws-lambda",
    runtime: "nodejs",
    entry: code.entry,
    ...(code.inline ? { inline: code.inline } : {}),
    config: loc(ctx, src.abs, lineOf(src.sf, node)),
    packageRoot: ctx.pkgRoot,
    lambda,
    ...(bundling ? { deployBuild: cdkDeployBuild(bundling, lambda.runtime?.value, `${relativeTo(ctx.root, src.abs)} NodejsFunction ${name} bundling`) } : {}),
  };
}

/** NodejsFunction's `bundling` options that change the output, as literals; undefined when a spread hides them. */
function bundlingProps(ts: typeof TS, props: Props): Record<string, unknown> | undefined {
  const prop = propOf(props, "bundling");
  if (prop === "unknown") return undefined;
  if (!prop) return {};
  const inner = readProps(ts, prop.value);
  if (!inner) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of ["minify", "target", "format", "mainFields", "externalModules", "bundleAwsSdk", "banner"]) {
    const p = propOf(inner, key);
    if (p === "unknown") return undefined;
    if (!p) continue;
    const e = valueOf(ts, p.value).expr;
    const literal = literalValue(ts, e);
    if (literal !== undefined) out[key] = literal;
    else if (ts.isArrayLiteralExpression(e)) out[key] = e.elements.map((x) => literalValue(ts, x));
    else if (ts.isPropertyAccessExpression(e)) out[key] = e.name.text.toLowerCase(); // OutputFormat.ESM
    else return undefined;
  }
  return out;
}

/** The props the CDK class gets: the call's own, or what the subclass chain's `super(...)` calls make of them. */
function constructProps(ts: typeof TS, node: TS.NewExpression, src: Src, target: ConstructTarget): Props {
  const ownArg = node.arguments?.[2];
  const own = readProps(ts, ownArg ? { expr: ownArg, src, env: new Map() } : "absent") ?? opaqueProps();
  if (target.chain.length === 0) return own;
  const args = superArguments(ts, node, src, target.chain);
  const props = (args && readProps(ts, args[2] ?? "absent")) ?? opaqueProps();
  for (const key of CODE_KEYS) {
    const mine = written(own, key);
    if (propOf(props, key) === "unknown" && !written(props, key) && mine) props.shadowed.set(key, mine);
  }
  return props;
}

function where(ctx: ScanContext, p: { node: TS.Node; src: Src }): SourceLocation {
  return loc(ctx, p.src.abs, lineOf(p.src.sf, p.node));
}

async function nodejsEntry(site: ConstructSite, props: Props, name: string, appDir: string): Promise<ConstructCode | undefined> {
  const { ctx, ts, node, src, target } = site;
  const handler = written(props, "handler");
  const handlerValue = handler ? literalValue(ts, valueOf(ts, handler.value).expr) : undefined;
  const handlerExport = typeof handlerValue === "string" ? handlerValue.replace(/^.*\./, "") : "handler";
  const entryProp = written(props, "entry") ?? propOf(props, "entry");
  if (entryProp && entryProp !== "unknown") {
    const value = valueOf(ts, entryProp.value);
    const written = evaluatePath(ts, value.expr, path.dirname(value.src.abs), appDir);
    const at = { node: entryProp.value.expr, src: entryProp.src };
    if (!written) {
      addNote(ctx, at.src.abs, lineOf(at.src.sf, at.node), `${name}: entry ${value.expr.getText()} cannot be read statically, so it is not audited`);
      return undefined;
    }
    const refused = ctx.boundary.refuse(written);
    const entry = refused ? undefined : await withSourceExtension(written, ctx.boundary);
    if (refused) addProblem(ctx, at.src.abs, lineOf(at.src.sf, at.node), `${name}: entry ${value.expr.getText()} ${refused}; coldstart reads only files inside the project, so it is not audited`);
    else if (!entry) addProblem(ctx, at.src.abs, lineOf(at.src.sf, at.node), `${name}: entry ${relativeTo(ctx.root, written)} does not exist`);
    return entry ? { entry, handlerExport } : undefined;
  }
  // NodejsFunction's default, `<defining file>.<construct id>.ts` beside the file that calls its
  // constructor; with props that cannot be read, it is used only when that file exists.
  const defining = target.chain.at(-1)?.src ?? src;
  const stem = defining.abs.replace(/\.[cm]?[jt]s$/, "");
  for (const ext of SOURCE_EXTENSIONS) {
    if (await isFile(`${stem}.${name}${ext}`, ctx.boundary)) return { entry: `${stem}.${name}${ext}`, handlerExport };
  }
  if (entryProp === "unknown") {
    addNote(ctx, src.abs, lineOf(src.sf, node), `${name}: its entry comes from props that cannot be read statically, so it is not audited`);
    return undefined;
  }
  addProblem(ctx, src.abs, lineOf(src.sf, node), `${name}: no entry, and the default ${path.basename(stem)}.${name}.ts does not exist`);
  return undefined;
}

function lambdaSettings(ctx: ScanContext, ts: typeof TS, props: Props, name: string, handlerExport: string): LambdaSettings {
  const unresolved: Unresolved[] = [];
  const read = <T>(key: string, as: Unresolved, parse: (e: TS.Expression) => T | undefined) => {
    const p = propOf(props, key);
    const ref = p && p !== "unknown" ? valueOf(ts, p.value) : undefined;
    const value = ref ? parse(ref.expr) : undefined;
    if (p && value === undefined) unresolved.push(as);
    return p && p !== "unknown" && value !== undefined ? { value, at: where(ctx, ref?.via ?? p) } : undefined;
  };
  const number = (e: TS.Expression) => {
    const v = literalValue(ts, e);
    return typeof v === "number" ? v : undefined;
  };
  const runtime = read("runtime", "runtime", (e) => runtimeName(ts, e));
  const timeout = read("timeout", "timeout", (e) => durationSeconds(ts, e));
  const memory = read("memorySize", "memory", number);
  const reserved = read("reservedConcurrentExecutions", "reservedConcurrency", number);
  const arch = known(props, "architecture");
  const settings: LambdaSettings = {
    source: "cdk",
    name,
    handlerExport,
    runtime: runtime ? { value: runtime.value, at: runtime.at } : undefined,
    timeout: timeout ? { seconds: timeout.value, at: timeout.at } : undefined,
    memory: memory ? { mb: memory.value, at: memory.at } : undefined,
    architecture: arch && /ARM_64/.test(valueOf(ts, arch.value).expr.getText()) ? "arm64" : "x86_64",
    reservedConcurrency: reserved?.value,
    triggers: inlineEvents(ctx, ts, written(props, "events")),
    environment: environmentOf(ctx, ts, written(props, "environment")),
  };
  const snapStart = known(props, "snapStart");
  if (snapStart && /ON_PUBLISHED_VERSIONS/.test(valueOf(ts, snapStart.value).expr.getText())) settings.snapStart = { at: where(ctx, snapStart) };
  if (unresolved.length > 0) settings.unresolved = unresolved;
  return settings;
}

function inlineEvents(ctx: ScanContext, ts: typeof TS, prop: Prop | undefined): LambdaTrigger[] {
  const list = prop ? valueOf(ts, prop.value) : undefined;
  if (!list || !ts.isArrayLiteralExpression(list.expr)) return [];
  return list.expr.elements.flatMap((el) => {
    if (!ts.isNewExpression(el)) return [];
    const type = EVENT_SOURCES[className(ts, el.expression) ?? ""] ?? "other";
    return [{ type, at: where(ctx, { node: el, src: list.src }), ...batchFailures(ts, type, el) }];
  });
}

function environmentOf(ctx: ScanContext, ts: typeof TS, prop: Prop | undefined): LambdaSettings["environment"] {
  const vars = prop ? readProps(ts, prop.value) : undefined;
  if (!prop || !vars) return undefined;
  const values: Record<string, unknown> = {};
  for (const [key, p] of vars.known) {
    // Only literals are known; computed values (`table.tableName`) are left out.
    const value = p === "unknown" ? undefined : literalValue(ts, valueOf(ts, p.value).expr);
    if (value !== undefined) values[key] = value;
  }
  return { values, at: where(ctx, prop) };
}
