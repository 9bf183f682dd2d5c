import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzip as gzipCb, gzipSync } from "node:zlib";
import type { BuildFailure, BuildOptions, BuildResult, Message, Metafile, OutputFile, Plugin } from "esbuild";
import type { Boundary } from "../project/source/boundary.js";
import { bareRoot } from "../project/source/specifiers.js";
import { fileView, VIEW_FILTER } from "../project/source/file-views.js";
import type { DeployBuild, FunctionInfo, InlineCode } from "../project/types.js";
import { runtimeDef } from "../platforms/index.js";
import { loadEsbuild } from "./esbuild-load.js";
import { inlinePlugin } from "./inline.js";
import { workspacePlugin } from "./workspace-resolve.js";

/** How one runtime resolves and bundles: functions sharing a target are bundled in one esbuild call. */
export interface BundleTarget {
  key: string;
  platform: "node" | "browser";
  conditions: string[];
  /** Workers: wrangler `rules` of the functions bundled together (files imported as text or bytes). */
  moduleRules?: Array<{ type: string; globs: string[] }>;
  /** A framework's build: its import aliases and the modules it provides at build time (FunctionInfo.build). */
  build?: FunctionInfo["build"];
  /** The deploy's own esbuild options (FunctionInfo.deployBuild). */
  deploy?: DeployBuild;
}

/** Functions are bundled together when they share a runtime and a framework build. */
export function groupKey(fn: FunctionInfo): string {
  const key = fn.build ? `${targetFor(fn).key}:${JSON.stringify(fn.build)}` : targetFor(fn).key;
  if (!fn.deployBuild) return key;
  // Functions built with the same options share an esbuild call, wherever the options were read.
  const { from: _from, ...options } = fn.deployBuild;
  return `${key}:deploy:${JSON.stringify(options)}`;
}

/** "minify, cjs, node22, external @aws-sdk/*": the options a report names beside the size. */
export function describeDeployBuild(b: DeployBuild): string {
  return [
    b.minify ? "minify" : "no minify",
    b.format,
    b.target,
    b.mainFields ? `mainFields ${b.mainFields.join(",")}` : undefined,
    b.external?.length ? `external ${b.external.join(", ")}` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
}

export function targetFor(fn: FunctionInfo): BundleTarget {
  const { bundle } = runtimeDef(fn);
  return { key: fn.runtime, platform: bundle.platform, conditions: [...bundle.conditions] };
}

export interface BuiltEntry {
  /** Absolute entry path. */
  entry: string;
  /** Output key in the metafile. */
  output: string;
  /**
   * The output's size, and gzipped. gzip is measured as each call is built (while the group's next
   * call runs), so no output's text is kept longer; or, when the group keeps its outputs (bundleGroup's
   * `keeper`), not until asked for (OutputKeeper.gzip on `kept`).
   */
  bytes: number;
  gzipBytes?: number;
  /** The output, kept for a gzip measured later (bundleGroup's `keeper`). */
  kept?: Kept;
  /** Shared by the entries of one esbuild call. */
  metafile: Metafile;
}

export interface GroupBuild {
  entries: Map<string, BuiltEntry>;
  /** Bundling errors by entry (absolute path); an entry with errors has no output. */
  errors: Map<string, Message[]>;
  /** Packages that are not installed and were left external. */
  missing: Set<string>;
}

const builtins = builtinModules.filter((m) => !m.startsWith("_"));
const builtinNames = new Set(builtins);
const gzip = promisify(gzipCb);


const assetLoaders: BuildOptions["loader"] = {
  ".css": "empty", ".scss": "empty", ".sass": "empty", ".less": "empty",
  ".png": "empty", ".jpg": "empty", ".jpeg": "empty", ".gif": "empty", ".webp": "empty", ".avif": "empty",
  ".ico": "empty", ".svg": "empty", ".woff": "empty", ".woff2": "empty", ".ttf": "empty", ".eot": "empty",
  ".node": "empty", ".wasm": "binary", ".txt": "text", ".html": "text", ".sql": "text", ".md": "text",
  // wrangler's default module rules also import .bin files as bytes.
  ".bin": "binary",
  // Framework components a server file may import: their compiled render code is not counted.
  ".svelte": "empty", ".vue": "empty", ".mdx": "empty",
};

/** The file name part of a wrangler glob (`**\/*.mustache` -> /\.mustache$/), as a regular expression. */
function globTail(glob: string): RegExp | undefined {
  const tail = glob.split("/").pop() ?? "";
  if (!tail || tail === "**") return undefined;
  const source = tail.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`(^|/)${source}$`);
}

