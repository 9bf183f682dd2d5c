import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import * as z from "zod";
import type { Boundary } from "../../project/source/boundary.js";
import { uninstalledDependencies } from "../bundle.js";
import type { AuditResult } from "../result.js";
import { sha256, slotOf, type CacheStore } from "./store.js";

/**
 * The whole audit's result, reused when nothing it depends on changed: every file of the project
 * (names and contents, as discovery walks it), every other path a boundary was asked about during
 * the run (a hidden config, a sibling package, an installed package esbuild read), which declared
 * dependencies are not installed, and the options, config and versions in the slot's name.
 */
export interface RunCache {
  /** The stored result, or undefined when anything it depends on differs. */
  hit(): AuditResult | undefined;
  /** Stores `result` with what the run looked at: the bundles' input files and the functions' packages. */
  save(result: AuditResult, looked: { inputs: Iterable<string>; packageRoots: string[]; workspaceRoots: string[]; undeclared: string[] }): void;
}

const finding = z.looseObject({
  ruleId: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  file: z.string(),
  line: z.number(),
  column: z.number(),
  function: z.string().optional(),
  functions: z.array(z.string()).optional(),
  chain: z.array(z.string()).optional(),
});
const note = z.looseObject({ message: z.string(), file: z.string(), line: z.number() });
const location = z.looseObject({ file: z.string(), line: z.number() });
/** A function's bundle figures, as reports print them. */
export const bundleSchema = z.looseObject({
  bytes: z.number(),
  /** Absent when the run that stored it did not measure it (see AuditOptions.gzipFor). */
  gzipBytes: z.number().optional(),
  topInputs: z.array(z.looseObject({ path: z.string(), bytes: z.number() })),
  packages: z.array(z.looseObject({ name: z.string(), bytes: z.number() })),
  missingPackages: z.array(z.string()),
  source: z.string(),
});
/** What reporters read of a result: a well-formed entry with a broken shape is still ignored, not printed. */
const resultSchema = z.looseObject({
  root: z.string(),
  functions: z.array(z.looseObject({ id: z.string(), platform: z.string(), runtime: z.string(), entry: z.string(), config: location, bundle: bundleSchema.optional() })),
  findings: z.array(finding),
  unfiltered: z.array(finding),
  notes: z.array(note),
  rules: z.array(z.looseObject({ id: z.string(), description: z.string(), defaultSeverity: z.string(), docsUrl: z.string() })),
  excerpts: z.record(z.string(), z.record(z.string(), z.string())),
  summary: z.looseObject({ functions: z.number(), files: z.number(), findings: z.number(), bySeverity: z.record(z.string(), z.number()), byRule: z.record(z.string(), z.number()) }),
});
const entrySchema = z.object({
  files: z.string(),
  probes: z.array(z.tuple([z.string(), z.string()])),
  uninstalled: z.object({ roots: z.array(z.string()), workspaces: z.array(z.string()), undeclared: z.array(z.string()), names: z.array(z.string()) }),
  result: resultSchema,
});

/** stateOf, once per path and run: a module that every bundle reads is hashed once. */
export function statesIn(boundary: Boundary): (abs: string) => string {
  const seen = new Map<string, string>();
  return (abs) => {
    let state = seen.get(abs);
    if (state === undefined) seen.set(abs, (state = stateOf(abs, boundary)));
    return state;
  };
}

/** What a path looked like to a run: a file's content hash, a folder, missing, or refused and why (never read then). */
function stateOf(abs: string, boundary: Boundary): string {
  const why = boundary.refuse(abs);
  if (why) return `refused: ${why}`;
  try {
    if (statSync(abs).isDirectory()) return "folder";
    return sha256(readFileSync(abs));
  } catch {
    return "missing";
  }
}

/**
 * `walk`: the state of every file discovery walks (path relative to `root` -> stateOf), the links
 * it did not follow, and every path the run asked a boundary about; `parts`: everything else the result depends on (options, config, versions).
 */
export function runCache(
  store: CacheStore,
  root: string,
  state: (abs: string) => string,
  walk: { states: Map<string, string>; refused: unknown; judged: ReadonlySet<string> },
  parts: unknown,
): RunCache {
  const walked = new Set([...walk.states.keys()].map((rel) => path.join(root, rel)));
  const files = slotOf([walk.refused, ...walk.states]);
  const slot = slotOf({ root, parts });
  return {
    hit() {
      const entry = store.read("run", slot, entrySchema);
      if (!entry || entry.files !== files) return undefined;
      if (entry.probes.some(([abs, was]) => state(abs) !== was)) return undefined;
      const { roots, workspaces, undeclared, names } = entry.uninstalled;
      if ([...uninstalledDependencies(roots, workspaces, undeclared)].sort().join("\n") !== names.join("\n")) return undefined;
      return entry.result as unknown as AuditResult;
    },
    save(result, looked) {
      const paths = new Set([...walk.judged, ...looked.inputs]);
      // esbuild reads an installed package's package.json itself to resolve it.
      for (const input of looked.inputs) {
        const at = input.lastIndexOf(`${path.sep}node_modules${path.sep}`);
        if (at < 0) continue;
        const rest = input.slice(at + 14).split(path.sep);
        paths.add(path.join(input.slice(0, at + 14), ...rest.slice(0, rest[0]!.startsWith("@") ? 2 : 1), "package.json"));
      }
      const probes = [...paths].filter((abs) => !walked.has(abs)).sort().map((abs) => [abs, state(abs)] as [string, string]);
      const roots = [...new Set(looked.packageRoots)].sort();
      const workspaces = [...new Set(looked.workspaceRoots)].sort();
      const undeclared = [...new Set(looked.undeclared)].sort();
      const names = [...uninstalledDependencies(roots, workspaces, undeclared)].sort();
      const rules = result.rules.map((r) => ({ id: r.id, description: r.description, defaultSeverity: r.defaultSeverity, platforms: r.platforms, ...(r.runtimes ? { runtimes: r.runtimes } : {}), docsUrl: r.docsUrl }));
      store.write("run", slot, { files, probes, uninstalled: { roots, workspaces, undeclared, names }, result: { ...result, rules } });
    },
  };
}
