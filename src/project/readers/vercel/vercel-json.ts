import path from "node:path";
import { addConfigFile, addProblem, isRecord, loc, readOrReport, type ScanContext } from "../../context.js";
import { isFile } from "../../files.js";
import { matchesGlob } from "../../source/glob.js";
import { dependencyRange } from "../../source/package-json.js";
import { parseJsonc } from "../../formats/jsonc.js";
import { failureMessage } from "../../formats/limits.js";
import type { SourceLocation } from "../../types.js";

export interface VercelFunctionConfig {
  glob: string;
  maxDuration?: { seconds: number; at: SourceLocation };
  memory?: { mb: number; at: SourceLocation };
  runtime?: string;
}

export interface VercelJson {
  functions: VercelFunctionConfig[];
  regions: string[] | undefined;
  env: { values: Record<string, unknown>; at: SourceLocation } | undefined;
}

/** Reads the package's vercel.json, if any; a broken one becomes a problem. */
export async function readVercelJson(ctx: ScanContext): Promise<VercelJson | undefined> {
  const abs = path.join(ctx.pkgRoot, "vercel.json");
  if (!(await isFile(abs, ctx.boundary))) return undefined;
  addConfigFile(ctx, abs, "vercel-json");
  const text = await readOrReport(ctx, abs);
  if (text === undefined) return undefined;
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    addProblem(ctx, abs, parsed, failureMessage("vercel.json", parsed, "is not valid"));
    return undefined;
  }
  const { value, positionOf } = parsed.doc;
  if (!isRecord(value)) {
    addProblem(ctx, abs, 1, "vercel.json must contain an object");
    return undefined;
  }
  const at = (p: Array<string | number>) => loc(ctx, abs, positionOf(p));
  const out: VercelJson = { functions: [], regions: undefined, env: undefined };
  if (Array.isArray(value.regions) && value.regions.every((r) => typeof r === "string")) out.regions = value.regions;
  if (isRecord(value.env)) out.env = { values: value.env, at: at(["env"]) };
  if (value.functions !== undefined && !isRecord(value.functions)) {
    addProblem(ctx, abs, positionOf(["functions"]), "vercel.json `functions` must be an object of glob -> settings");
  } else if (isRecord(value.functions)) {
    for (const [glob, settings] of Object.entries(value.functions)) {
      if (!isRecord(settings)) continue;
      const fn: VercelFunctionConfig = { glob };
      if (typeof settings.maxDuration === "number") fn.maxDuration = { seconds: settings.maxDuration, at: at(["functions", glob, "maxDuration"]) };
      if (typeof settings.memory === "number") fn.memory = { mb: settings.memory, at: at(["functions", glob, "memory"]) };
      if (typeof settings.runtime === "string") fn.runtime = settings.runtime;
      out.functions.push(fn);
    }
  }
  return out;
}

/** The vercel.json settings that apply to a file (path relative to the package); later keys win. */
export function settingsFor(vercel: VercelJson | undefined, relPath: string): Omit<VercelFunctionConfig, "glob"> {
  const result: Omit<VercelFunctionConfig, "glob"> = {};
  for (const fn of vercel?.functions ?? []) {
    if (!matchesGlob(relPath, fn.glob)) continue;
    if (fn.maxDuration) result.maxDuration = fn.maxDuration;
    if (fn.memory) result.memory = fn.memory;
    if (fn.runtime) result.runtime = fn.runtime;
  }
  return result;
}

/** Packages that only work on Vercel's platform: an app that depends on them deploys there. */
const VERCEL_ONLY = ["@vercel/functions", "@vercel/analytics", "@vercel/speed-insights", "@vercel/toolbar", "@vercel/node"];

/** The first Vercel-only package the package depends on, if any. */
export function vercelOnlyDependency(ctx: ScanContext): string | undefined {
  return VERCEL_ONLY.find((dep) => dependencyRange(ctx.packageJson, dep) !== undefined);
}

/**
 * Whether the package says it deploys to Vercel, for an entry or an app whose own config does not:
 * vercel.json, a Vercel-only package, the Vercel CLI as a dependency, or a script that runs it
 * (`vercel deploy`).
 */
export function saysVercel(ctx: ScanContext): boolean {
  const scripts = JSON.stringify(ctx.packageJson?.scripts ?? {});
  return ctx.files.includes("vercel.json") || vercelOnlyDependency(ctx) !== undefined || dependencyRange(ctx.packageJson, "vercel") !== undefined || /\bvercel\b/.test(scripts);
}
