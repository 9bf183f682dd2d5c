import { readFileSync } from "node:fs";
import path from "node:path";
import type { Message } from "esbuild";
import type { Project as MorphProject, SourceFile, ts as TS } from "ts-morph";
import type { Boundary } from "../project/source/boundary.js";
import { fileView } from "../project/source/file-views.js";
import type { FunctionInfo, InlineCode } from "../project/types.js";
import { bundleGroup, describeDeployBuild, groupKey, localDependencies, mapLimit, releaseEsbuild, targetFor, uninstalledDependencies } from "./bundle.js";
import { scanRelativeGraph } from "./fallback-graph.js";
import { analyzeEntry, chainFrom, serverSideFiles, type EntryGraph } from "./graph.js";
import { readBy, type BundleCache } from "./cache/bundles.js";
import type { FunctionContext } from "./types.js";
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

  /** TypeScript's compiler API, once load() ran; ts-morph itself only when a rule asks for a wrapped source file. */
  private ts: typeof TS | undefined;

  /** Every read goes through the project's boundary: a refused path reads as missing. */
  constructor(readonly boundary: Boundary) {}

  /**
   * Must be called before rules run, so `sourceFile()` can stay synchronous. Call it once
   * esbuild is busy: compiling TypeScript's 9 MB of JavaScript blocks this thread for a while.
   */
  load(): void {
    this.ts ??= requireTypeScript();
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
        text = this.boundary.refuse(abs) ? undefined : readFileSync(abs, "utf8");
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

  ast(abs: string): TS.SourceFile | undefined {
    const wrapped = this.sources.get(abs);
    if (wrapped) return wrapped.compilerNode;
    if (this.asts.has(abs)) return this.asts.get(abs);
    const text = this.text(abs);
    let node: TS.SourceFile | undefined;
    if (text !== undefined && this.ts && !this.skipped.has(abs)) {
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
    if (!this.ts) return;
    let settled = false;
    void until.then(() => (settled = true), () => (settled = true));
    let slice = performance.now();
    for (const abs of files) {
      if (settled) return;
      if (this.asts.has(abs) || this.warmed.has(abs) || this.skipped.has(abs)) continue;
      const text = this.text(abs);
      if (text === undefined) continue;
      this.warmed.set(abs, { text, parsed: this.parse(abs, text) });
      if (performance.now() - slice > 8) {
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
    if (text !== undefined && this.ts) {
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

/** Bundles every function (one esbuild call per runtime target) and builds the rule contexts. */
export async function buildContexts(
  root: string,
  functions: FunctionInfo[],
  cache: FileCache,
  options: { bundle: boolean; special: string[]; workspaces?: Record<string, string>; onBundled?: () => void; bundles?: BundleCache } = { bundle: true, special: [] },
): Promise<{ contexts: FunctionContext[]; problems: BundleProblem[]; inputs: Set<string> }> {
  for (const fn of functions) if (fn.inline) cache.inline.set(fn.entry, fn.inline);
  const inputs = new Set<string>();
  if (!options.bundle) return { contexts: functions.map((fn) => unbundledContext(root, fn, cache)), problems: [], inputs };
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
  const missing = uninstalledDependencies(functions.map((fn) => fn.packageRoot));
  const workspaces = new Map(Object.entries(options.workspaces ?? {}));
  // Workspace packages resolve to their source (workspace-resolve.ts); only one that cannot is left external.
  for (const name of workspaces.keys()) missing.delete(name);
  const own = new Set([...workspaces.keys(), ...localDependencies(functions.map((fn) => fn.packageRoot))]);
  // A cached bundle is valid for the packages left external when it was built: they are part of its slot.
  const external = [...missing].sort();
  const bundles = options.bundles;
  let bundling = groups.size;
  await Promise.all(
    [...groups.entries()].map(async ([key, fns]) => {
      const entries = [...new Set(fns.map((fn) => fn.entry))];
      const moduleRules = fns.flatMap((fn) => fn.workers?.moduleRules ?? []);
      const target = { ...targetFor(fns[0]!), ...(moduleRules.length > 0 ? { moduleRules } : {}), ...(fns[0]!.build ? { build: fns[0]!.build } : {}), ...(fns[0]!.deployBuild ? { deploy: fns[0]!.deployBuild } : {}) };
      // Inline code (a template's ZipFile) is its own entry's input: it names that entry's slot only.
      const group = (entry: string) => ({ key, moduleRules, external, special: options.special, inline: cache.inline.get(entry)?.text ?? null });
      const hits = new Map<string, { graph: EntryGraph; inputs: string[] }>();
      for (const entry of bundles ? entries : []) {
        const hit = bundles!.get(entry, group(entry));
        if (hit) hits.set(entry, hit);
      }
      const taken = new Set<string>();
      const build = await bundleGroup(root, target, entries.filter((e) => !hits.has(e)), missing, { boundary: cache.boundary, suspects: new RegExp(cache.boundary.suspects(options.special)), inline: cache.inline, workspaces });
      // The last group's bundles are built: esbuild's process and its memory go before the graphs are walked and the rules run.
      if (--bundling === 0) await releaseEsbuild();
      const stored = new Set<string>();
      await mapLimit(fns, 8, async (fn) => {
        const built = build.entries.get(fn.entry);
        const errors = build.errors.get(fn.entry);
        if (errors) problems.push({ fn, messages: errors });
        options.onBundled?.();
        // Each function gets its own copy: the deploy's options are written into it below.
        const hit = !hits.has(fn.entry) ? undefined : taken.has(fn.entry) ? bundles!.get(fn.entry, group(fn.entry)) : hits.get(fn.entry);
        taken.add(fn.entry);
        if (!built && !hit) {
          contexts.set(fn, unbundledContext(root, fn, cache));
          return;
        }
        let graph: EntryGraph;
        if (hit) {
          graph = hit.graph;
          for (const input of hit.inputs) inputs.add(input);
        } else {
          graph = await analyzeEntry(root, built!, missing, (abs) => cache.text(abs));
          if (bundles) {
            for (const input of readBy(built!, root)) inputs.add(input);
            if (!stored.has(fn.entry)) bundles.put(fn.entry, group(fn.entry), built!, graph);
            stored.add(fn.entry);
          }
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
      });
    }),
  );
  return { contexts: functions.map((fn) => contexts.get(fn)!), problems, inputs };
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
