/**
 * What a package's package.json says, read once per package by discovery (`ctx.packageJson`), and
 * where it says it, for located notes. The one place that knows the dependency fields.
 */
import path from "node:path";
import { isRecord, loc, type ScanContext } from "../context.js";
import { readText } from "../files.js";
import { parseJsonc } from "../formats/jsonc.js";
import type { SourceLocation } from "../types.js";

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies"] as const;

/** The range a package declares for a dependency, in any dependency field. */
export function dependencyRange(pkg: Record<string, unknown> | undefined, name: string): string | undefined {
  for (const field of DEPENDENCY_FIELDS) {
    const deps = pkg?.[field];
    if (isRecord(deps) && typeof deps[name] === "string") return deps[name];
  }
  return undefined;
}

/** The package's dependencies whose names pass `test`, sorted. */
export function dependenciesLike(ctx: ScanContext, test: (name: string) => boolean): string[] {
  const out = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = ctx.packageJson?.[field];
    if (isRecord(deps)) for (const name of Object.keys(deps)) if (test(name)) out.add(name);
  }
  return [...out].sort();
}

/** The major version a range or version allows first: `^15.2.0` -> 15, `15.x` -> 15. */
export function majorOf(range: unknown): number | undefined {
  if (typeof range !== "string") return undefined;
  const match = /(\d+)(?:\.[\dx*]+)*/.exec(range);
  return match ? Number(match[1]) : undefined;
}

/** The installed version of a dependency (node_modules of the package or a folder above it, inside the project), else the version its range pins. */
export async function installedVersion(ctx: ScanContext, name: string): Promise<string | undefined> {
  for (let dir = ctx.pkgRoot; dir.startsWith(ctx.root); dir = path.dirname(dir)) {
    const installed = await readText(path.join(dir, "node_modules", name, "package.json"), ctx.boundary);
    if (installed.ok) {
      try {
        const version = (JSON.parse(installed.text) as { version?: unknown }).version;
        if (typeof version === "string") return version;
      } catch {
        // fall back to the declared range
      }
    }
    if (dir === ctx.root || path.dirname(dir) === dir) break;
  }
  return dependencyRange(ctx.packageJson, name)?.replace(/^[\^~=v\s]+/, "");
}

/** Where a key of the package's package.json is written (`scripts.build`, `dependencies.@shopify/hydrogen`), else its first line. */
export async function packageJsonAt(ctx: ScanContext, keys: string[]): Promise<SourceLocation> {
  const abs = path.join(ctx.pkgRoot, "package.json");
  const text = await readText(abs, ctx.boundary);
  const parsed = text.ok ? parseJsonc(text.text) : undefined;
  return loc(ctx, abs, parsed?.ok ? parsed.doc.positionOf(keys) : 1);
}

/** Where package.json declares a dependency, for notes and `targetAt`. */
export async function dependencyAt(ctx: ScanContext, name: string): Promise<SourceLocation> {
  const field = DEPENDENCY_FIELDS.find((f) => isRecord(ctx.packageJson?.[f]) && name in (ctx.packageJson[f]));
  return packageJsonAt(ctx, field ? [field, name] : []);
}

/** `NAME=value` set for a command in package.json scripts (`NITRO_PRESET=vercel nuxt build`), with the script's name. */
export function scriptEnv(ctx: ScanContext, names: string[]): Array<{ script: string; value: string }> {
  const scripts = ctx.packageJson?.scripts;
  if (!isRecord(scripts)) return [];
  const out: Array<{ script: string; value: string }> = [];
  for (const [script, command] of Object.entries(scripts)) {
    if (typeof command !== "string") continue;
    for (const name of names) {
      const re = new RegExp(`(?:^|[\\s;&|(])(?:export\\s+)?${name}=(['"]?)([\\w.-]+)\\1`, "g");
      for (const m of command.matchAll(re)) out.push({ script, value: m[2]! });
    }
  }
  return out;
}
