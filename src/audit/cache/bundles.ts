import path from "node:path";
import type { Metafile } from "esbuild";
import * as z from "zod";
import type { BuiltEntry } from "../bundle.js";
import { sharedOf, type EntryGraph } from "../graph.js";
import type { ExternalImport } from "../types.js";
import { bundleSchema } from "./run.js";
import { slotOf, type CacheStore } from "./store.js";

/**
 * One function's bundle analysis (sizes, gzip, import graph), reused while every file its bundle
 * read is unchanged: the slot names the entry, the build options, the packages left external and
 * the versions; the entry holds each input's content hash, so editing any file a bundle read
 * rebuilds that bundle and no other.
 */
export interface BundleCache {
  /** The stored analysis and the files its bundle read, when none of them changed. */
  get(entry: string, group: unknown): { graph: EntryGraph; inputs: string[] } | undefined;
  put(entry: string, group: unknown, built: BuiltEntry, graph: EntryGraph): void;
  /** Adds the gzip size measured after the bundle was stored (an audit measures it only where asked). */
  setGzip(entry: string, group: unknown, gzipBytes: number): void;
}

const pair = z.tuple([z.string(), z.string()]);
const entrySchema = z.object({
  inputs: z.array(pair),
  graph: z.object({
    files: z.array(z.string()),
    parent: z.array(pair),
    externalImports: z.array(z.looseObject({ importer: z.string(), specifier: z.string(), kind: z.string(), missing: z.boolean() })),
    bundle: bundleSchema,
    shaken: z.array(z.string()),
    imports: z.array(z.tuple([z.string(), z.array(z.object({ specifier: z.string(), target: z.string() }))])),
  }),
});

/** `parts`: what every bundle of this run depends on besides its inputs (versions, externals, resolution config). */
export function bundleCache(store: CacheStore, root: string, state: (abs: string) => string, parts: unknown): BundleCache {
  const slot = (entry: string, group: unknown) => slotOf({ root, parts, group, entry });
  return {
    get(entry, group) {
      const stored = store.read("bundle", slot(entry, group), entrySchema);
      if (!stored || stored.inputs.some(([abs, was]) => state(abs) !== was)) return undefined;
      const g = stored.graph;
      const graph: EntryGraph = {
        files: g.files,
        parent: new Map(g.parent),
        externalImports: g.externalImports as ExternalImport[],
        bundle: g.bundle,
        shaken: new Set(g.shaken),
        imports: new Map(g.imports),
      };
      return { graph, inputs: stored.inputs.map(([abs]) => abs) };
    },
    put(entry, group, built, graph) {
      const inputs = readBy(built, root).map((abs) => [abs, state(abs)]);
      const { files, parent, externalImports, bundle, shaken, imports } = graph;
      store.write("bundle", slot(entry, group), {
        inputs,
        graph: { files, parent: [...parent], externalImports, bundle, shaken: [...shaken], imports: [...imports] },
      });
    },
    setGzip(entry, group, gzipBytes) {
      const at = slot(entry, group);
      const stored = store.read("bundle", at, entrySchema);
      if (!stored) return;
      stored.graph.bundle.gzipBytes = gzipBytes;
      store.write("bundle", at, stored);
    },
  };
}

/** Every file the bundle of `built` read: its entry and what that imports, transitively, in the metafile. */
export function readBy(built: BuiltEntry, root: string): string[] {
  const metafile: Metafile = built.metafile;
  const entryRel = metafile.outputs[built.output]?.entryPoint ?? path.relative(root, built.entry).split(path.sep).join("/");
  const order = [entryRel];
  const seen = new Set(order);
  for (let i = 0; i < order.length; i++) {
    for (const imp of metafile.inputs[order[i]!]?.imports ?? []) {
      if (imp.external || seen.has(imp.path) || !metafile.inputs[imp.path]) continue;
      seen.add(imp.path);
      order.push(imp.path);
    }
  }
  // Inline code and esbuild's own namespaces (`dataurl:`) are not files; inline text is in the slot.
  const abs = sharedOf(metafile, root).abs;
  return order.filter((rel) => !/^(?:\(disabled\)|dataurl|coldstart-inline):/.test(rel)).map(abs);
}