/**
 * wrangler `rules`: files matching a Text rule are imported as strings, Data and CompiledWasm as
 * bytes, as wrangler bundles them; without this esbuild has no loader for `.mustache` or `.tpl`.
 */
function wranglerModuleRules(rules: Array<{ type: string; globs: string[] }>): Plugin {
  const loaders: Record<string, "text" | "binary"> = { Text: "text", Data: "binary", CompiledWasm: "binary" };
  const matchers = rules.flatMap((rule) => {
    const loader = loaders[rule.type];
    if (!loader) return []; // ESModule and CommonJS rules name code, which esbuild bundles anyway
    return rule.globs.flatMap((glob) => {
      const re = globTail(glob);
      return re ? [{ re, loader }] : [];
    });
  });
  return {
    name: "coldstart-wrangler-rules",
    setup(build) {
      for (const { re, loader } of matchers) {
        build.onLoad({ filter: re }, async (args) => ({ contents: await readFile(args.path), loader }));
      }
    },
  };
}

/** Files whose server code is part of the file (an .astro page's frontmatter) are bundled as their TypeScript view. */
const fileViews: Plugin = {
  name: "coldstart-file-views",
  setup(build) {
    build.onLoad({ filter: VIEW_FILTER }, async (args) => ({ contents: fileView(args.path, await readFile(args.path, "utf8")), loader: "ts" }));
  },
};

/**
 * Entries per esbuild call. esbuild links each entry of a call on its own, all of them at once, each
 * with its own copy of the syntax trees it reaches, and holds them and every output until the call
 * ends: its memory grows with the entries of a call times the code each one bundles. On dubinc/dub
 * (507 Node routes of about 200 KB minified each, nothing installed) esbuild peaked at 737 MB with
 * 100 entries a call, 428 MB with 50, 250 MB with 25: about 35 bytes per byte of the call's outputs,
 * above a 70 MB base (measured 2026-12-06 with one rule, 20 to 22 s of esbuild CPU each). A group's
 * first call is small; later calls hold about CALL_OUTPUT_BUDGET bytes of output, judged by the
 * group's bundles so far. On dub that is 20 entries a call: the audit peaked at 476 MB instead of
 * 977 (esbuild 248 MB), for 27.8 s of esbuild CPU instead of 22.1 (each call parses the files it
 * reaches again). Projects of small bundles keep calls of 100 (on the 1,000-route bench, calls of
 * 50 cost about 10% more CPU than 100).
 * A call takes at most CALL_GROWTH times the entries of the last: bundles so far are a small sample
 * when a group's first entries bundle little (vercel/ai: its docs' routes of 2 KB first, then examples'
 * of 200-700 KB), and a call of 100 such entries took esbuild to 490 MB (the audit to 640 MB).
 */
export const FIRST_CALL = 10;
export const MAX_CALL = 100;
export const CALL_OUTPUT_BUDGET = 4_000_000;
export const CALL_GROWTH = 4;

/** The entries of a group bundled so far, their outputs' bytes, and the entries of its last call. */
export interface BundledSoFar {
  entries: number;
  outputBytes: number;
  lastCall: number;
}

/** How many entries the budget lets a call take, judged by the group's bundles so far. */
function entriesInBudget(soFar: BundledSoFar): number {
  const perEntry = Math.max(1, soFar.outputBytes / soFar.entries);
  return Math.max(1, Math.min(MAX_CALL, Math.floor(CALL_OUTPUT_BUDGET / perEntry)));
}

/** How many entries the group's next esbuild call takes (see FIRST_CALL). */
export function entriesPerCall(soFar: BundledSoFar): number {
  if (soFar.entries === 0) return FIRST_CALL;
  return Math.max(1, Math.min(entriesInBudget(soFar), CALL_GROWTH * soFar.lastCall));
}

/** Whether the group's calls are limited by memory (CALL_OUTPUT_BUDGET) rather than MAX_CALL. */
export function limitedByMemory(soFar: BundledSoFar): boolean {
  return soFar.entries > 0 && entriesInBudget(soFar) < MAX_CALL;
}

