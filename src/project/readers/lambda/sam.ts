import { promises as fs } from "node:fs";
import path from "node:path";
import { TEST_FOLDER } from "../../source/extensions.js";
import { parseCfnYaml } from "../../formats/cfn-yaml.js";
import { addConfigFile, addNote, addProblem, isRecord, loc, readOrReport, uniqueId, type ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import { parseJsonc } from "../../formats/jsonc.js";
import { failureMessage, MAX_CONFIG_BYTES } from "../../formats/limits.js";
import type { LocatedDocument } from "../../formats/located.js";
import { entryProblem, resolveLambdaEntry, splitHandler } from "./lambda-entry.js";
import { resolveNumber, resolveRuntime, resolveString } from "./lambda-values.js";
import { eventSourceMappings, invokePermissions, samEvents, streamingApis } from "./sam-triggers.js";
import { samDeployBuild } from "./deploy-build.js";
import { cfnInlineText, inlineEntry, inlineHandlerExport, locateInline } from "./inline-code.js";
import type { FunctionInfo, InlineCode, LambdaSettings, SourceLocation } from "../../types.js";

const TEMPLATE_NAME = /(^|\/)template\.(ya?ml|json)$/;
const MAYBE_TEMPLATE = /\.(ya?ml|json|template)$/;
const NOT_TEMPLATE = /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|serverless\.ya?ml|pnpm-[^/]*\.yaml|wrangler\.jsonc?|vercel\.json|cdk(\.context)?\.json|composer\.json|\.?[^/]*rc\.json)$/;
/** Only templates that declare a function are parsed: YAML parsing is the costly part of discovery. */
const MARKER = /AWS::Lambda::Function|AWS::Serverless::Function/;

type Doc = LocatedDocument<Record<string, unknown>>;

export async function discoverTemplates(ctx: ScanContext): Promise<void> {
  // Beyond files named template.*, a test folder's JSON and YAML are snapshots and samples (a CDK
  // test's expected template), not what the project deploys.
  const candidates = ctx.files.filter((rel) => MAYBE_TEMPLATE.test(rel) && !NOT_TEMPLATE.test(rel) && (TEMPLATE_NAME.test(rel) || !TEST_FOLDER.test(rel)));
  // Reads are concurrent (a repo of patterns has thousands of JSON/YAML files); parsing keeps file order.
  const texts = await Promise.all(
    candidates.map(async (rel) => {
      const abs = path.join(ctx.pkgRoot, rel);
      if (TEMPLATE_NAME.test(rel)) return readOrReport(ctx, abs);
      const size = await fs.stat(abs).then((s) => s.size, () => 0);
      // Other JSON and YAML files may be data of any size: past the cap they are not templates.
      return size === 0 || size > MAX_CONFIG_BYTES ? undefined : readQuietly(abs);
    }),
  );
  for (const [i, rel] of candidates.entries()) {
    const text = texts[i];
    // A template without functions (or template.yaml of another tool) has nothing to audit.
    if (text === undefined || !MARKER.test(text)) continue;
    const abs = path.join(ctx.pkgRoot, rel);
    const doc = parseTemplate(ctx, abs, text);
    if (doc) await readTemplate(ctx, abs, doc, text);
  }
}

async function readQuietly(abs: string): Promise<string | undefined> {
  try {
    return await fs.readFile(abs, "utf8");
  } catch {
    return undefined;
  }
}

function parseTemplate(ctx: ScanContext, abs: string, text: string): Doc | undefined {
  const name = path.basename(abs);
  const result = abs.endsWith(".json") ? parseJsonc(text) : parseCfnYaml(text);
  if (!result.ok) {
    addConfigFile(ctx, abs, "cloudformation");
    addProblem(ctx, abs, result, failureMessage(name, result, `is not valid ${abs.endsWith(".json") ? "JSON" : "YAML"}`));
    return undefined;
  }
  if (!isRecord(result.doc.value)) return undefined;
  return { value: result.doc.value, positionOf: result.doc.positionOf };
}

function isSam(doc: Doc): boolean {
  const t = doc.value.Transform;
  const list = Array.isArray(t) ? t : [t];
  return list.some((x) => typeof x === "string" && x.startsWith("AWS::Serverless"));
}

