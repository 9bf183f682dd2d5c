import path from "node:path";
import { loc, uniqueId, type ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import type { FunctionInfo, LambdaSettings, RuntimeKind, SourceLocation, VercelSettings, WorkersSettings } from "../../types.js";

/** Where a framework's deploy adapter puts the app: one Worker, Vercel functions, or Lambda functions. */
export type DeployTarget =
  | { platform: "cloudflare-workers"; workers: WorkersSettings | undefined; deployUnit: string }
  | { platform: "vercel"; runtime: "nodejs" | "edge"; deployUnit?: string; regions?: string[]; advice?: VercelSettings["advice"] }
  | { platform: "aws-lambda"; lambda: LambdaSettings; deployUnit: string };

/** One server file of a framework app: its route, its role and the exports the server calls. */
export interface FrameworkFile {
  rel: string;
  role: string;
  route?: string | undefined;
  handlers: string[];
  /** When the file itself decides its runtime (Next.js middleware on the edge). */
  runtime?: RuntimeKind;
}

export interface FrameworkOrigin {
  id: string;
  targetAt: SourceLocation | undefined;
  build?: FunctionInfo["build"];
}

/** The function a framework file becomes on its deploy target (one per server file, its own entry). */
export function frameworkFunction(ctx: ScanContext, target: DeployTarget, file: FrameworkFile, origin: FrameworkOrigin): FunctionInfo {
  const abs = path.join(ctx.pkgRoot, file.rel);
  const framework: FunctionInfo["framework"] = { id: origin.id, role: file.role };
  if (file.route !== undefined) framework.route = file.route;
  if (origin.targetAt) framework.targetAt = origin.targetAt;
  const info: FunctionInfo = {
    id: uniqueId(ctx, `${target.platform}:${relativeTo(ctx.root, abs)}`),
    platform: target.platform,
    runtime: file.runtime ?? (target.platform === "cloudflare-workers" ? "workerd" : target.platform === "vercel" ? target.runtime : "nodejs"),
    entry: abs,
    config: loc(ctx, abs, 1),
    packageRoot: ctx.pkgRoot,
    framework,
    handlers: file.handlers,
  };
  if (target.deployUnit) info.deployUnit = target.deployUnit;
  if (origin.build) info.build = origin.build;
  switch (target.platform) {
    case "cloudflare-workers":
      if (target.workers) info.workers = target.workers;
      break;
    case "vercel":
      info.vercel = vercelSettings(file.route, target.regions);
      if (target.advice) info.vercel.advice = target.advice;
      break;
    case "aws-lambda":
      info.lambda = target.lambda;
      break;
  }
  return info;
}

function vercelSettings(route: string | undefined, regions: string[] | undefined): VercelSettings {
  return { kind: "framework", nextMajor: undefined, route, maxDuration: undefined, memory: undefined, runtimeAt: undefined, regions };
}

/**
 * Lambda settings for a function whose memory, timeout and runtime live outside the repository's
 * own infrastructure code (the console, a deploy script, or the tool that deploys a framework's
 * build output): unknown, so not reported as missing.
 */
export function externalLambda(name: string, source: "external" | "framework" = "external"): LambdaSettings {
  return {
    source,
    name,
    handlerExport: "handler",
    runtime: undefined,
    timeout: undefined,
    memory: undefined,
    architecture: "x86_64",
    reservedConcurrency: undefined,
    triggers: [],
    environment: undefined,
    unresolved: ["runtime", "timeout", "memory", "reservedConcurrency"],
  };
}

/** A deploy unit's name, as messages show it: `the OpenNext Worker "shop"`, with the package when it is not the root. */
export function unitName(ctx: ScanContext, label: string): string {
  const pkg = relativeTo(ctx.root, ctx.pkgRoot);
  return pkg === "." ? label : `${label} in ${pkg}`;
}

/** `the OpenNext Worker "shop"`: a Worker named as its wrangler config names it. */
export function workerLabel(label: string, target: { settings: WorkersSettings } | undefined): string {
  const name = target?.settings.name;
  return name ? `${label} "${name}"` : label;
}