/** Outputs gzipped at once (on libuv's thread pool): enough to keep a core busy, few enough to bound the buffers. */
const GZIP_AT_ONCE = 4;

/**
 * Outputs up to this size are gzipped on this thread. node:zlib's async gzip sets up a stream and
 * hops to the thread pool per call: for 1,000 outputs of 2 KB that cost about 3x the CPU of
 * gzipSync (216 against 75 ms), and at 64 KB a sync call blocks for well under a millisecond.
 */
const SYNC_GZIP_BYTES = 64_000;

/**
 * The gzip bytes of one output. gzip runs at node:zlib's defaults, as before, so the figures are
 * unchanged; only its length is kept.
 */
async function gzipBytes(contents: Uint8Array): Promise<number> {
  return (contents.byteLength <= SYNC_GZIP_BYTES ? gzipSync(contents) : await gzip(contents)).byteLength;
}

/**
 * The most bytes gzip can make of `bytes` bytes: what incompressible text costs (zlib's deflateBound,
 * rounded up, with the gzip header). A size judged within a limit at this is within it at any gzip.
 */
export function gzipBound(bytes: number): number {
  return bytes + Math.ceil(bytes / 1000) + 64;
}

/** An output kept for a gzip measured later: its text (a copy), or the file it was written to. */
export type Kept = { text: Uint8Array } | { file: string };

/**
 * Outputs up to this size are held in memory (up to HELD_BYTES in all), larger ones written to a
 * temp folder: writing and removing a file costs about as much CPU as gzipping a few tens of KB
 * (1,000 routes of 1-2 KB each: 1.0 CPU s of file writes, where gzipping all of them cost less than
 * that, 2026-12-06), while the large outputs that would strain memory are few (dubinc/dub: 98 of 514
 * outputs are under 64 KB, 1.2 MB in all, against 102 MB for every output).
 */
const HELD_OUTPUT_BYTES = 64_000;
const HELD_BYTES = 16_000_000;

/**
 * Where a run that gzips only what it prints keeps every output until it knows which it prints:
 * small ones in memory, the rest in a folder of the OS temp dir, made when the first is written and
 * removed by remove() (which the caller makes sure runs however the process ends).
 */
export class OutputKeeper {
  private held = 0;
  private files = 0;
  private folder: string | undefined;
  private removed = false;

  /** Whether a folder was made (and not yet removed). */
  get dir(): string | undefined {
    return this.removed ? undefined : this.folder;
  }

  /** Keeps an output; undefined when it cannot be (the folder cannot take it, or remove() has run). */
  async keep(text: Uint8Array): Promise<Kept | undefined> {
    if (this.removed) return undefined;
    if (text.byteLength <= HELD_OUTPUT_BYTES && this.held + text.byteLength <= HELD_BYTES) {
      this.held += text.byteLength;
      // A copy: the output is a view into esbuild's whole response, which is then let go.
      return { text: text.slice() };
    }
    try {
      this.folder ??= mkdtempSync(path.join(tmpdir(), "coldstart-outputs-"));
      const file = path.join(this.folder, `${++this.files}.js`);
      await writeFile(file, text);
      return { file };
    } catch {
      // A temp dir that cannot take it (a full disk): measured now instead.
      return undefined;
    }
  }

  /** The gzip bytes of a kept output, measured as gzipBytes does. */
  async gzip(kept: Kept): Promise<number> {
    return gzipBytes("text" in kept ? kept.text : await readFile(kept.file));
  }

  remove(): void {
    this.removed = true;
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }
}

/**
 * Dependencies declared in package.json that are not in any node_modules above the package:
 * left external from the start, so the audit works before `npm install`. Undeclared imports that
 * do not resolve are found by the first build and added on retry (a failed build has parsed all
 * it reaches, for nothing: on dubinc/dub, before installing, each cost about 0.5 s of CPU).
 * `workspaceRoots`: the folders of workspace packages bundled from their source, whose own imports
 * resolve from there. Their dependencies count when they are installed neither there nor for any
 * function's package (one a function's package has is left to the builds, as before).
 * `undeclared`: packages code imports without declaring them (frameworkModules): they count when
 * installed for none of those packages.
 */