async function readTemplate(ctx: ScanContext, abs: string, doc: Doc, text: string): Promise<void> {
  const sam = isSam(doc);
  addConfigFile(ctx, abs, sam ? "sam" : "cloudformation");
  const resources = doc.value.Resources;
  if (!isRecord(resources)) return;
  const parameters = isRecord(doc.value.Parameters) ? doc.value.Parameters : {};
  const globals = isRecord(doc.value.Globals) && isRecord(doc.value.Globals.Function) ? doc.value.Globals.Function : {};
  const at = (p: Array<string | number>): SourceLocation => loc(ctx, abs, doc.positionOf(p));
  const mappings = eventSourceMappings(resources, at);
  const permissions = invokePermissions(resources, at);
  const streaming = streamingApis(resources);

  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource)) continue;
    const type = resource.Type;
    if (type !== "AWS::Serverless::Function" && type !== "AWS::Lambda::Function") continue;
    const serverless = type === "AWS::Serverless::Function";
    const props = isRecord(resource.Properties) ? resource.Properties : {};
    const g = serverless ? globals : {};
    // Each setting: the function's own value wins over Globals; remember which path it came from.
    const pick = (key: string): { value: unknown; path: Array<string | number> } | undefined => {
      if (props[key] !== undefined) return { value: props[key], path: ["Resources", id, "Properties", key] };
      if (g[key] !== undefined) return { value: g[key], path: ["Globals", "Function", key] };
      return undefined;
    };
    if ((pick("PackageType")?.value ?? "Zip") === "Image") continue;

    const unresolved: NonNullable<LambdaSettings["unresolved"]> = [];
    const runtimeSetting = pick("Runtime");
    const runtimeValue = resolveRuntime(runtimeSetting?.value, parameters);
    if (runtimeValue.kind === "value" && !runtimeValue.value.startsWith("nodejs")) {
      addNote(ctx, abs, doc.positionOf(runtimeSetting!.path), `${id} runs ${runtimeValue.value}; coldstart audits JavaScript and TypeScript only`);
      continue;
    }
    if (runtimeValue.kind === "unresolved") unresolved.push("runtime");

    const handlerSetting = pick("Handler");
    const handler = resolveString(handlerSetting?.value, parameters);
    if (handler.kind !== "value") {
      addProblem(ctx, abs, doc.positionOf(["Resources", id]), `${id}: no Handler, so its source file cannot be found`);
      continue;
    }
    const code = await codeOf(ctx, { abs, doc, text, id, resource, serverless, pick, handler: handler.value, handlerSetting: handlerSetting! });
    if (!code) continue;

    const settings: LambdaSettings = {
      source: sam ? "sam" : "cloudformation",
      name: id,
      handlerExport: code.handlerExport,
      runtime: runtimeValue.kind === "value" ? { value: runtimeValue.value, at: at(runtimeSetting!.path) } : undefined,
      timeout: undefined,
      memory: undefined,
      architecture: "x86_64",
      reservedConcurrency: undefined,
      triggers: [],
      environment: undefined,
    };
    const timeout = pick("Timeout");
    const timeoutValue = resolveNumber(timeout?.value, parameters);
    if (timeoutValue.kind === "value") settings.timeout = { seconds: timeoutValue.value, at: at(timeout!.path) };
    else if (timeoutValue.kind === "unresolved") unresolved.push("timeout");
    const memory = pick("MemorySize");
    const memoryValue = resolveNumber(memory?.value, parameters);
    if (memoryValue.kind === "value") settings.memory = { mb: memoryValue.value, at: at(memory!.path) };
    else if (memoryValue.kind === "unresolved") unresolved.push("memory");
    const arch = pick("Architectures")?.value;
    if (Array.isArray(arch) && arch[0] === "arm64") settings.architecture = "arm64";
    const reserved = resolveNumber(props.ReservedConcurrentExecutions, parameters);
    if (reserved.kind === "value") settings.reservedConcurrency = reserved.value;
    else if (reserved.kind === "unresolved") unresolved.push("reservedConcurrency");
    settings.environment = environmentOf(props, g, id, at);
    const tracing = pick("Tracing");
    const tracingValue = resolveString(tracing?.value, parameters);
    if (tracingValue.kind === "value") settings.tracing = { active: tracingValue.value === "Active", at: at(tracing!.path) };
    const provisioned = pick("ProvisionedConcurrencyConfig");
    const units = isRecord(provisioned?.value) ? resolveNumber(provisioned.value.ProvisionedConcurrentExecutions, parameters) : undefined;
    if (units?.kind === "value") settings.provisionedConcurrency = { units: units.value, at: at(provisioned!.path) };
    const snapStart = pick("SnapStart");
    const applyOn = isRecord(snapStart?.value) ? resolveString(snapStart.value.ApplyOn, parameters) : undefined;
    if (applyOn?.kind === "value" && applyOn.value === "PublishedVersions") settings.snapStart = { at: at(snapStart!.path) };
    if (unresolved.length > 0) settings.unresolved = unresolved;
    const url = serverless ? pick("FunctionUrlConfig") : undefined;
    settings.triggers = [...samEvents(props, id, at, streaming.get(id)), ...(mappings.get(id) ?? []), ...(url && isRecord(url.value) ? [{ type: "function-url" as const, at: at(url.path) }] : [])];
    // Permissions only say who may invoke; count them when no event already says so.
    for (const t of permissions.get(id) ?? []) if (!settings.triggers.some((x) => x.type === t.type)) settings.triggers.push(t);

    const info: FunctionInfo = {
      id: uniqueId(ctx, `aws-lambda:${relativeTo(ctx.root, code.inline?.file ?? code.entry)}#${id}`),
      platform: "aws-lambda",
      runtime: "nodejs",
      entry: code.entry,
      ...(code.inline ? { inline: code.inline } : {}),
      config: at(["Resources", id]),
      packageRoot: ctx.pkgRoot,
      ...(code.deployRoot ? { deployRoot: code.deployRoot } : {}),
      ...(code.missing ? { codeMissing: true } : {}),
      lambda: settings,
    };
    const deployBuild = code.inline ? undefined : samDeployBuild(resource.Metadata, `${relativeTo(ctx.root, abs)} Metadata.BuildProperties of ${id}`);
    if (deployBuild) info.deployBuild = deployBuild;
    ctx.functions.push(info);
  }
}

