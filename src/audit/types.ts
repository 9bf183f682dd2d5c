import type { SourceFile, ts } from "ts-morph";
import type * as z from "zod";
import type { FunctionInfo, Platform, Project, RuntimeKind } from "../project/types.js";

export type Severity = "error" | "warning" | "info";
export type SeveritySetting = Severity | "off";

export interface Fix {
  /** What to do instead, in one or two sentences (shown under the finding). */
  description: string;
  /** Optional code to show. Nothing is ever written to the audited project. */
  example?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** What is wrong, why it matters on this platform, and what to do instead. */
  message: string;
  /** Relative to the audited folder, forward slashes. */
  file: string;
  line: number;
  column: number;
  /** Id of the function whose import graph holds the problem (the first, when several reach it). */
  function?: string;
  /**
   * Every function that reaches this same problem, when more than one does: a module shared by
   * several functions is reported once, where it is written.
   */
  functions?: string[];
  /** Import chain from the function's entry to `file` (relative paths, entry first). */
  chain?: string[];
  fix?: Fix;
  /** Set by the engine: stable across line moves, used by baselines and SARIF. */
  fingerprint?: string;
}

export interface BundleInput {
  /** Relative to the audited folder, or `node_modules/<pkg>/...`. */
  path: string;
  bytes: number;
}

export interface BundleInfo {
  /** Minified output bytes. */
  bytes: number;
  /**
   * The output gzipped (node:zlib's defaults). Always measured unless the audit was asked for it only
   * where a report prints it (AuditOptions.gzipFor); rules that need it ask for it (RuleContext.gzip).
   */
  gzipBytes?: number;
  topInputs: BundleInput[];
  /** Every input with bytes in the output (for the size of a deploy unit made of several functions). */
  inputs?: BundleInput[];
  /** Bytes in the output by package name (first-party code under "(project)"). */
  packages: Array<{ name: string; bytes: number }>;
  /** Imports esbuild left external because the package is not installed. */
  missingPackages: string[];
  /** Of those, the project's own packages (workspace or `file:` dependencies) whose source could not be found: no check saw their code. */
  unreadOwnPackages?: string[];
  /** Import aliases (`~/`, `$lib/`, `@/`: tsconfig `paths`, a framework's, package.json `imports`) esbuild could not resolve: the code behind them was not read. */
  unresolvedAliases?: string[];
  /** Where these figures came from, printed with them. */
  source: string;
  /** When the deploy declares how it bundles: where that was read and the options used ("template.yaml Metadata.BuildProperties: minify, esm, node22"). */
  deployOptions?: string;
}

/** What a rule sees for one function. */
export interface FunctionContext {
  fn: FunctionInfo;
  /** Absolute paths of the first-party files reachable from the entry, entry first. */
  files: string[];
  /** ts-morph source file of a reachable file (parsed on demand, cached). */
  sourceFile(absPath: string): SourceFile | undefined;
  /**
   * The plain TypeScript AST of a file (parsed on demand, cached, parent pointers set): about 2.5x
   * cheaper than `sourceFile(f).compilerNode` because no ts-morph wrapper is built. Prefer it in
   * hot loops (`ts.forEachChild`). When `sourceFile()` was created first, this is its compilerNode.
   */
  ast(absPath: string): ts.SourceFile | undefined;
  /** Import chain from the entry to this file, as relative paths. */
  chainTo(absPath: string): string[];
  bundle: BundleInfo | undefined;
  /** Text of a reachable file (read once, cached); undefined when unreadable. */
  text(absPath: string): string | undefined;
  /**
   * Imports the bundle left external, from any reachable input including node_modules: Node
   * built-ins, `cloudflare:` modules and packages that are not installed. `importer` is absolute.
   */
  externalImports: ExternalImport[];
  /**
   * Reachable first-party files that esbuild tree-shook out of the bundle entirely (imported for
   * something that is never used): a call written there never runs in this function.
   */
  shaken?: ReadonlySet<string>;
  /** First-party imports as the bundler resolved them: importer -> [{ specifier as written, target }]. */
  imports?: ReadonlyMap<string, ReadonlyArray<{ specifier: string; target: string }>>;
}

export interface ExternalImport {
  importer: string;
  specifier: string;
  kind: "import-statement" | "require-call" | "dynamic-import" | "require-resolve" | "import-rule" | "url-token" | "composes-from" | "entry-point";
  /** True when the package is simply not installed (the audit still runs before `npm install`). */
  missing: boolean;
}

/**
 * What a rule draws from one file's syntax tree alone (`of` reads nothing else: no other file, no
 * setting, no function), so that it can be kept between runs by the file's text. Stored as JSON
 * and checked against `schema` when read back; `name` is unique among facts.
 */
export interface FileFact<T> {
  name: string;
  schema: z.ZodType<T>;
  of(sf: ts.SourceFile): T;
}

export interface RuleContext {
  project: Project;
  functions: FunctionContext[];
  /** Relative, forward-slash path for a finding. */
  relative: (absPath: string) => string;
  /** Rule options from config (`rules.<id>` object form or per-platform settings). */
  settings: Record<string, unknown>;
  /** The date rules judge deprecations against (today unless overridden in tests). */
  today: string;
  /**
   * The function's reachable first-party files whose text matches this rule's `meta.prescan`
   * (all of them when the rule declares none): parse only these.
   */
  candidates(fn: FunctionContext): string[];
  /**
   * A fact of one file's code alone, kept between runs by the file's content hash (with the cache on):
   * an unchanged file is not parsed for it. Undefined when the file has no syntax tree.
   */
  fact<T>(absPath: string, fact: FileFact<T>): T | undefined;
  /** Text of any file of the project (config files included), read through the project's boundary; undefined when unreadable or refused. */
  text: (absPath: string) => string | undefined;
  /**
   * Measures the gzip size of these functions' bundles where it is not known yet (BundleInfo.gzipBytes):
   * an audit may measure it only where a report prints it, so a rule that reads it asks first.
   */
  gzip?: (functions: FunctionContext[]) => Promise<void>;
}

export interface RuleMeta {
  /** Equals the path under src/audit/rules/ without .ts, e.g. `edge/node-builtin` for rules/edge/node-builtin.ts. */
  id: string;
  description: string;
  defaultSeverity: Severity;
  platforms: Platform[];
  /** The runtimes it applies to, when not all of its platforms' (the engine gives it only those functions). */
  runtimes?: RuntimeKind[];
  /**
   * The options `rules.<id>` may set besides `severity` (a strict zod object, all optional): the
   * engine checks the config against it, so a misspelt option is an error, not a silent default.
   */
  options?: z.ZodObject;
  docsUrl: string;
  /**
   * Cheap test on a file's text: files that do not match are never handed to this rule by
   * `ctx.candidates(fn)`, so they are never parsed for it. Entries it matches are parsed while
   * esbuild bundles; a rule without one parses what it reads when it runs (and should read little).
   */
  prescan?: RegExp;
}

export type RawFinding = Omit<Finding, "ruleId" | "severity" | "fingerprint"> & { severity?: Severity };

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RawFinding[] | Promise<RawFinding[]>;
}