export function uninstalledDependencies(packageRoots: string[], workspaceRoots: string[] = [], undeclared: string[] = []): Set<string> {
  const missing = new Set<string>();
  for (const pkgRoot of new Set(packageRoots)) {
    for (const name of Object.keys(declaredDependencies(pkgRoot))) if (!installed(name, pkgRoot)) missing.add(name);
  }
  const functionRoots = [...new Set(packageRoots)];
  for (const dir of new Set(workspaceRoots)) {
    for (const name of Object.keys(declaredDependencies(dir))) {
      if (!missing.has(name) && !installed(name, dir) && !functionRoots.some((r) => installed(name, r))) missing.add(name);
    }
  }
  const everyRoot = [...functionRoots, ...new Set(workspaceRoots)];
  for (const name of new Set(undeclared)) if (!everyRoot.some((r) => installed(name, r))) missing.add(name);
  // A package named as a Node built-in (`punycode`) is left external as the built-in, installed or not.
  for (const name of builtinNames) missing.delete(name);
  return missing;
}

/** The Next.js kinds of a Vercel function (a `vercel-api` file is Vercel's own). */
const NEXT_KINDS = new Set(["app-route", "metadata-route", "pages-api", "middleware", "proxy"]);

/**
 * Packages a framework's build provides, so its apps import them without declaring them: Next.js
 * aliases `server-only` and `client-only` to its own copies (next/dist/compiled), whatever is
 * installed. One that is not installed would fail the first build that reaches it, as an
 * undeclared package does (on dubinc/dub and openstatusHQ/openstatus, before installing, the
 * first call of each group): such a package is left external from the start instead, as that
 * build's retry would leave it.
 */
export function frameworkModules(functions: FunctionInfo[]): string[] {
  const next = functions.some((fn) => (fn.vercel && NEXT_KINDS.has(fn.vercel.kind)) || fn.framework?.id === "next" || fn.framework?.id.startsWith("opennext"));
  return next ? ["server-only", "client-only"] : [];
}

/** Dependencies that are the project's own code: `workspace:`, `file:`, `link:` and `portal:` versions. */
export function localDependencies(packageRoots: string[]): Set<string> {
  const local = new Set<string>();
  for (const pkgRoot of new Set(packageRoots)) {
    for (const [name, spec] of Object.entries(declaredDependencies(pkgRoot))) if (/^(workspace|file|link|portal):/.test(spec)) local.add(name);
  }
  return local;
}

function declaredDependencies(pkgRoot: string): Record<string, string> {
  let pkg: Record<string, Record<string, string> | undefined>;
  try {
    pkg = JSON.parse(readFileSync(path.join(pkgRoot, "package.json"), "utf8")) as typeof pkg;
  } catch {
    return {};
  }
  return { ...pkg.optionalDependencies, ...pkg.peerDependencies, ...pkg.devDependencies, ...pkg.dependencies };
}

function installed(name: string, from: string): boolean {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "node_modules", name))) return true;
    if (dir === path.dirname(dir)) return false;
  }
}

/**
 * Lambda layers are mounted at /opt at run time (`/opt/nodejs/...`): an import from there is
 * the layer's code, not a broken path. Matched on the import as written, so a project that
 * itself lives under /opt is still bundled.
 */
