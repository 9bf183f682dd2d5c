// How a Lambda's deploy bundles it, with each tool's defaults where the config is silent:
// - SAM `Metadata.BuildMethod: esbuild` + `BuildProperties` (docs: "Building Node.js Lambda functions with
//   esbuild in AWS SAM"): Minify defaults to true, MainFields to main,module; esbuild's own default format
//   for platform node is cjs.
// - CDK `NodejsFunction` `bundling` (aws-lambda-nodejs BundlingOptions): minify false, format cjs, target the
//   runtime's Node.js, externalModules `@aws-sdk/*` on Node.js 18+ (`aws-sdk` before) unless bundleAwsSdk.
// - Serverless Framework: the serverless-esbuild plugin's `custom.esbuild`, or v4's `build.esbuild`: minify
//   false; `exclude` (left external) defaults to the runtime's SDK.
import { isRecord } from "../../context.js";
import type { DeployBuild } from "../../types.js";

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === "string") ? v : typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
const format = (v: unknown): DeployBuild["format"] => (typeof v === "string" && /^(esm|cjs)$/i.test(v) ? (v.toLowerCase() as "esm" | "cjs") : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : undefined);

/** The SDK a Node.js runtime ships, which the tools leave external by default. */
export function runtimeSdk(runtime: string | undefined): string {
  const major = Number(/nodejs(\d+)/i.exec(runtime ?? "")?.[1] ?? /NODEJS_(\d+)/.exec(runtime ?? "")?.[1] ?? 22);
  return major >= 18 ? "@aws-sdk/*" : "aws-sdk";
}

function nodeTarget(runtime: string | undefined): string | undefined {
  const major = /nodejs(\d+)/i.exec(runtime ?? "")?.[1] ?? /NODEJS_(\d+)/.exec(runtime ?? "")?.[1];
  return major ? `node${major}` : undefined;
}

/** SAM: only when the function declares `BuildMethod: esbuild`; other build methods copy the folder as is. */
export function samDeployBuild(metadata: unknown, from: string): DeployBuild | undefined {
  if (!isRecord(metadata) || metadata.BuildMethod !== "esbuild") return undefined;
  const p = isRecord(metadata.BuildProperties) ? metadata.BuildProperties : {};
  const build: DeployBuild = { from, minify: bool(p.Minify) ?? true, format: format(p.Format) ?? "cjs", mainFields: strings(p.MainFields) ?? ["main", "module"] };
  if (typeof p.Target === "string") build.target = p.Target;
  const external = strings(p.External);
  if (external) build.external = external;
  // `Banner: ["js=..."]` (esbuild's CLI form); the JavaScript one is the part that reaches the output.
  const banner = (Array.isArray(p.Banner) ? p.Banner : [p.Banner]).find((b): b is string => typeof b === "string" && b.startsWith("js="));
  if (banner) build.banner = banner.slice(3);
  return build;
}

/** CDK NodejsFunction: its `bundling` props, as read from the construct (undefined values = not written). */
export function cdkDeployBuild(bundling: Record<string, unknown>, runtime: string | undefined, from: string): DeployBuild {
  const build: DeployBuild = { from, minify: bool(bundling.minify) ?? false, format: format(bundling.format) ?? "cjs" };
  const target = typeof bundling.target === "string" ? bundling.target : nodeTarget(runtime);
  if (target) build.target = target;
  const mainFields = strings(bundling.mainFields);
  if (mainFields) build.mainFields = mainFields;
  const external = strings(bundling.externalModules) ?? (bundling.bundleAwsSdk === true ? [] : [runtimeSdk(runtime)]);
  if (external.length > 0) build.external = external;
  if (typeof bundling.banner === "string") build.banner = bundling.banner;
  return build;
}

/** Serverless Framework: serverless-esbuild's `custom.esbuild`, or v4's `build.esbuild`; undefined when neither bundles. */
export function serverlessDeployBuild(doc: Record<string, unknown>, runtime: string | undefined, file: string): DeployBuild | undefined {
  const plugins = Array.isArray(doc.plugins) ? doc.plugins : isRecord(doc.plugins) && Array.isArray(doc.plugins.modules) ? doc.plugins.modules : [];
  const custom = isRecord(doc.custom) && isRecord(doc.custom.esbuild) ? doc.custom.esbuild : undefined;
  const v4 = isRecord(doc.build) && isRecord(doc.build.esbuild) ? doc.build.esbuild : undefined;
  const options = plugins.includes("serverless-esbuild") ? (custom ?? {}) : v4;
  if (!options) return undefined;
  const from = options === v4 ? `${file} build.esbuild` : custom ? `${file} custom.esbuild (serverless-esbuild)` : `serverless-esbuild's defaults (${file} plugins)`;
  const build: DeployBuild = { from, minify: bool(options.minify) ?? false, format: format(options.format) ?? "cjs" };
  const target = typeof options.target === "string" ? options.target : nodeTarget(runtime);
  if (target) build.target = target;
  const mainFields = strings(options.mainFields);
  if (mainFields) build.mainFields = mainFields;
  const external = [...(strings(options.external) ?? []), ...(strings(options.exclude) ?? [runtimeSdk(runtime)])].filter((e) => e !== "*");
  if (external.length > 0) build.external = external;
  return build;
}
