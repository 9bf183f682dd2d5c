import { existsSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import type { BuildFailure, BuildOptions, Message, Metafile, OutputFile, Plugin } from "esbuild";
import type { FunctionInfo } from "../project/types.js";

/** How one runtime resolves and bundles: functions sharing a target are bundled in one esbuild call. */
export interface BundleTarget {
  key: string;
  platform: "node" | "browser";
  conditions: string[];
}

export function targetFor(fn: FunctionInfo): BundleTarget {
  if (fn.runtime === "workerd") return { key: "workerd", platform: "browser", conditions: ["workerd", "worker", "browser"] };
  if (fn.runtime === "edge") return { key: "edge", platform: "browser", conditions: ["edge-light", "worker", "browser"] };
  return { key: "node", platform: "node", conditions: ["node"] };
}

export interface BuiltEntry {
  /** Absolute entry path. */
  entry: string;
  /** Output key in the metafile. */
  output: string;
  contents: Uint8Array;
}

export interface GroupBuild {
  metafile: Metafile | undefined;
  entries: Map<string, BuiltEntry>;
  /** Bundling errors by entry (absolute path); an entry with errors has no output. */
  errors: Map<string, Message[]>;
  /** Bare specifiers that did not resolve and were left external. */
  missing: Set<string>;
}

const builtins = new Set(builtinModules.filter((m) => !m.startsWith("_")));

export function isBuiltin(specifier: string): boolean {
  if (specifier.startsWith("node:")) return true;
  return builtins.has(specifier) || builtins.has(specifier.split("/")[0]!);
}

const assetLoaders: BuildOptions["loader"] = {
  ".css": "empty", ".scss": "empty", ".sass": "empty", ".less": "empty",
  ".png": "empty", ".jpg": "empty", ".jpeg": "empty", ".gif": "empty", ".webp": "empty", ".avif": "empty",
  ".ico": "empty", ".svg": "empty", ".woff": "empty", ".woff2": "empty", ".ttf": "empty", ".eot": "empty",
  ".node": "empty", ".wasm": "binary", ".txt": "text", ".html": "text", ".sql": "text", ".md": "text",
};

/**
 * Node built-ins and `cloudflare:` modules stay external; a bare specifier that does not resolve
 * (not installed yet) is left external and recorded, so the audit works before `npm install`.
 */
function externalsPlugin(missing: Set<string>): Plugin {
  return {
    name: "coldstart-externals",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === "coldstart-inner" || path.isAbsolute(args.path)) return undefined;
        if (isBuiltin(args.path) || /^(cloudflare|workers|bun|deno):/.test(args.path)) return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "coldstart-inner",
        });
        if (resolved.errors.length === 0) return resolved;
        missing.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
}

function baseOptions(root: string, target: BundleTarget, missing: Set<string>): BuildOptions {
  return {
    absWorkingDir: root,
    outdir: "coldstart-out",
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: "esm",
    target: "es2022",
    platform: target.platform,
    conditions: target.conditions,
    logLevel: "silent",
    legalComments: "none",
    loader: assetLoaders,
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [externalsPlugin(missing)],
  };
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return typeof error === "object" && error !== null && Array.isArray((error as BuildFailure).errors);
}

async function buildOnce(root: string, target: BundleTarget, entries: string[], missing: Set<string>) {
  const { build } = await import("esbuild");
  const names = entries.map((_, i) => `f${i}`);
  const result = await build({
    ...baseOptions(root, target, missing),
    entryPoints: entries.map((entry, i) => ({ in: entry, out: names[i]! })),
  });
  const byName = new Map<string, OutputFile>((result.outputFiles ?? []).map((f) => [path.basename(f.path, ".js"), f]));
  const built = new Map<string, BuiltEntry>();
  entries.forEach((entry, i) => {
    const file = byName.get(names[i]!);
    if (file) built.set(entry, { entry, output: `coldstart-out/${names[i]}.js`, contents: file.contents });
  });
  return { metafile: result.metafile, built };
}

/**
 * Bundles every entry of one target in a single esbuild call. One broken file fails the whole
 * call, so on failure each entry is bundled on its own to tell the broken ones from the rest.
 */
export async function bundleGroup(root: string, target: BundleTarget, entries: string[]): Promise<GroupBuild> {
  const missing = new Set<string>();
  const errors = new Map<string, Message[]>();
  const readable = entries.filter((entry) => {
    if (existsSync(entry)) return true;
    errors.set(entry, [{ id: "", pluginName: "", text: "The entry file does not exist", location: null, notes: [], detail: undefined }]);
    return false;
  });
  try {
    const { metafile, built } = await buildOnce(root, target, readable, missing);
    return { metafile, entries: built, errors, missing };
  } catch (error) {
    if (!isBuildFailure(error)) throw error;
    if (readable.length === 1) {
      errors.set(readable[0]!, error.errors);
      return { metafile: undefined, entries: new Map(), errors, missing };
    }
  }
  const good: string[] = [];
  await mapLimit(readable, 4, async (entry) => {
    try {
      await buildOnce(root, target, [entry], missing);
      good.push(entry);
    } catch (error) {
      if (!isBuildFailure(error)) throw error;
      errors.set(entry, error.errors);
    }
  });
  if (good.length === 0) return { metafile: undefined, entries: new Map(), errors, missing };
  const ordered = readable.filter((entry) => good.includes(entry));
  const { metafile, built } = await buildOnce(root, target, ordered, missing);
  return { metafile, entries: built, errors, missing };
}

export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
