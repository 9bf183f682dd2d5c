import { readFileSync } from "node:fs";
import path from "node:path";
import type { Message } from "esbuild";
import * as z from "zod";
import type { Project as MorphProject, SourceFile, ts as TS } from "ts-morph";
import type { Boundary } from "../project/source/boundary.js";
import { sharedRead } from "../project/files.js";
import { fileView } from "../project/source/file-views.js";
import type { FunctionInfo, InlineCode } from "../project/types.js";
import { bundleGroup, type BuiltEntry, type BundleTarget, describeDeployBuild, frameworkModules, groupKey, type Kept, localDependencies, mapLimit, OutputKeeper, releaseEsbuild, targetFor, uninstalledDependencies } from "./bundle.js";
import { scanRelativeGraph } from "./fallback-graph.js";
import { analyzeEntry, chainFrom, serverSideFiles, type EntryGraph } from "./graph.js";
import { readBy, type BundleCache } from "./cache/bundles.js";
import type { FileFacts } from "./cache/files.js";
import type { FileFact, FunctionContext } from "./types.js";
import { parseWalkable, requireTsMorph, requireTypeScript, sharedTree } from "../project/source/typescript.js";

/** Files read once per audit; ts-morph source files created only when a rule asks for one. */
export class FileCache {
  private sourceTexts = new Map<string, string | undefined>();
  private texts = new Map<string, string | undefined>();
  private sources = new Map<string, SourceFile | undefined>();
  private asts = new Map<string, TS.SourceFile | undefined>();
  /** Trees parsed ahead of the rules (warm), taken by ast() when the text is still the same. */
  private warmed = new Map<string, { text: string; parsed: { sf: TS.SourceFile } | { why: string } }>();
  private project: MorphProject | undefined;
  /** Inline code by its virtual entry path (FunctionInfo.inline): read from discovery, never from disk. */
  readonly inline = new Map<string, InlineCode>();
  /** Files the rules could not be given, with why (absolute path -> reason). */
  readonly skipped = new Map<string, string>();

  /** Whether load() ran: trees are made from then on. */
  private ready = false;
  /** TypeScript's compiler API, from the first parse; ts-morph itself only when a rule asks for a wrapped source file. */
  private typescript: typeof TS | undefined;
  /** Prescan answers by pattern, then file: each file is tested once per run, not once per function that reaches it. */
  private matched = new Map<RegExp, Map<string, boolean>>();

  /**
   * Every read goes through the project's boundary: a refused path reads as missing. `facts`: what
   * earlier runs learnt of unchanged texts (src/audit/cache/files.ts), when the cache is on.
   */
  constructor(
    readonly boundary: Boundary,
    private readonly facts?: FileFacts,
  ) {}

  /**
   * Must be called before rules run: trees are made from then on. TypeScript itself (9 MB of
   * JavaScript) is loaded by the first parse, so an audit that parses nothing never loads it; the
   * engine loads it ahead, while esbuild is busy, when trees will be made (see runAudit).
   */
  load(): void {
    this.ready = true;
  }

  /** TypeScript's compiler API once load() was called, loaded on first use. */
  private get ts(): typeof TS | undefined {
    return this.ready ? (this.typescript ??= requireTypeScript()) : undefined;
  }

  /** The file as written (inline code: as discovery read it from its template): for excerpts and fingerprints. */
  source(abs: string): string | undefined {
    if (!this.sourceTexts.has(abs)) {
      let text: string | undefined = this.inline.get(abs)?.text;
      if (text !== undefined) {
        this.sourceTexts.set(abs, text);
        return text;
      }
      try {
        text = this.boundary.refuse(abs) ? undefined : (sharedRead(abs) ?? readFileSync(abs, "utf8"));
      } catch {
        text = undefined;
      }
      this.sourceTexts.set(abs, text);
    }
    return this.sourceTexts.get(abs);
  }

  /** The code the checks read: the file, or its view when only part of it is code (an .astro page's frontmatter). */
  text(abs: string): string | undefined {
    if (!this.texts.has(abs)) {
      const source = this.source(abs);
      this.texts.set(abs, source === undefined ? undefined : fileView(abs, source));
    }
    return this.texts.get(abs);
  }

  /** Whether a rule's prescan matches the code of this file (a missing file is empty text). */
  matches(abs: string, pattern: RegExp): boolean {
    let byFile = this.matched.get(pattern);
    if (!byFile) this.matched.set(pattern, (byFile = new Map<string, boolean>()));
    let answer = byFile.get(abs);
    if (answer === undefined) {
      const text = this.text(abs) ?? "";
      answer = this.facts && text.length > 0 ? this.facts.matches(text, pattern) : pattern.test(text);
      byFile.set(abs, answer);
    }
    return answer;
  }