type Setting = { value: unknown; path: Array<string | number> };

interface CodeQuery {
  abs: string;
  doc: Doc;
  text: string;
  id: string;
  resource: Record<string, unknown>;
  serverless: boolean;
  pick: (key: string) => Setting | undefined;
  handler: string;
  handlerSetting: Setting;
}

/** The function's source: its code inline in the template (InlineCode, Code.ZipFile), or the file its Handler names. */
async function codeOf(ctx: ScanContext, q: CodeQuery): Promise<{ entry: string; handlerExport: string; inline?: InlineCode; deployRoot?: string; missing?: boolean } | undefined> {
  const { abs, doc, id, serverless, pick, handler, handlerSetting } = q;
  const props = isRecord(q.resource.Properties) ? q.resource.Properties : {};
  const inlinePath = serverless && props.InlineCode !== undefined ? ["Resources", id, "Properties", "InlineCode"] : isRecord(props.Code) && props.Code.ZipFile !== undefined ? ["Resources", id, "Properties", "Code", "ZipFile"] : undefined;
  if (inlinePath) {
    const code = cfnInlineText(serverless && props.InlineCode !== undefined ? props.InlineCode : (props.Code as Record<string, unknown>).ZipFile);
    if (code === undefined) {
      addNote(ctx, abs, doc.positionOf(inlinePath), `${id}: its inline code is built by an intrinsic function coldstart does not evaluate, so it is not audited`);
      return undefined;
    }
    return { entry: inlineEntry(abs, id), handlerExport: inlineHandlerExport(handler), inline: locateInline(abs, q.text, doc.positionOf(inlinePath), code) };
  }
  const codeSetting = serverless ? pick("CodeUri") : { value: props.Code, path: ["Resources", id, "Properties", "Code"] };
  const codeDir = typeof codeSetting?.value === "string" ? codeSetting.value : undefined;
  const metadata = isRecord(q.resource.Metadata) ? q.resource.Metadata : {};
  const buildProps = isRecord(metadata.BuildProperties) ? metadata.BuildProperties : {};
  const entryPoints = Array.isArray(buildProps.EntryPoints) ? buildProps.EntryPoints.filter((e): e is string => typeof e === "string") : undefined;
  const { file, exportName } = splitHandler(handler);
  const resolved = await resolveLambdaEntry({ baseDir: path.dirname(abs), codeDir, handlerFile: file, entryPoints, packageRoot: ctx.pkgRoot, root: ctx.root, boundary: ctx.boundary });
  if (!resolved.entry) {
    const setting = resolved.refused && codeSetting && ctx.boundary.refuse(path.resolve(path.dirname(abs), codeDir ?? ".")) ? codeSetting : handlerSetting;
    const what = setting === handlerSetting ? `Handler ${handler}` : `${serverless ? "CodeUri" : "Code"} ${codeDir}`;
    // Build output that does not exist yet is "build first", not a deploy failure.
    (resolved.unbuilt ? addNote : addProblem)(ctx, abs, doc.positionOf(setting.path), `${id}: ${entryProblem(resolved, what, ctx.root)}`);
    // Its configuration is still judged; only a function whose code leaves the project is dropped.
    if (resolved.refused || resolved.tried.length === 0) return undefined;
    return { entry: resolved.tried[0]!, handlerExport: exportName, missing: true };
  }
  // sam build packages the CodeUri folder alone: nothing outside it (a repository's own package.json) reaches the deploy.
  const deployRoot = codeDir !== undefined ? path.resolve(path.dirname(abs), codeDir) : undefined;
  const inside = deployRoot !== undefined && !path.relative(deployRoot, resolved.entry).startsWith("..");
  return { entry: resolved.entry, handlerExport: exportName, ...(inside ? { deployRoot } : {}) };
}

function environmentOf(
  props: Record<string, unknown>,
  globals: Record<string, unknown>,
  id: string,
  at: (p: Array<string | number>) => SourceLocation,
): LambdaSettings["environment"] {
  const vars = (env: unknown) => (isRecord(env) && isRecord(env.Variables) ? env.Variables : undefined);
  const own = vars(props.Environment);
  const shared = vars(globals.Environment);
  if (!own && !shared) return undefined;
  return {
    values: { ...shared, ...own },
    at: own ? at(["Resources", id, "Properties", "Environment"]) : at(["Globals", "Function", "Environment"]),
  };
}