export const lambdaLayers: Plugin = {
  name: "coldstart-lambda-layers",
  setup(build) {
    build.onResolve({ filter: /^\/opt\// }, (args) => ({ path: args.path, external: true }));
  },
};

export const BOUNDARY_PLUGIN = "coldstart-boundary";

/** The boundary, and a filter matching every path it might refuse (Boundary.suspects). */
export interface LoadGuard {
  boundary: Boundary;
  suspects: RegExp;
  /** Entries whose code discovery read from a template (FunctionInfo.inline): loaded from here, not from disk. */
  inline?: ReadonlyMap<string, InlineCode>;
  /** Workspace packages (name -> folder): their imports resolve to their source, installed or not. */
  workspaces?: ReadonlyMap<string, string>;
}

/**
 * esbuild reads what the project's imports resolve to; a file the boundary refuses (an import,
 * tsconfig `paths` alias or symlink leading out of the project) fails to load instead, with the
 * import that reached it as the location. Runs before any other plugin's onLoad.
 */
function boundaryPlugin(root: string, guard: LoadGuard): Plugin {
  return {
    name: BOUNDARY_PLUGIN,
    setup(build) {
      // esbuild hands over real paths (symlinks resolved); only those the filter flags cross into JS.
      build.onLoad({ filter: guard.suspects, namespace: "file" }, (args) => {
        const why = guard.boundary.refuse(args.path);
        if (!why) return undefined;
        const rel = path.relative(root, args.path).split(path.sep).join("/");
        return { errors: [{ text: `${rel} ${why}` }] };
      });
    },
  };
}

const SOURCE = /\.([cm]?[jt]sx?)$/;

/**
 * A framework's auto-imports (Nitro's server/utils): a first-party file that uses such a name
 * without declaring or importing it gets the import appended, where it shifts no line, so the
 * bundle holds what the framework's build would.
 */
function autoImportPlugin(names: Record<string, string>): Plugin {
  const entries = Object.entries(names);
  return {
    name: "coldstart-auto-imports",
    setup(build) {
      build.onLoad({ filter: SOURCE, namespace: "file" }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const text = await readFile(args.path, "utf8");
        const added = entries.filter(([name, file]) => {
          const id = name.replace(/\$/g, "\\$");
          if (file === args.path || !new RegExp(`(?<![.\\w$])${id}(?![\\w$])`).test(text)) return false;
          return !new RegExp(`\\b(?:function\\*?|const|let|var|class|import)\\s+[^;=(]*?(?<![\\w$])${id}(?![\\w$])`).test(text);
        });
        if (added.length === 0) return undefined;
        const ext = SOURCE.exec(args.path)![1]!.replace(/^[cm]/, "");
        const lines = added.map(([name, file]) => `import { ${name} } from ${JSON.stringify(file)};`).join("\n");
        return { contents: `${text}\n${lines}\n`, loader: ext as "ts" | "tsx" | "js" | "jsx" };
      });
    },
  };
}

function options(root: string, target: BundleTarget, missing: Set<string>, guard: LoadGuard): BuildOptions {
  const own = target.platform === "node" ? [lambdaLayers] : target.moduleRules?.length ? [wranglerModuleRules(target.moduleRules)] : [];
  const auto = target.build?.autoImports && Object.keys(target.build.autoImports).length > 0 ? [autoImportPlugin(target.build.autoImports)] : [];
  const inline = guard.inline?.size ? [inlinePlugin(guard.inline)] : [];
  const workspaces = guard.workspaces?.size ? [workspacePlugin(guard.workspaces, guard.boundary, target.conditions)] : [];
  return {
    plugins: [boundaryPlugin(root, guard), ...inline, ...workspaces, fileViews, ...own, ...auto],
    absWorkingDir: root,
    outdir: "coldstart-out",
    bundle: true,
    write: false,
    metafile: true,
    minify: target.deploy?.minify ?? true,
    format: target.deploy?.format ?? "esm",
    target: target.deploy?.target ?? "es2022",
    platform: target.platform,
    // The deploy's esbuild runs with esbuild's default conditions (which include "module", picking ESM builds).
    ...(target.deploy ? {} : { conditions: target.conditions }),
    ...(target.deploy?.mainFields ? { mainFields: target.deploy.mainFields } : {}),
    ...(target.deploy?.banner ? { banner: { js: target.deploy.banner } } : {}),
    logLevel: "silent",
    legalComments: "none",
    loader: assetLoaders,
    define: { "process.env.NODE_ENV": '"production"' },
    ...(target.build?.alias ? { alias: target.build.alias } : {}),
    external: [
      ...(target.build?.external ?? []),
      ...(target.deploy?.external ?? []),
      "node:*", "cloudflare:*", "workers:*", "bun:*",
      ...builtins.flatMap((b) => [b, `${b}/*`]),
      ...[...missing].flatMap((m) => [m, `${m}/*`]),
    ],
  };
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return typeof error === "object" && error !== null && Array.isArray((error as BuildFailure).errors);
}

/**
 * Bare specifiers esbuild could not resolve: packages that are not installed. A bare name of a file
 * beside the importer (`import html from "chat.html"`, as wrangler v1 resolved modules) is not a
 * package: it stays an error, as it is for wrangler 2 and later.
 */
function unresolvedPackages(root: string, errors: Message[], boundary: Boundary): string[] {
  return errors.flatMap((e) => {
    const m = /^Could not resolve "([^"]+)"/.exec(e.text);
    if (!m || /^[./]/.test(m[1]!) || path.isAbsolute(m[1]!)) return [];
    const beside = e.location ? path.resolve(root, path.dirname(e.location.file), m[1]!) : undefined;
    return beside && !boundary.refuse(beside) && existsSync(beside) ? [] : [bareRoot(m[1]!)];
  });
}