  /**
   * A fact of this file's code alone (see FileFact): from an earlier run when its text is unchanged
   * and the stored value passes the fact's schema, else drawn from the syntax tree (and kept).
   * Undefined when the file has no tree (missing, or skipped: then skipped as ast() would).
   */
  fact<T>(abs: string, fact: FileFact<T>): T | undefined {
    const text = this.text(abs);
    if (text === undefined || !this.ready || this.skipped.has(abs)) return undefined;
    const stored = this.facts?.fact(text, fact.name);
    if (stored !== undefined) {
      const parsed = factSchema(fact).safeParse(stored);
      if (parsed.success) {
        if ("value" in parsed.data) return parsed.data.value;
        this.skipped.set(abs, parsed.data.skipped);
        return undefined;
      }
    }
    const sf = this.ast(abs);
    const why = this.skipped.get(abs);
    if (!sf && why === undefined) return undefined;
    const value = sf ? fact.of(sf) : undefined;
    this.facts?.remember(text, fact.name, sf ? { value } : { skipped: why });
    return value;
  }

  /** Whether an earlier run's facts hold this file's text as it is now (then its facts need no parse). */
  unchanged(abs: string): boolean {
    const text = this.text(abs);
    return text !== undefined && this.facts !== undefined && this.facts.knows(text);
  }

  ast(abs: string): TS.SourceFile | undefined {
    const wrapped = this.sources.get(abs);
    if (wrapped) return wrapped.compilerNode;
    if (this.asts.has(abs)) return this.asts.get(abs);
    const text = this.text(abs);
    let node: TS.SourceFile | undefined;
    if (text !== undefined && this.ready && !this.skipped.has(abs)) {
      const warm = this.warmed.get(abs);
      const parsed = warm?.text === text ? warm.parsed : this.parse(abs, text);
      if ("sf" in parsed) node = parsed.sf;
      else this.skipped.set(abs, parsed.why);
    }
    this.warmed.delete(abs);
    this.asts.set(abs, node);
    return node;
  }

  /**
   * Parses these files ahead of the rules, as ast() would, while `until` is pending (esbuild bundling in
   * its own process): the main thread would otherwise wait. It yields between files, so esbuild's plugin
   * callbacks are answered, and records nothing a rule would see: only ast() reports a skipped file.
   */
  async warm(files: Iterable<string>, until: Promise<unknown>): Promise<void> {
    if (!this.ready) return;
    let settled = false;
    void until.then(() => (settled = true), () => (settled = true));
    let slice = performance.now();
    for (const abs of files) {
      if (settled) return;
      if (this.asts.has(abs) || this.warmed.has(abs) || this.skipped.has(abs)) continue;
      const text = this.text(abs);
      if (text === undefined) continue;
      this.warmed.set(abs, { text, parsed: this.parse(abs, text) });
      // Every 2 ms: a finished esbuild call's outputs are sized on the thread pool a few at a time, and
      // the next call starts only once they all are; longer slices left esbuild waiting on this loop.
      if (performance.now() - slice > 2) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
  }

  private parse(abs: string, text: string): { sf: TS.SourceFile } | { why: string } {
    const ts = this.ts!;
    const kind = scriptKind(ts, abs);
    return parseWalkable(ts, () => sharedTree(abs, text, kind) ?? ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true, kind));
  }

  sourceFile(abs: string): SourceFile | undefined {
    if (this.sources.has(abs)) return this.sources.get(abs);
    const text = this.text(abs);
    let source: SourceFile | undefined;
    if (text !== undefined && this.ready) {
      const morph = requireTsMorph();
      this.project ??= new morph.Project({
        useInMemoryFileSystem: false,
        skipAddingFilesFromTsConfig: true,
        skipFileDependencyResolution: true,
        skipLoadingLibFiles: true,
        compilerOptions: { allowJs: true, noEmit: true, jsx: morph.ts.JsxEmit.Preserve },
      });
      const project = this.project;
      const kind = scriptKind(morph.ts, abs);
      let created: SourceFile | undefined;
      if (!this.skipped.has(abs) && this.walkable(abs, () => (created = project.createSourceFile(abs, text, { overwrite: true, scriptKind: kind })).compilerNode)) {
        source = created;
      }
    }
    this.sources.set(abs, source);
    return source;
  }

