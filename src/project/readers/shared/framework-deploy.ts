import path from "node:path";
import { loc, uniqueId, type ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import type { FunctionInfo, Platform, RuntimeKind, SourceLocation, VercelSettings, WorkersSettings } from "../../types.js";
import { readVercelJson } from "../vercel/vercel-json.js";
import { externalLambda } from "./framework-function.js";
import { readWorkersTarget } from "../workers/wrangler.js";

/** Where a framework app's server code runs, as its deploy adapter (preset) builds it. */
export type DeployTarget =
  /** `configAt`: the Worker's config (its wrangler file, or the framework config that writes one), where Worker settings are advised. */
  | { kind: "workers"; at: SourceLocation; configAt: SourceLocation; settings: WorkersSettings; host?: FunctionInfo["host"] }
  | { kind: "vercel"; at: SourceLocation; runtime: "nodejs" | "edge"; settings?: Partial<Pick<VercelSettings, "maxDuration" | "memory" | "regions">>; advice?: VercelSettings["advice"] }
  | { kind: "lambda"; at: SourceLocation; name: string };

/** One server file of a framework app: its route, role and the exports called per request. */
export interface FrameworkFile {
  rel: string;
  route?: string;
  role: string;
  handlers: string[];
  /** A different target for this file (a route that opts into the edge). */
  target?: DeployTarget;
}

export interface FrameworkApp {
  /** The adapter's id. */
  id: string;
  /** Names the deploy unit in messages: `one Worker`, `one Vercel function`. */
  unit: string | undefined;
  build?: FunctionInfo["build"];
}

const PLATFORM: Record<DeployTarget["kind"], Platform> = { workers: "cloudflare-workers", vercel: "vercel", lambda: "aws-lambda" };

function runtimeOf(target: DeployTarget): RuntimeKind {
  switch (target.kind) {
    case "workers":
      return "workerd";
    case "vercel":
      return target.runtime;
    case "lambda":
      return "nodejs";
  }
}

/** Adds one function per server file, on the platform and runtime its target gives it. */
export function addFrameworkFunctions(ctx: ScanContext, app: FrameworkApp, target: DeployTarget, files: FrameworkFile[], vercelEnv?: VercelSettings["env"]): void {
  for (const file of files) {
    const t = file.target ?? target;
    const abs = path.join(ctx.pkgRoot, file.rel);
    const platform = PLATFORM[t.kind];
    const info: FunctionInfo = {
      id: uniqueId(ctx, `${t.kind === "workers" && t.host ? t.host.id : platform}:${relativeTo(ctx.root, abs)}`),
      platform,
      runtime: runtimeOf(t),
      entry: abs,
      config: t.kind === "workers" ? t.configAt : loc(ctx, abs, 1),
      packageRoot: ctx.pkgRoot,
      framework: { id: app.id, role: file.role, targetAt: t.at, ...(file.route !== undefined ? { route: file.route } : {}) },
      handlers: file.handlers,
    };
    // Routes on another target (an edge route beside Node ones) are not part of the app's unit.
    if (app.unit) info.deployUnit = file.target ? `${app.unit}, ${t.kind === "vercel" ? t.runtime : t.kind}` : app.unit;
    if (app.build) info.build = app.build;
    if (t.kind === "workers") {
      info.workers = t.settings;
      if (t.host) info.host = t.host;
    } else if (t.kind === "vercel") {
      info.vercel = {
        kind: "framework",
        nextMajor: undefined,
        route: file.route,
        maxDuration: t.settings?.maxDuration,
        memory: t.settings?.memory,
        runtimeAt: t.at,
        regions: t.settings?.regions,
        ...(t.advice ? { advice: t.advice } : {}),
        ...(vercelEnv ? { env: vercelEnv } : {}),
      };
    } else {
      // A Lambda a framework's adapter builds: its memory, timeout and runtime are set by whatever deploys it.
      info.lambda = externalLambda(t.name, "framework");
    }
    ctx.functions.push(info);
  }
}

/** The app's Worker: the package's wrangler config when it has one, else what the framework writes at build time. */
export async function workersTarget(ctx: ScanContext, at: SourceLocation, generated: () => WorkersSettings): Promise<DeployTarget> {
  const wrangler = await readWorkersTarget(ctx);
  return { kind: "workers", at, configAt: wrangler?.at ?? at, settings: wrangler?.settings ?? generated() };
}

export function emptyWorkersSettings(): WorkersSettings {
  return {
    compatibilityDate: undefined,
    compatibilityFlags: [],
    workerdMaxDate: undefined,
    limits: undefined,
    bindings: { kv: [], d1: [], r2: [], hyperdrive: [], queues: [], durableObjects: [], vars: {} },
    environment: undefined,
    locations: {},
  };
}

/** vercel.json `env` applies to a framework's functions too; its `functions` globs name source files, which a framework's build does not keep. */
export async function vercelEnv(ctx: ScanContext): Promise<{ env: VercelSettings["env"]; regions: string[] | undefined }> {
  const json = await readVercelJson(ctx);
  return { env: json?.env, regions: json?.regions };
}



/** What to write to decide where a framework app deploys, as coldstart's config: for the note when nothing says. */
export function platformConfigHint(ctx: ScanContext, platform = "cloudflare-workers"): string {
  const dir = relativeTo(ctx.root, ctx.pkgRoot);
  return dir === "." ? `\`"platform": "${platform}"\` in coldstart's config` : `\`"packages": { "${dir}": { "platform": "${platform}" } }\` in coldstart's config`;
}