/** coldstart's esbuild builds running now (the audit's and cost's), so the service is never stopped under one. */
let building = 0;
let started = false;

/**
 * How large esbuild's Go heap may grow before its garbage collector runs: the service process starts
 * with GOMEMLIMIT at this and GOGC=off, unless the environment sets either. Go's default collects each
 * time the heap doubles what was live, and each esbuild call starts from a small heap: on dubinc/dub
 * that was 86 collections (3.4 s of CPU, 12% of esbuild's), on the 1,000-route bench many more for its
 * size. A call's live heap stays well under this (about 110 MB at most on dub: CALL_OUTPUT_BUDGET
 * bounds it), so the heap grows to about the limit and is collected there. Measured 2026-12-06, 9
 * interleaved runs: the 1,000-route audit's CPU 2.15 -> 1.73 s, wall 1.42 -> 1.18 s (peak 215 -> 320
 * MB); on dub the collections halved (2.1 s), and esbuild's peak fell to 208-214 MB from 226-237.
 * A call whose live heap passes the limit is collected often, which Go caps at half of the CPU.
 */
const GO_HEAP_LIMIT = "200MiB";

/**
 * Calls `start` (an esbuild API call, which starts the service process first when none runs) with
 * the Go settings above in the environment the process inherits; this process's own environment is
 * as it was once `start` returns.
 */
function withGoHeapLimit<T>(start: () => T): T {
  const env = process.env;
  if (env.GOGC !== undefined || env.GOMEMLIMIT !== undefined) return start();
  env.GOGC = "off";
  env.GOMEMLIMIT = GO_HEAP_LIMIT;
  try {
    return start();
  } finally {
    delete env.GOGC;
    delete env.GOMEMLIMIT;
  }
}

/** Every esbuild build coldstart starts goes through here (see releaseEsbuild). */
export async function esbuildBuild(options: BuildOptions): Promise<BuildResult> {
  building++;
  started = true;
  try {
    const { build } = await loadEsbuild();
    return await withGoHeapLimit(() => build(options));
  } finally {
    building--;
  }
}

/**
 * Ends esbuild's service process when no build is running. Its Go heap stays as large as the
 * largest build it ran (about 140 MB after dubinc/dub's bundles) until it exits, which it otherwise
 * does only with this process; the next build starts a new one.
 */
export async function releaseEsbuild(): Promise<void> {
  if (!started) return;
  const esbuild = await loadEsbuild();
  if (building === 0) await esbuild.stop();
}

/**
 * `missing` grows while the builds given it run (the audit gives each group its own copy, so
 * another group's finds never change this one's bundles): each attempt judges its failure against
 * the set it was started with, so a package added meanwhile by a build sharing the set still
 * counts as new here (and is retried, not taken for a broken file).
 */
async function buildOnce(root: string, target: BundleTarget, entries: string[], missing: Set<string>, guard: LoadGuard, sizing: Array<Promise<void>>, keeper: OutputKeeper | undefined): Promise<Map<string, BuiltEntry>> {
  for (let attempt = 0; ; attempt++) {
    const startedWith = new Set(missing);
    try {
      const names = entries.map((_, i) => `f${i}`);
      const result = await esbuildBuild({ ...options(root, target, startedWith, guard), entryPoints: entries.map((entry, i) => ({ in: entry, out: names[i]! })) });
      const byName = new Map<string, OutputFile>((result.outputFiles ?? []).map((f) => [path.basename(f.path, ".js"), f]));
      result.outputFiles = undefined;
      // In entry order (the map's order is what callers iterate). Output sizes are known now; gzip
      // sizes are filled in by `sizing`, which starts once the group's next call has gone out.
      const built = new Map<string, BuiltEntry>();
      const contents: Array<Uint8Array | undefined> = entries.map((entry, i) => {
        const file = byName.get(names[i]!);
        if (file) built.set(entry, { entry, output: `coldstart-out/${names[i]}.js`, bytes: file.contents.byteLength, metafile: result.metafile! });
        return file?.contents;
      });
      const sized = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        // A few at a time, each output let go once sized: one call's outputs are held at most until the next call's end.
        mapLimit([...entries.keys()], GZIP_AT_ONCE, async (i) => {
          const text = contents[i];
          contents[i] = undefined;
          if (!text) return;
          const into = built.get(entries[i]!)!;
          const kept = await keeper?.keep(text);
          if (kept) {
            into.kept = kept;
            return;
          }
          into.gzipBytes = await gzipBytes(text);
        }),
      );
      // Awaited by the group before it hands the entries on; a failure then is the group's.
      sized.catch(() => undefined);
      sizing.push(sized);
      return built;
    } catch (error) {
      const fresh = isBuildFailure(error) ? unresolvedPackages(root, error.errors, guard.boundary).filter((p) => !startedWith.has(p)) : [];
      if (fresh.length === 0 || attempt > 3) throw error;
      for (const p of fresh) missing.add(p);
    }
  }
}