  /** Rules are only given trees their walks can follow (see parseWalkable); the others are skipped. */
  private walkable(abs: string, parse: () => TS.SourceFile): TS.SourceFile | undefined {
    const parsed = parseWalkable(this.ts!, parse);
    if ("sf" in parsed) return parsed.sf;
    this.skipped.set(abs, parsed.why);
    return undefined;
  }
}

type Stored<T> = { value: T } | { skipped: string };
const factSchemas = new WeakMap<FileFact<unknown>, z.ZodType<Stored<unknown>>>();

/** A stored fact: its value, or why the file's tree could not be walked (the run reports it as ast() would). */
function factSchema<T>(fact: FileFact<T>): z.ZodType<Stored<T>> {
  let schema = factSchemas.get(fact);
  if (!schema) factSchemas.set(fact, (schema = z.union([z.strictObject({ value: fact.schema }), z.strictObject({ skipped: z.string() })])));
  return schema as z.ZodType<Stored<T>>;
}

function scriptKind(ts: typeof TS, abs: string): TS.ScriptKind {
  const ext = path.extname(abs).toLowerCase();
  if (ext === ".tsx") return ts.ScriptKind.TSX;
  if (ext === ".jsx") return ts.ScriptKind.JSX;
  if (ext === ".js" || ext === ".mjs" || ext === ".cjs") return ts.ScriptKind.JS;
  if (ext === ".json") return ts.ScriptKind.JSON;
  return ts.ScriptKind.TS;
}

export interface BundleProblem {
  fn: FunctionInfo;
  messages: Message[];
}

const INTERRUPTS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export interface BuiltContexts {
  contexts: FunctionContext[];
  problems: BundleProblem[];
  inputs: Set<string>;
  /** Measures the gzip size of these functions' bundles where it is not known yet (see `gzip: "asked"`). */
  gzip(functions: FunctionInfo[]): Promise<void>;
  /** Removes the outputs kept for gzip (`gzip: "asked"`); gzip() measures nothing more after it. */
  release(): void;
}

/**
 * Bundles every function (one esbuild call per runtime target) and builds the rule contexts.
 * `gzip`: "built" gzips every output as it is built (the default); "asked" writes each output to a
 * temporary folder instead and gzips only those gzip() is asked for, until release(): gzipping every
 * output cost about 13% of the audit's CPU on dubinc/dub (2.5 of 19 s, 102 MB of bundles), for
 * figures most reports do not print. A bundle from the cache that has no gzip is built again when asked.
 */
