import path from "node:path";
import { loc, readOrReport, uniqueId, type ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import { type Decision, type FrameworkNames, packageLabel, workersTarget } from "./framework-target.js";
import { readModuleExports, type ModuleExports, type Written } from "../../source/module-exports.js";
import type { FunctionInfo, RuntimeKind, SourceLocation, VercelSettings, WorkersSettings } from "../../types.js";
import { readVercelJson, type VercelJson } from "../vercel/vercel-json.js";

/** A framework app whose target is decided: what every one of its functions shares. */
export interface FrameworkApp {
  id: string;
  names: FrameworkNames;
  platform: "cloudflare-workers" | "vercel";
  targetAt: SourceLocation;
  /** Cloudflare: the one Worker the whole app deploys as. */
  workers?: { settings: WorkersSettings; config: SourceLocation; unit: string };
  vercelJson?: VercelJson;
  build: NonNullable<FunctionInfo["build"]>;
}

export async function frameworkApp(
  ctx: ScanContext,
  id: string,
  names: FrameworkNames,
  decision: Extract<Decision, { byHint: boolean }>,
  wranglerConfig: string | undefined,
  build: FrameworkApp["build"],
): Promise<FrameworkApp> {
  const { decided } = decision;
  const app: FrameworkApp = { id, names, platform: decided.kind === "cloudflare-workers" ? "cloudflare-workers" : "vercel", targetAt: decided.at, build };
  if (app.platform === "cloudflare-workers") {
    const worker = await workersTarget(ctx, names, wranglerConfig, decided.at);
    app.workers = { ...worker, unit: `one Worker (${packageLabel(ctx)})` };
  } else {
    app.vercelJson = await readVercelJson(ctx);
  }
  return app;
}

/** One route file (or hooks, middleware) as the function its deploy adapter makes of it. */
interface FrameworkFile {
  abs: string;
  role: string;
  route?: string;
  handlers: string[];
  /** Vercel only: its runtime and settings (the Workers target gives workerd and the Worker's settings). */
  runtime?: RuntimeKind;
  vercel?: Partial<Pick<VercelSettings, "maxDuration" | "memory" | "runtimeAt" | "regions" | "advice">>;
  deployUnit?: string;
  /** `#edge` for a shared file audited once more on another runtime. */
  idSuffix?: string;
  /** Vercel: where the function is configured, when not in the file itself (the adapter call for a whole-app function). */
  config?: SourceLocation;
}

export function addFrameworkFunction(ctx: ScanContext, app: FrameworkApp, file: FrameworkFile): void {
  const rel = relativeTo(ctx.root, file.abs);
  const info: FunctionInfo = {
    id: uniqueId(ctx, `${app.platform}:${rel}${file.idSuffix ?? ""}`),
    platform: app.platform,
    runtime: app.workers ? "workerd" : (file.runtime ?? "nodejs"),
    entry: file.abs,
    config: loc(ctx, file.abs, 1),
    packageRoot: ctx.pkgRoot,
    framework: { id: app.id, role: file.role, targetAt: app.targetAt, ...(file.route !== undefined ? { route: file.route } : {}) },
    handlers: file.handlers,
    build: app.build,
  };
  if (app.workers) {
    info.workers = app.workers.settings;
    info.config = app.workers.config;
    info.deployUnit = app.workers.unit;
  } else {
    const v = file.vercel;
    info.vercel = {
      kind: "framework",
      nextMajor: undefined,
      route: file.route,
      maxDuration: v?.maxDuration,
      memory: v?.memory,
      runtimeAt: v?.runtimeAt,
      regions: v?.regions ?? app.vercelJson?.regions,
      ...(v?.advice ? { advice: v.advice } : {}),
      ...(app.vercelJson?.env ? { env: app.vercelJson.env } : {}),
    };
    // Declared in the file itself (`export const config = { runtime: "edge" }`): that is where it is configured.
    if (v?.runtimeAt && v.runtimeAt.file === rel) info.config = v.runtimeAt;
    else if (file.config) info.config = file.config;
    if (file.deployUnit) info.deployUnit = file.deployUnit;
  }
  ctx.functions.push(info);
}

/** Reads the exports of each file (in parallel); a file that cannot be read is a problem and left out. */
export async function readAllExports(ctx: ScanContext, rels: string[]): Promise<Map<string, ModuleExports>> {
  const out = new Map<string, ModuleExports>();
  await Promise.all(
    rels.map(async (rel) => {
      const abs = path.join(ctx.pkgRoot, rel);
      const text = await readOrReport(ctx, abs);
      if (text !== undefined) out.set(rel, await readModuleExports(rel, text));
    }),
  );
  return out;
}

/** A number setting where it is written, for VercelSettings. */
export function located(ctx: ScanContext, abs: string, w: Written | undefined): { value: number; at: SourceLocation } | undefined {
  return typeof w?.value === "number" ? { value: w.value, at: loc(ctx, abs, w) } : undefined;
}

/** The handlers a file exports among those its role may export. */
export function exportedHandlers(exports: ModuleExports | undefined, allowed: readonly string[]): string[] {
  return allowed.filter((name) => exports?.names.includes(name));
}
