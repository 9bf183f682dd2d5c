import path from "node:path";
import type { Metafile } from "esbuild";
import type { BundleInfo, ExternalImport } from "./types.js";
import { directiveOf } from "../project/source/module-shape.js";
import type { BuiltEntry } from "./bundle.js";
import { aliasLabel, bareRoot, isPackageName } from "../project/source/specifiers.js";
import { CODE_OR_JSON } from "../project/source/extensions.js";
import { VIEW_FILTER } from "../project/source/file-views.js";
import { inputPath } from "./inline.js";
import { typeOnlyReexports } from "./type-only-exports.js";

/** One function's view of a metafile: what it reaches, how, and what ends up in its output. */
export interface EntryGraph {
  /** Absolute paths of first-party inputs, entry first, in breadth-first order. */
  files: string[];
  /** Absolute path -> absolute path of the file that first imported it (breadth-first, so shortest chains). */
  parent: Map<string, string>;
  externalImports: ExternalImport[];
  bundle: BundleInfo;
  /** First-party files esbuild tree-shook out of this bundle entirely: nothing in them runs. */
  shaken: Set<string>;
  /** First-party imports as esbuild resolved them: importer -> [{ specifier as written, target }] (absolute). */
  imports: Map<string, Array<{ specifier: string; target: string }>>;
}

const TOP_INPUTS = 10;

/** Code (and JSON), and files whose code is part of the file (an .astro page's frontmatter, read through its view). */
const CODE_FILE = new RegExp(`${CODE_OR_JSON.source}|${VIEW_FILTER.source}`, "i");

/** A path segment `node_modules` (not `my_node_modules`). */
const IN_PACKAGE = /(?:^|\/)node_modules\//g;
/**
 * esbuild prefixes inputs from other namespaces with `<namespace>:`; coldstart's own (inline code,
 * `coldstart-inline:`) is first-party. A file whose name holds a colon (`src/a:b.ts`) is still a file.
 */
const OTHER_NAMESPACE = /^(?:\(disabled\)|dataurl):/;

export function isFirstParty(relInput: string): boolean {
  IN_PACKAGE.lastIndex = 0;
  return !IN_PACKAGE.test(relInput) && !OTHER_NAMESPACE.test(relInput);
}