export async function buildContexts(
  root: string,
  functions: FunctionInfo[],
  cache: FileCache,
  options: { bundle: boolean; special: string[]; workspaces?: Record<string, string>; onBundled?: () => void; bundles?: BundleCache; gzip?: "built" | "asked" } = { bundle: true, special: [] },
): Promise<BuiltContexts> {
  for (const fn of functions) if (fn.inline) cache.inline.set(fn.entry, fn.inline);
  const inputs = new Set<string>();
  const none = { gzip: () => Promise.resolve(), release: () => undefined };
  if (!options.bundle) return { contexts: functions.map((fn) => unbundledContext(root, fn, cache)), problems: [], inputs, ...none };
  const groups = new Map<string, FunctionInfo[]>();
  const contexts = new Map<FunctionInfo, FunctionContext>();
  for (const fn of functions) {
    if (fn.codeMissing) {
      contexts.set(fn, unbundledContext(root, fn, cache));
      continue;
    }
    const key = groupKey(fn);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(fn);
  }
  const problems: BundleProblem[] = [];
  const workspaces = new Map(Object.entries(options.workspaces ?? {}));
  const missing = uninstalledDependencies(functions.map((fn) => fn.packageRoot), [...workspaces.values()], frameworkModules(functions));
  // Workspace packages resolve to their source (workspace-resolve.ts); only one that cannot is left external.
  for (const name of workspaces.keys()) missing.delete(name);
  const own = new Set([...workspaces.keys(), ...localDependencies(functions.map((fn) => fn.packageRoot))]);
  // A cached bundle is valid for the packages left external when it was built: they are part of its slot.
  const external = [...missing].sort();
  const bundles = options.bundles;
  const guard = { boundary: cache.boundary, suspects: new RegExp(cache.boundary.suspects(options.special)), inline: cache.inline, workspaces };
  const keeper = options.gzip === "asked" && groups.size > 0 ? new OutputKeeper() : undefined;
  // The kept outputs go with the process however it ends, an interrupt included (release() removes them before).
  const removeKept = () => keeper?.remove();
  const onSignal = (signal: NodeJS.Signals) => {
    unwatch();
    removeKept();
    // Then the signal does what it would have done: ends the process, unless someone else listens for it.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const unwatch = () => {
    process.removeListener("exit", removeKept);
    for (const signal of INTERRUPTS) process.removeListener(signal, onSignal);
  };
  if (keeper) {
    process.once("exit", removeKept);
    for (const signal of INTERRUPTS) process.once(signal, onSignal);
  }
  /** Per function: its group (to build it again), its cache slot, and its kept output. */
  const origin = new Map<FunctionInfo, { target: BundleTarget; slot: unknown; kept?: Kept }>();
  let bundling = groups.size;
  const all = Promise.all(
    [...groups.entries()].map(async ([key, fns]) => {
      const entries = [...new Set(fns.map((fn) => fn.entry))];
      const moduleRules = fns.flatMap((fn) => fn.workers?.moduleRules ?? []);
      const target = { ...targetFor(fns[0]!), ...(moduleRules.length > 0 ? { moduleRules } : {}), ...(fns[0]!.build ? { build: fns[0]!.build } : {}), ...(fns[0]!.deployBuild ? { deploy: fns[0]!.deployBuild } : {}) };
      // Inline code (a template's ZipFile) is its own entry's input: it names that entry's slot only.
      const group = (entry: string) => ({ key, moduleRules, external, special: options.special, inline: cache.inline.get(entry)?.text ?? null });
      const hits = new Map<string, { graph: EntryGraph; inputs: string[] }>();
      for (const entry of bundles ? entries : []) {
        const hit = bundles!.get(entry, group(entry));
        // One stored without its gzip (by a run that did not print it) serves only a run that measures gzip when asked.
        if (hit && (hit.graph.bundle.gzipBytes !== undefined || keeper)) hits.set(entry, hit);
      }
      const taken = new Set<string>();
      // Each call's entries are analysed (and stored) while esbuild bundles the next call, against the
      // packages found missing so far; an entry whose group found more after that is analysed again below.
      const early = new Map<string, { graph: EntryGraph; missing: number }>();
      const stored = new Set<string>();
      const analyse = (entry: string, built: BuiltEntry, missingNow: Set<string>): EntryGraph => {
        const graph = analyzeEntry(root, built, missingNow, (abs) => cache.text(abs));
        if (bundles) {
          for (const input of readBy(built, root)) inputs.add(input);
          bundles.put(entry, group(entry), built, graph);
          stored.add(entry);
        }
        return graph;
      };
      const onCall = (called: string[], so: { entries: Map<string, BuiltEntry>; missing: Set<string> }) => {
        for (const entry of called) {
          const built = so.entries.get(entry);
          if (built) early.set(entry, { graph: analyse(entry, built, so.missing), missing: so.missing.size });
        }
      };
      // Each group adds the packages it finds missing to its own copy: one another group found meanwhile
      // would change this group's externals, bundles and report with the timing of the two builds.
      const build = await bundleGroup(root, target, entries.filter((e) => !hits.has(e)), new Set(missing), guard, onCall, keeper);
      // The last group's bundles are built: esbuild's process and its memory go before the rest of the graphs are walked and the rules run.
      if (--bundling === 0) await releaseEsbuild();
      for (const fn of fns) {
        const built = build.entries.get(fn.entry);
        origin.set(fn, { target, slot: group(fn.entry), ...(built?.kept ? { kept: built.kept } : {}) });
        const errors = build.errors.get(fn.entry);
        if (errors) problems.push({ fn, messages: errors });
        options.onBundled?.();
        // Each function gets its own copy: the deploy's options are written into it below.
        const hit = !hits.has(fn.entry) ? undefined : taken.has(fn.entry) ? bundles!.get(fn.entry, group(fn.entry)) : hits.get(fn.entry);
        taken.add(fn.entry);
        if (!built && !hit) {
          contexts.set(fn, unbundledContext(root, fn, cache));
          continue;
        }
        let graph: EntryGraph;
        if (hit) {
          graph = hit.graph;
          for (const input of hit.inputs) inputs.add(input);
        } else {
          // The first function of an entry takes its early analysis, when the group's missing packages did not
          // grow since (else it is analysed and stored again); others get their own (the deploy's options are
          // written into it).
          const pre = early.get(fn.entry);
          early.delete(fn.entry);
          if (pre && pre.missing === build.missing.size) graph = pre.graph;
          else if (pre || !stored.has(fn.entry)) graph = analyse(fn.entry, built!, build.missing);
          else graph = analyzeEntry(root, built!, build.missing, (abs) => cache.text(abs));
        }
        if (fn.deployBuild) {
          graph.bundle.deployOptions = `${fn.deployBuild.from}: ${describeDeployBuild(fn.deployBuild)}`;
          graph.bundle.source = `esbuild bundle with the deploy's options (${graph.bundle.deployOptions}), gzip via node:zlib`;
        }
        const unreadOwn = graph.bundle.missingPackages.filter((name) => own.has(name));
        if (unreadOwn.length > 0) graph.bundle.unreadOwnPackages = unreadOwn;
        contexts.set(fn, {
          fn,
          files: serverSideFiles(fn.entry, graph.files, graph.imports, (abs) => cache.text(abs)),
          sourceFile: (abs) => cache.sourceFile(abs),
          ast: (abs) => cache.ast(abs),
          text: (abs) => cache.text(abs),
          chainTo: (abs) => chainFrom(root, graph.parent, abs),
          bundle: graph.bundle,
          externalImports: graph.externalImports,
          shaken: graph.shaken,
          imports: graph.imports,
        });
      }
    }),
  );
  try {
    await all;
  } catch (error) {
    removeKept();
    unwatch();
    throw error;
  }
  // In the functions' order, not the order the groups finished in: the engine reports an error shared by several functions once, for the first.
  const order = new Map(functions.map((fn, i) => [fn, i]));
  problems.sort((a, b) => order.get(a.fn)! - order.get(b.fn)!);
  let released = false;
  const gzip = async (asked: FunctionInfo[]): Promise<void> => {
    const wanted = [...new Set(asked)].filter((fn) => contexts.get(fn)?.bundle && contexts.get(fn)!.bundle!.gzipBytes === undefined && origin.has(fn));
    if (wanted.length === 0 || released || !keeper) return;
    // A bundle taken from the cache without its gzip is built again, its group's functions in one call.
    const again = new Map<BundleTarget, FunctionInfo[]>();
    for (const fn of wanted) {
      const from = origin.get(fn)!;
      if (!from.kept) again.set(from.target, [...(again.get(from.target) ?? []), fn]);
    }
    for (const [target, fns] of again) {
      const build = await bundleGroup(root, target, [...new Set(fns.map((fn) => fn.entry))], new Set(missing), guard, undefined, keeper);
      for (const fn of fns) {
        const built = build.entries.get(fn.entry);
        if (built?.kept) origin.get(fn)!.kept = built.kept;
        else if (built?.gzipBytes !== undefined) contexts.get(fn)!.bundle!.gzipBytes = built.gzipBytes;
      }
    }
    if (again.size > 0) await releaseEsbuild();
    // Functions sharing an entry share its output.
    const byOutput = new Map<Kept, FunctionInfo[]>();
    for (const fn of wanted) {
      const kept = origin.get(fn)!.kept;
      if (kept) byOutput.set(kept, [...(byOutput.get(kept) ?? []), fn]);
    }
    await mapLimit([...byOutput], 4, async ([kept, fns]) => {
      const gzipBytes = await keeper.gzip(kept);
      for (const fn of fns) {
        contexts.get(fn)!.bundle!.gzipBytes = gzipBytes;
        bundles?.setGzip(fn.entry, origin.get(fn)!.slot, gzipBytes);
      }
    });
  };
  const release = () => {
    released = true;
    removeKept();
    // The outputs held in memory go too.
    for (const from of origin.values()) delete from.kept;
    unwatch();
  };
  return { contexts: functions.map((fn) => contexts.get(fn)!), problems, inputs, gzip, release };
}

/** A function whose bundle failed: rules still see the files its relative imports reach. */
function unbundledContext(root: string, fn: FunctionInfo, cache: FileCache): FunctionContext {
  const graph = cache.text(fn.entry) === undefined ? { files: [], parent: new Map<string, string>() } : scanRelativeGraph(fn.entry, (f) => cache.text(f));
  return {
    fn,
    files: graph.files,
    sourceFile: (abs) => cache.sourceFile(abs),
    ast: (abs) => cache.ast(abs),
    text: (abs) => cache.text(abs),
    chainTo: (abs) => chainFrom(root, graph.parent, abs),
    bundle: undefined,
    externalImports: [],
  };
}
