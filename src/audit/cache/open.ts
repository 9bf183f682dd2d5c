import { createRequire } from "node:module";
import path from "node:path";
import { listFiles, type FileList } from "../../project/files.js";
import { within, type Boundary } from "../../project/source/boundary.js";
import { bundleCache, type BundleCache } from "./bundles.js";
import { fileFacts, type FileFacts } from "./files.js";
import { runCache, statesIn, type RunCache } from "./run.js";
import { openCache, slotOf, type CacheOptions } from "./store.js";

export type { CacheOptions };

/** Files that change how esbuild resolves an import: every cached bundle depends on them. */
const RESOLUTION = /(?:^|\/)(?:package\.json|[jt]sconfig[^/]*\.json)$/;

/**
 * The caches of one audit: `run` (the whole result) only when `whole` (nothing but the project,
 * its config and the options `key` holds decide the result), told every path the run asked the
 * boundary about (`judged`); `bundles` and `files` (facts of one file's text) always. Undefined when the cache
 * folder may not be used (see openCache). `boundary` is the run's, for `root`. `listing` is the
 * walk of the project, for discovery to reuse, when it is the walk discovery would make.
 */
export function openAuditCache(
  root: string,
  options: CacheOptions,
  run: { key: unknown; whole: boolean; judged: ReadonlySet<string> },
  boundary: Boundary,
): { run?: RunCache; bundles: BundleCache; files: FileFacts; listing?: FileList } | undefined {
  const store = openCache(boundary.root, options);
  if (!store) return undefined;
  // The cache folder may be inside the project (`--cache-dir .coldstart-cache`): its own files are not the project's.
  const storeInside = store.dir !== root && within(root, store.dir);
  const walk = listFiles(root, boundary, new Set(storeInside ? [store.dir] : []));
  const state = statesIn(boundary);
  const states = new Map(walk.files.map((rel) => [rel, state(path.join(root, rel))]));
  const versions = { node: process.version, esbuild: esbuildVersion() };
  const resolution = slotOf([...states].filter(([rel]) => RESOLUTION.test(rel)));
  return {
    ...(run.whole ? { run: runCache(store, root, state, { states, refused: walk.refused, judged: run.judged }, { key: run.key, versions }) } : {}),
    bundles: bundleCache(store, root, state, { versions, resolution }),
    files: fileFacts(store),
    ...(storeInside ? {} : { listing: walk }),
  };
}

function esbuildVersion(): string {
  try {
    return (createRequire(import.meta.url)("esbuild/package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}