/** `node_modules/@scope/name/...` -> `@scope/name`; first-party -> `(project)`. */
export function packageOf(relInput: string): string {
  let at = -1;
  IN_PACKAGE.lastIndex = 0;
  for (let m = IN_PACKAGE.exec(relInput); m; m = IN_PACKAGE.exec(relInput)) at = m.index + m[0].length;
  if (at < 0) return "(project)";
  const parts = relInput.slice(at).split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * What the entries of one esbuild call share while their graphs are walked: each input's absolute
 * path (one string for every function that reaches it, and path.resolve once), and each file's
 * type-only re-exports. Dropped with the metafile.
 */
interface Shared {
  abs: (rel: string) => string;
  typeOnly: (rel: string, text: (abs: string) => string | undefined) => Set<string>;
  /** What analyzeEntry reads of an input's imports, the same for every entry that reaches it (`text` given or not). */
  edges: (rel: string, text: ((abs: string) => string | undefined) | undefined) => Edges;
  /** Whether an input is first-party code (or JSON) the rules check. */
  checked: (rel: string) => boolean;
  packageOf: (rel: string) => string;
}

/** An input's imports as analyzeEntry follows them, each list in import order. */
interface Edges {
  /** First-party imports of a first-party input, as EntryGraph.imports holds them (shared by every entry: never changed). */
  imports: Array<{ specifier: string; target: string }>;
  /** Inputs it imports that the metafile lists, type-only re-exports left out. */
  next: string[];
  externals: Array<{ path: string; specifier: string; kind: ExternalImport["kind"]; root: string }>;
}

const sharedByMetafile = new WeakMap<Metafile, Map<string, Shared>>();

export function sharedOf(metafile: Metafile, root: string): Shared {
  let byRoot = sharedByMetafile.get(metafile);
  if (!byRoot) sharedByMetafile.set(metafile, (byRoot = new Map<string, Shared>()));
  let shared = byRoot.get(root);
  if (shared) return shared;
  const paths = new Map<string, string>();
  const reexports = new Map<string, Set<string>>();
  const edgesWithText = new Map<string, Edges>();
  const edgesWithout = new Map<string, Edges>();
  const checkedInputs = new Map<string, boolean>();
  const firstParty = new Map<string, boolean>();
  const packages = new Map<string, string>();
  const abs = (rel: string): string => {
    let p = paths.get(rel);
    if (p === undefined) paths.set(rel, (p = inputPath(root, rel)));
    return p;
  };
  const isOwn = (rel: string): boolean => {
    let own = firstParty.get(rel);
    if (own === undefined) firstParty.set(rel, (own = isFirstParty(rel)));
    return own;
  };
  const typeOnly = (rel: string, text: (abs: string) => string | undefined): Set<string> => {
    let found = reexports.get(rel);
    if (!found) reexports.set(rel, (found = typeOnlyReexports(rel, text(abs(rel)))));
    return found;
  };
  shared = {
    abs,
    typeOnly,
    edges(rel, text) {
      const known = text ? edgesWithText : edgesWithout;
      let edges = known.get(rel);
      if (edges) return edges;
      edges = { imports: [], next: [], externals: [] };
      const skip = text && isOwn(rel) ? typeOnly(rel, text) : undefined;
      for (const imp of metafile.inputs[rel]?.imports ?? []) {
        if (!imp.external && skip?.has(imp.original ?? "")) continue;
        if (imp.external) {
          const specifier = imp.original ?? imp.path;
          edges.externals.push({ path: imp.path, specifier, kind: imp.kind, root: bareRoot(specifier) });
          continue;
        }
        if (isOwn(imp.path) && isOwn(rel)) edges.imports.push({ specifier: imp.original ?? imp.path, target: abs(imp.path) });
        if (metafile.inputs[imp.path]) edges.next.push(imp.path);
      }
      known.set(rel, edges);
      return edges;
    },
    checked(rel) {
      let checked = checkedInputs.get(rel);
      if (checked === undefined) checkedInputs.set(rel, (checked = isOwn(rel) && CODE_FILE.test(rel)));
      return checked;
    },
    packageOf(rel) {
      let name = packages.get(rel);
      if (name === undefined) packages.set(rel, (name = packageOf(rel)));
      return name;
    },
  };
  byRoot.set(root, shared);
  return shared;
}

/**
 * `text` reads a first-party file, to leave out the edges esbuild follows but TypeScript erases
 * (type-only re-exports). Only what reaches the output counts: an external import whose importer
 * contributes no bytes, or that the output does not import, was tree-shaken or erased with it.
 */
export function analyzeEntry(root: string, built: BuiltEntry, missing: Set<string>, text?: (abs: string) => string | undefined): EntryGraph {
  const metafile = built.metafile;
  const shared = sharedOf(metafile, root);
  const abs = shared.abs;
  const output = metafile.outputs[built.output];
  const entryRel = output?.entryPoint ?? path.relative(root, built.entry).split(path.sep).join("/");
  const outputExternals = output ? new Set(output.imports.filter((i) => i.external).map((i) => i.path)) : undefined;
  const inOutput = (rel: string, specifier: string) =>
    !output || ((rel === entryRel || (output.inputs[rel]?.bytesInOutput ?? 0) > 0) && outputExternals!.has(specifier));
  const parentRel = new Map<string, string>();
  const order: string[] = [entryRel];
  const seen = new Set(order);
  const externalImports: ExternalImport[] = [];
  const imports = new Map<string, Array<{ specifier: string; target: string }>>();
  // Each input's edges are read once per metafile (Shared.edges); only the walk over them is this entry's.
  for (let i = 0; i < order.length; i++) {
    const rel = order[i]!;
    const edges = shared.edges(rel, text);
    if (edges.imports.length > 0) {
      const earlier = imports.get(abs(rel));
      imports.set(abs(rel), earlier ? [...earlier, ...edges.imports] : edges.imports);
    }
    for (const ext of edges.externals) {
      if (!inOutput(rel, ext.path)) continue;
      externalImports.push({ importer: abs(rel), specifier: ext.specifier, kind: ext.kind, missing: missing.has(ext.root) });
    }
    for (const next of edges.next) {
      if (seen.has(next)) continue;
      seen.add(next);
      parentRel.set(next, rel);
      order.push(next);
    }
  }

  // Only code (and JSON) is checked: a template or page imported as text (`import page from "./page.html"`)
  // is a string to the function, even when it holds browser JavaScript.
  const files = order.filter(shared.checked).map(abs);
  const parent = new Map<string, string>();
  for (const [child, p] of parentRel) parent.set(abs(child), abs(p));

  const shaken = new Set(order.slice(1).filter((rel) => shared.checked(rel) && !(output?.inputs[rel]?.bytesInOutput)).map(abs));
  const inputs = Object.entries(output?.inputs ?? {}).map(([p, v]) => ({ path: p, bytes: v.bytesInOutput }));
  inputs.sort((a, b) => b.bytes - a.bytes);
  const byPackage = new Map<string, number>();
  for (const input of inputs) {
    const name = shared.packageOf(input.path);
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytes);
  }
  const packages = [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  const unresolved = [...new Set(externalImports.filter((e) => e.missing).map((e) => bareRoot(e.specifier)))].sort();
  const missingPackages = unresolved.filter(isPackageName);
  const unresolvedAliases = unresolved.filter((root) => !isPackageName(root)).map(aliasLabel);

  return {
    files,
    parent,
    shaken,
    imports,
    externalImports,
    bundle: {
      bytes: built.bytes,
      gzipBytes: built.gzipBytes,
      topInputs: inputs.slice(0, TOP_INPUTS).filter((i) => i.bytes > 0),
      inputs: inputs.filter((i) => i.bytes > 0),
      packages,
      missingPackages,
      ...(unresolvedAliases.length > 0 ? { unresolvedAliases } : {}),
      source: "esbuild bundle (minified, ESM, runtime conditions), gzip via node:zlib",
    },
  };
}

/** Chain from the entry to `file` as relative paths, entry first. */
export function chainFrom(root: string, parent: Map<string, string>, file: string): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let at: string | undefined = file; at !== undefined && !seen.has(at); at = parent.get(at)) {
    seen.add(at);
    chain.unshift(path.relative(root, at).split(path.sep).join("/"));
  }
  return chain;
}

/**
 * The files that run on the server: with React Server Components (Next.js, OpenNext), a module
 * starting with `"use client"` and what only it imports run in the browser (their effects and
 * handlers never on the server), so rules leave them out. Sizes still count them (SSR bundles them).
 */
export function serverSideFiles(entry: string, files: string[], imports: EntryGraph["imports"], text: (abs: string) => string | undefined): string[] {
  const client = files.filter((f) => f !== entry && directiveOf(text(f) ?? "") === "use client");
  if (client.length === 0) return files;
  const boundary = new Set(client);
  const reached = new Set([entry]);
  const queue = [entry];
  for (let i = 0; i < queue.length; i++) {
    for (const { target } of imports.get(queue[i]!) ?? []) {
      if (reached.has(target) || boundary.has(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  return files.filter((f) => reached.has(f));
}