/** Bundles one chunk; if a broken file fails it, bundles each entry alone to tell broken from fine. */
async function bundleChunk(root: string, target: BundleTarget, entries: string[], into: GroupBuild, guard: LoadGuard, sizing: Array<Promise<void>>, keeper: OutputKeeper | undefined): Promise<void> {
  try {
    for (const [entry, built] of await buildOnce(root, target, entries, into.missing, guard, sizing, keeper)) into.entries.set(entry, built);
    return;
  } catch (error) {
    if (!isBuildFailure(error)) throw error;
    if (entries.length === 1) {
      into.errors.set(entries[0]!, error.errors);
      return;
    }
  }
  // Each entry starts from the chunk's set, and what it finds is added once all are done: an entry's
  // externals never depend on which of the others finished first.
  const own = entries.map(() => new Set(into.missing));
  await mapLimit([...entries.keys()], 4, (i) => bundleChunk(root, target, [entries[i]!], { ...into, missing: own[i]! }, guard, sizing, keeper));
  for (const set of own) for (const name of set) into.missing.add(name);
}

/**
 * Bundles a group's entries, a call at a time (entriesPerCall). `onCall` is given each call's
 * entries once they are built, while esbuild bundles the next call, so the caller can analyse them
 * then instead of after the group's last call; but only while calls are not limited by memory
 * (CALL_OUTPUT_BUDGET): with bundles that large, analysis waits until esbuild's process is gone, so
 * the two never hold their peaks at once (on dubinc/dub early analysis cost 30 MB of peak).
 * `keeper`: where each output is kept for a gzip measured later, only if asked (BuiltEntry.kept),
 * instead of gzipping every output as it is built.
 */
export async function bundleGroup(
  root: string,
  target: BundleTarget,
  entries: string[],
  missing: Set<string>,
  guard: LoadGuard,
  onCall?: (entries: string[], build: GroupBuild) => void,
  keeper?: OutputKeeper,
): Promise<GroupBuild> {
  const into: GroupBuild = { entries: new Map(), errors: new Map(), missing };
  const readable = entries.filter((entry) => {
    if (existsSync(entry) || guard.inline?.has(entry)) return true;
    into.errors.set(entry, [{ id: "", pluginName: "", text: "The entry file does not exist", location: null, notes: [], detail: undefined }]);
    return false;
  });
  const soFar: BundledSoFar = { entries: 0, outputBytes: 0, lastCall: 0 };
  // The last call: its entries, the gzip sizing of its outputs, and whether onCall gets them.
  let previous: { chunk: string[]; sizing: Array<Promise<void>>; handOn: boolean } | undefined;
  const finish = async (call: NonNullable<typeof previous>) => {
    await Promise.all(call.sizing);
    if (call.handOn) onCall?.(call.chunk, into);
  };
  for (let i = 0; i < readable.length; ) {
    const chunk = readable.slice(i, (i += entriesPerCall(soFar)));
    const sizing: Array<Promise<void>> = [];
    const call = bundleChunk(root, target, chunk, into, guard, sizing, keeper);
    // Awaited below; marked handled now, as its failure may come while the last call is finished.
    call.catch(() => undefined);
    if (previous) {
      // The call's request goes out to esbuild first (it is sent a few promise steps in); then the
      // last call's outputs are gzipped and its entries handed on while esbuild bundles this one.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await finish(previous);
    }
    await call;
    soFar.lastCall = chunk.length;
    for (const entry of chunk) {
      const built = into.entries.get(entry);
      if (!built) continue;
      soFar.entries++;
      soFar.outputBytes += built.bytes;
    }
    previous = { chunk, sizing, handOn: !limitedByMemory(soFar) };
  }
  if (previous) await finish(previous);
  return into;
}

export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
