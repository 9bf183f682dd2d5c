import { existsSync } from "node:fs";
import path from "node:path";
import * as z from "zod";
import { closest } from "../config/cross-check.js";
import { formatIssue } from "../config/issues.js";
import { ConfigError, InputError, UsageError } from "../errors.js";
import { platformsOf } from "../config/platforms.js";
import type { ColdstartConfig } from "../config/schema.js";
import type { FunctionInfo, Platform, Project } from "../project/types.js";
import { filterBaseline, type BaselineEntry } from "./baseline.js";
import { estimateColdStart } from "./analysis/cold-start.js";
import { inferPlans, withInferredPlans } from "./analysis/plan-evidence.js";
import { BUILTIN_RULES, CONFIG_ERROR, PARSE_ERROR, UNUSED_SUPPRESSION } from "./builtin-rules.js";
import type { Message } from "esbuild";
import { createBoundary, watchJudged, type Boundary } from "../project/source/boundary.js";
import { scanForBundler } from "../project/source/hazards.js";
import { requireTypeScript, shareParses } from "../project/source/typescript.js";
import { shareReads, type FileList } from "../project/files.js";
import { createRedactor, type Redactor } from "./redact.js";
import { BOUNDARY_PLUGIN, frameworkModules } from "./bundle.js";
import { buildContexts, FileCache } from "./context.js";
import { inputPath, placeInlineFindings } from "./inline.js";
import { fingerprintAll } from "./fingerprint.js";
import { matcher } from "./glob.js";
import { gitignored } from "./gitignored.js";
import type { AuditResult } from "./result.js";
import type { CacheOptions } from "./cache/store.js";
import { severityFor, settingsFor, type AuditConfig } from "./settings.js";
import { applySuppressions, parseSuppressions, type Suppression } from "./suppressions.js";
import type { Finding, FunctionContext, Rule, RuleContext, Severity } from "./types.js";

export interface AuditOptions {
  root: string;
  configPath?: string;
  /** YYYY-MM-DD that rules judge dates against (default: today, UTC). */
  today?: string;
  baseline?: BaselineEntry[];
  /** Rules to run instead of the registry (tests). */
  rules?: Rule[];
  /** Skip discovery / config loading (tests, or a caller that already has them). */
  project?: Project;
  config?: AuditConfig;
  /** Only these rules (`--rule`, repeatable): the others are not run and their findings not reported. */
  onlyRules?: string[];
  /** Only the functions whose id or entry matches one of these globs (`--function`). */
  onlyFunctions?: string[];
  /** Told where the run is, for a progress line (the core never prints). */
  onProgress?: (progress: AuditProgress) => void;
  /**
   * Audit only the functions this accepts (`audit --changed`), given the first-party files each
   * reaches once bundled; the others are counted in `summary.skipped`.
   */
  select?: (fn: FunctionInfo, files: readonly string[]) => boolean;
  /** Report only the findings this accepts (`--changed-lines`); the rest count as not reported. */
  keep?: (finding: Finding) => boolean;
  /** Reuse what an earlier run found while nothing it depends on changed (src/audit/cache); absent: no cache. */
  cache?: CacheOptions;
  /**
   * The functions (ids) whose bundles' gzip size the caller will print, given the result. Without it
   * every bundle is gzipped, as it is built. With it, only these are, besides those a rule asks for
   * (RuleContext.gzip); the others' `bundle.gzipBytes` is left out. A run with rules of the caller's
   * own (`rules`) gzips every bundle: such a rule may read any.
   */
  gzipFor?: (result: AuditResult) => Iterable<string>;
}

/** The functions of `result` whose gzip `gzipFor` wants (every one without it) and the result does not have. */
function gzipWanting(result: AuditResult, gzipFor: AuditOptions["gzipFor"]): Set<string> {
  const ids = new Set(gzipFor ? gzipFor(result) : result.functions.map((fn) => fn.id));
  return new Set(result.functions.filter((fn) => ids.has(fn.id) && fn.bundle && fn.bundle.gzipBytes === undefined).map((fn) => fn.id));
}

export type AuditProgress =
  | { phase: "discovering" }
  | { phase: "bundling"; done: number; total: number }
  | { phase: "checking"; done: number; total: number; rule: string };

export type { AuditResult };

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  // Discovery and the checks share one parse of each route file.
  const stopSharing = shareParses();
  const stopReading = shareReads();
  // With a cache, every path the run asks the boundary about is recorded: the result depends on them.
  const judged = new Set<string>();
  const stopWatching = options.cache ? watchJudged((abs) => judged.add(abs)) : undefined;
  // Run however the audit ends: the bundles' outputs kept for gzip are removed.
  const cleanup: Array<() => void> = [];
  try {
    return await audit(options, judged, cleanup);
  } finally {
    for (const done of cleanup) done();
    stopWatching?.();
    stopReading();
    stopSharing();
  }
}

async function audit(options: AuditOptions, judged: ReadonlySet<string>, cleanup: Array<() => void>): Promise<AuditResult> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const lap = (name: string, since: number) => (phases[name] = Math.round(performance.now() - since));
  const root = path.resolve(options.root);
  // Config first: it can say where a framework app deploys, which discovery needs.
  const config = options.config ?? (await loadAuditConfig(root, options.configPath));
  const configStarted = performance.now();
  options.onProgress?.({ phase: "discovering" });
  const only = options.onlyRules ? await checkRuleIds(options.onlyRules) : undefined;
  // One boundary for the run: the cache's walk, discovery and the checks judge each path once.
  const boundary = createBoundary(root);
  const caches = options.cache ? await openCaches(root, options, config, judged, boundary) : undefined;
  const stored = caches?.run?.hit();
  // A stored result serves when it has every gzip size this run's reports print.
  if (stored && gzipWanting(stored, options.gzipFor).size === 0) return asThisRun(stored, started);
  // A pipe or an outside link where esbuild reads package.json/tsconfig.json by itself would
  // hang it or make it quote a file coldstart refuses: then nothing is bundled at all.
  const { hazards, special } = scanForBundler(root, boundary);
  const project = selectFunctions(options.project ?? (await discover(root, platformsOf(config as ColdstartConfig), boundary, caches?.listing)), options.onlyFunctions);
  lap("discover", started);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  // Every function and rule asks for the same shared files: each path is made relative once per run.
  const relPaths = new Map<string, string>();
  const rel = (abs: string) => {
    let relPath = relPaths.get(abs);
    if (relPath === undefined) relPaths.set(abs, (relPath = path.relative(root, abs).split(path.sep).join("/")));
    return relPath;
  };
  const ignored = matcher(config.ignore);

  const cache = new FileCache(boundary, caches?.files);
  // A plan the project's own configuration requires (crons more often than daily need Vercel Pro) stands in for one the config does not set.
  const plans = inferPlans(project, config, (abs) => cache.text(abs));
  const ruleConfig = withInferredPlans(config, plans);
  lap("config", configStarted);
  const bundling = performance.now();
  let bundled = 0;
  const total = project.functions.length;
  const onBundled = () => options.onProgress?.({ phase: "bundling", done: ++bundled, total });
  options.onProgress?.({ phase: "bundling", done: 0, total });
  const gzipAsked = options.gzipFor !== undefined && !options.rules;
  const built = buildContexts(root, project.functions, cache, {
    bundle: hazards.length === 0,
    special,
    onBundled,
    gzip: gzipAsked ? "asked" : "built",
    ...(project.workspacePackages ? { workspaces: project.workspacePackages } : {}),
    ...(caches ? { bundles: caches.bundles } : {}),
  });
  built.catch(() => undefined);
  // esbuild bundles in its own process from here: meanwhile this thread loads the rules (and TypeScript
  // with them), then parses the entries the rules will read. Nothing of the bundle is needed for that.
  const rulesStarted = performance.now();
  let rules: Rule[];
  try {
    rules = await loadRules(options, config, only, new Set(project.functions.map((fn) => fn.platform)));
    cache.load();
  } catch (error) {
    // A bad rule option is the run's error: the bundles it started are waited for, not left running.
    await built.catch(() => undefined);
    throw error;
  }
  lap("rules", rulesStarted);
  const toParse = entriesToParse(project.functions, rules, cache);
  // TypeScript (9 MB of JavaScript) is compiled now, while esbuild is busy, when trees will be made: an
  // entry a prescan matches, or a project of many functions (whose shared files some rule reads).
  // Otherwise the first parse loads it, and an audit that parses nothing never does.
  if (toParse.length > 0 || project.functions.length >= PRELOAD_TYPESCRIPT_AT) requireTypeScript();
  await cache.warm(toParse, built);
  const contextsBuilt = await built;
  cleanup.push(() => contextsBuilt.release());
  lap("bundle", bundling);
  const select = options.select;
  const contexts = select ? contextsBuilt.contexts.filter((c) => select(c.fn, c.files.map((f) => cache.inline.get(f)?.file ?? f))) : contextsBuilt.contexts;
  const chosen = new Set(contexts.map((c) => c.fn.id));
  const problems = contextsBuilt.problems.filter((p) => chosen.has(p.fn.id));
  for (const ctx of contexts) ctx.files = ctx.files.filter((f) => !ignored(rel(f)));

  const raw: Finding[] = [];
  const notes = [...(project.notes ?? [])];
  const parseErrors = new Set<string>();
  for (const { fn, messages } of problems) {
    for (const message of messages) {
      const m = withinBoundary(message, root, cache.boundary);
      const file = m.location ? rel(inputPath(root, m.location.file)) : rel(fn.entry);
      const key = `${file}:${m.location?.line}:${m.location?.column}:${m.text}`;
      if (parseErrors.has(key)) continue;
      parseErrors.add(key);
      const note = notDeployFailure(m, file, fn, root, cache);
      if (note) {
        notes.push({ message: note, at: { file, line: m.location?.line ?? 0 } });
        continue;
      }
      const refused = m.pluginName === BOUNDARY_PLUGIN;
      raw.push({
        ruleId: PARSE_ERROR.id,
        // Leaving the project is where coldstart stops reading, not a defect the deploy shares.
        severity: refused ? "warning" : PARSE_ERROR.defaultSeverity,
        message: refused ? refusedImport(m.text, fn.id) : bundleProblem(m.text, fn.id, m.location ? path.resolve(root, path.dirname(file)) : undefined, cache.boundary),
        file,
        line: m.location?.line ?? 1,
        column: (m.location?.column ?? 0) + 1,
        function: fn.id,
      });
    }
  }
  for (const hazard of hazards) {
    raw.push({
      ruleId: CONFIG_ERROR.id,
      severity: CONFIG_ERROR.defaultSeverity,
      message: `${hazard.rel} ${hazard.why}. The bundler reads such files by itself, without asking coldstart, so no function was bundled: sizes, import chains and the checks that need a bundle are missing. Replace it with a regular file inside the project.`,
      file: hazard.rel,
      line: 0,
      column: 1,
    });
  }
  for (const problem of project.problems) {
    raw.push({
      ruleId: CONFIG_ERROR.id,
      severity: CONFIG_ERROR.defaultSeverity,
      message: problem.message,
      file: problem.at.file,
      line: problem.at.line,
      column: problem.at.column ?? 1,
    });
  }

  for (const [i, rule] of rules.entries()) {
    options.onProgress?.({ phase: "checking", done: i, total: rules.length, rule: rule.meta.id });
    const ruleStarted = performance.now();
    const ruleCtx = ruleContext(project, contexts, rule, ruleConfig, today, rel, cache, (fns) => contextsBuilt.gzip(fns.map((c) => c.fn)));
    let found;
    try {
      found = await rule.check(ruleCtx);
    } catch (error) {
      throw new Error(`rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    for (const f of found) {
      raw.push({ ...f, ruleId: rule.meta.id, severity: f.severity ?? rule.meta.defaultSeverity });
    }
    lap(`rule ${rule.meta.id}`, ruleStarted);
  }

  for (const [abs, why] of cache.skipped) {
    raw.push({
      ruleId: PARSE_ERROR.id,
      severity: "warning",
      message: `The checks skipped this file: ${why}, more than their walks can follow without exhausting the stack. Generated or minified code like this is best left out of the audit with \`ignore\` in the config; keep hand-written code out of such nesting.`,
      file: rel(abs),
      line: 1,
      column: 1,
    });
  }

  placeInlineFindings(raw, project.functions, rel);
  // Config severities apply to every rule, the engine's own included.
  const findings: Finding[] = [];
  for (const f of mergeShared(raw)) {
    if (only && !only.has(f.ruleId)) continue;
    const severity = severityFor(config, f.ruleId, f.severity);
    if (severity === "off" || ignored(f.file)) continue;
    // A rule that reads the whole project may speak of a skipped function: that is not this audit's.
    if (select && f.function && !chosen.has(f.function) && !f.functions?.some((id) => chosen.has(id))) continue;
    findings.push({ ...f, severity });
  }

  const suppressionCache = new Map<string, Suppression[]>();
  const suppressionsOf = (file: string) => {
    if (!suppressionCache.has(file)) suppressionCache.set(file, parseSuppressions(cache.text(path.resolve(root, file)) ?? ""));
    return suppressionCache.get(file)!;
  };
  const { kept, suppressed } = applySuppressions(findings, suppressionsOf);
  const reachable = [...new Set(contexts.flatMap((c) => c.files.map((f) => cache.inline.get(f)?.file ?? f)))];
  for (const abs of reachable) suppressionsOf(rel(abs));
  const unusedSeverity = severityFor(config, UNUSED_SUPPRESSION.id, UNUSED_SUPPRESSION.defaultSeverity);
  if (unusedSeverity !== "off" && (!only || only.has(UNUSED_SUPPRESSION.id))) {
    for (const [file, list] of suppressionCache) {
      for (const s of list) {
        if (s.used || (s.ruleIds.length > 0 && s.ruleIds.every((id) => knownOff(config, id)))) continue;
        // A rule left out by --rule did not run, so its suppressions had nothing to suppress.
        if (only && !s.ruleIds.every((id) => only.has(id))) continue;
        kept.push({
          ruleId: UNUSED_SUPPRESSION.id,
          severity: unusedSeverity,
          message: `This coldstart-ignore-${s.kind} comment${s.ruleIds.length ? ` for ${s.ruleIds.join(", ")}` : ""} suppresses nothing. Unused suppressions hide future problems; remove it.`,
          file,
          line: s.line,
          column: s.column,
        });
      }
    }
  }

  sortFindings(kept);
  const lineCache = new Map<string, string[]>();
  const linesOf = (file: string) => {
    if (!lineCache.has(file)) lineCache.set(file, (cache.source(path.resolve(root, file)) ?? "").split(/\r?\n/));
    return lineCache.get(file)!;
  };
  const prints = fingerprintAll(kept, (file, line) => linesOf(file)[line - 1] ?? "");
  kept.forEach((f, i) => (f.fingerprint = prints[i]));
  const { kept: unbaselined, baselined } = options.baseline ? filterBaseline(kept, options.baseline) : { kept, baselined: 0 };
  const reported = options.keep ? unbaselined.filter(options.keep) : unbaselined;

  // From here on, nothing leaves unmasked: every file named by a finding or note teaches the
  // redactor its secrets, and excerpts, messages and fixes are built from redacted text.
  const redactor = createRedactor();
  for (const file of new Set([...kept.map((f) => f.file), ...notes.map((n) => n.at.file)])) {
    const text = cache.source(path.resolve(root, file));
    if (text !== undefined) redactor.learn(text);
  }
  const masked = new Map(kept.map((f) => [f, redactFinding(f, redactor)]));
  const shownLines = new Map<string, string[]>();
  const excerpts: Record<string, Record<number, string>> = {};
  for (const f of reported) {
    if (!shownLines.has(f.file)) shownLines.set(f.file, redactor.string(cache.source(path.resolve(root, f.file)) ?? "").split(/\r?\n/));
    const lines = shownLines.get(f.file)!;
    const into = (excerpts[f.file] ??= {});
    for (let n = Math.max(1, f.line - 2); n <= Math.min(lines.length, f.line + 1); n++) {
      into[n] = lines[n - 1]!.length > 240 ? `${lines[n - 1]!.slice(0, 240)}…` : lines[n - 1]!;
    }
  }
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule: Record<string, number> = {};
  for (const f of reported) {
    bySeverity[f.severity]++;
    byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  }
  const result: AuditResult = {
    root,
    functions: contexts.map((c) => ({
      id: c.fn.id,
      platform: c.fn.platform,
      runtime: c.fn.runtime,
      entry: rel(c.fn.inline?.file ?? c.fn.entry),
      config: c.fn.config,
      package: rel(c.fn.packageRoot) || ".",
      bundle: c.bundle,
      ...(c.fn.framework ? { framework: { id: c.fn.framework.id, role: c.fn.framework.role, ...(c.fn.framework.route ? { route: c.fn.framework.route } : {}) } } : {}),
      ...(c.fn.handlers ? { handlers: c.fn.handlers } : {}),
      ...(c.fn.deployUnit ? { deployUnit: c.fn.deployUnit } : {}),
      ...(c.fn.host ? { host: { id: c.fn.host.id, name: c.fn.host.name } } : {}),
      ...(c.bundle ? { coldStart: estimateColdStart(c.fn, c.bundle) } : {}),
    })),
    findings: reported.map((f) => masked.get(f)!),
    notes: notes.map((n) => ({ message: redactor.string(n.message), file: n.at.file, line: n.at.line })),
    plans: plans.map((p) => ({
      setting: `${p.section}.plan`,
      plan: p.plan,
      evidence: p.evidence.map((e) => ({ file: e.at.file, line: e.at.line, why: redactor.string(e.why) })),
      ...(p.caveat ? { caveat: p.caveat } : {}),
    })),
    unfiltered: kept.map((f) => masked.get(f)!),
    excerpts,
    rules: [...rules.map((r) => r.meta), ...BUILTIN_RULES],
    summary: {
      functions: contexts.length,
      files: reachable.length,
      findings: reported.length,
      bySeverity,
      byRule,
      suppressed,
      baselined,
      ...(select ? { skipped: contextsBuilt.contexts.length - contexts.length } : {}),
      durationMs: Math.round(performance.now() - started),
      phases,
    },
  };
  // The gzip sizes the caller's reports print, measured from the kept outputs.
  if (gzipAsked) {
    const wanted = gzipWanting(result, options.gzipFor);
    if (wanted.size > 0) await contextsBuilt.gzip(contexts.filter((c) => wanted.has(c.fn.id)).map((c) => c.fn));
  }
  caches?.run?.save(result, { inputs: contextsBuilt.inputs, packageRoots: project.functions.map((fn) => fn.packageRoot), workspaceRoots: Object.values(project.workspacePackages ?? {}), undeclared: frameworkModules(project.functions) });
  caches?.files.save();
  return result;
}

/**
 * The whole result is cached only when the project, its config and the options decide it: not for
 * a caller's own project or rules, nor `--changed` (git decides what it selects).
 */
async function openCaches(root: string, options: AuditOptions, config: AuditConfig, judged: ReadonlySet<string>, boundary: Boundary) {
  const { openAuditCache } = await import("./cache/open.js");
  const whole = !options.project && !options.rules && !options.select && !options.keep;
  const key = {
    config,
    configPath: options.configPath ?? null,
    today: options.today ?? new Date().toISOString().slice(0, 10),
    baseline: options.baseline ?? null,
    onlyRules: options.onlyRules ?? null,
    onlyFunctions: options.onlyFunctions ?? null,
  };
  return openAuditCache(root, options.cache!, { key, whole, judged }, boundary);
}

/** A stored result as this run's: its duration is this run's, and its one phase the cache. */
function asThisRun(result: AuditResult, started: number): AuditResult {
  const ms = Math.round(performance.now() - started);
  return { ...result, summary: { ...result.summary, durationMs: ms, phases: { "cache hit": ms } } };
}

/**
 * esbuild reads package.json and tsconfig.json files on its own while it resolves, and quotes them
 * in its errors. A message located in a file the boundary refuses (a package.json linked to
 * /proc/self/environ, a tsconfig `extends` out of the project) is replaced, never quoted.
 */
function withinBoundary(m: Message, root: string, boundary: Boundary): Message {
  if (!m.location) return m;
  const why = boundary.refuse(inputPath(root, m.location.file));
  if (!why) return m;
  return {
    ...m,
    pluginName: BOUNDARY_PLUGIN,
    location: null,
    text: `${refusedName(root, m.location.file)} ${why}, yet the bundler was led to read it (by a tsconfig \`extends\`, a symlinked package.json or tsconfig.json, or an import)`,
    notes: [],
  };
}

/**
 * How a refused file esbuild read is named: as esbuild quotes it, except a process's /proc folder,
 * named absolutely and without its number. esbuild reads /proc/self as its own process's folder,
 * whose number changes every run: the report (and the finding's fingerprint) would change with it.
 */
function refusedName(root: string, file: string): string {
  const proc = /^\/proc\/\d+(\/.*)?$/.exec(inputPath(root, file));
  return proc ? `/proc/<pid>${proc[1] ?? ""}` : file;
}

function redactFinding(f: Finding, redactor: Redactor): Finding {
  const out: Finding = { ...f, message: redactor.string(f.message) };
  if (f.fix) out.fix = { ...f.fix, description: redactor.string(f.fix.description), ...(f.fix.example ? { example: redactor.string(f.fix.example) } : {}) };
  return out;
}

function refusedImport(text: string, fnId: string): string {
  return `${text}: coldstart reads only files inside the project it audits, so it did not read it, ${fnId} was not bundled and the other checks could not see past this point. If the project really needs this file, move it into the project; a link out of a repository is not there on another machine either.`;
}

/** Why a function could not be bundled, and what to do: a missing local file is often generated by a build. */
function bundleProblem(text: string, fnId: string, importerDir: string | undefined, boundary: Boundary): string {
  const missing = /^Could not resolve "([^"]+)"/.exec(text)?.[1];
  const beside = missing && importerDir && !/^[./]/.test(missing) ? path.join(importerDir, missing) : undefined;
  if (missing && beside && !boundary.refuse(beside) && existsSync(beside)) {
    return `${text}: a bare name is a package, and there is no package ${missing}, but there is a file ${missing} beside the importer (wrangler v1 resolved bare module names in its upload folder; wrangler 2 and later do not), so ${fnId} cannot be bundled. Import it as "./${missing}".`;
  }
  if (missing && (missing.startsWith(".") || missing.startsWith("/"))) {
    return `${text}: there is no such file, so ${fnId} cannot be bundled and the other checks could not see past this import. If a build step or code generator writes it, run that before the audit; otherwise fix the import, or the deploy fails the same way.`;
  }
  return `${text}. The function ${fnId} cannot be bundled, so it would fail to deploy and the other checks could not see past this file. Fix the syntax or the import.`;
}

/**
 * A bundling error the deploy does not share, as a note instead of a parse-error: a file the platform
 * never packages (a repository's package.json outside SAM's CodeUri), or an import of build output
 * git ignores (a framework's build folder), which exists once the project is built.
 */
function notDeployFailure(m: Message, file: string, fn: FunctionInfo, root: string, cache: FileCache): string | undefined {
  if (!m.location || m.pluginName === BOUNDARY_PLUGIN) return undefined;
  const abs = path.resolve(root, file);
  if (fn.deployRoot && /\.json$/i.test(file) && path.relative(fn.deployRoot, abs).startsWith("..")) {
    const deployed = rel(root, fn.deployRoot);
    return `${m.text}: the deploy of ${fn.id} never reads this file (it packages ${deployed || "."}/ only), but coldstart's bundler does, so the function was not bundled: its size and the checks that need its bundle are missing. Fix the file to get them.`;
  }
  const missing = /^Could not resolve "(\.{1,2}\/[^"]+)"/.exec(m.text)?.[1];
  if (!missing) return undefined;
  const target = rel(root, path.resolve(path.dirname(abs), missing));
  if (target.startsWith("..")) return undefined;
  const ignored = gitignored(root, target, (f) => cache.text(f));
  if (!ignored) return undefined;
  return `${fn.id} imports "${missing}", build output that is not there yet (\`${ignored.pattern}\` in ${ignored.file} keeps it out of git): build the project first, then audit again. Until then ${fn.id} is not bundled, so its size and the checks that need its bundle are missing.`;
}

function rel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join("/");
}

/**
 * One finding per problem: when several functions reach the same module, a rule reports the same
 * rule, place and message once per function; keep the first and list every function on it.
 */
export function mergeShared(raw: Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  const merged: Finding[] = [];
  for (const f of raw) {
    const key = [f.ruleId, f.file, f.line, f.column, f.message].join("\0");
    const first = byKey.get(key);
    if (!first) {
      byKey.set(key, f);
      merged.push(f);
      continue;
    }
    if (!f.function || f.function === first.function) continue;
    const functions = first.functions ?? (first.function ? [first.function] : []);
    if (!functions.includes(f.function)) first.functions = [...functions, f.function];
  }
  return merged;
}

function knownOff(config: AuditConfig, id: string): boolean {
  return severityFor(config, id, "error") === "off";
}

function ruleContext(
  project: Project,
  functions: FunctionContext[],
  rule: Rule,
  config: AuditConfig,
  today: string,
  rel: (abs: string) => string,
  cache: FileCache,
  gzip: (functions: FunctionContext[]) => Promise<void>,
): RuleContext {
  const prescan = rule.meta.prescan;
  return {
    gzip,
    project,
    functions: functions.filter((c) => appliesTo(rule, c.fn)),
    relative: rel,
    settings: settingsFor(config, rule.meta.id),
    today,
    candidates: (fn) => (prescan ? fn.files.filter((f) => cache.matches(f, prescan)) : fn.files),
    text: (abs) => cache.text(abs),
    fact: (abs, fact) => cache.fact(abs, fact),
  };
}

/**
 * `rules.<id>` may set only the options the rule declares: a misspelt one (`maxPoolsize`) is a
 * config error with the closest name, not a setting silently ignored.
 */
function checkRuleOptions(rules: Rule[], config: AuditConfig): void {
  for (const rule of rules) {
    const entry = config.rules?.[rule.meta.id];
    if (!entry || typeof entry !== "object") continue;
    const { severity: _severity, ...given } = entry as Record<string, unknown>;
    const schema = rule.meta.options ?? z.strictObject({});
    const parsed = schema.safeParse(given);
    if (parsed.success) continue;
    const issue = parsed.error.issues[0]!;
    const known = Object.keys(schema.shape);
    let message = formatIssue({ ...issue, path: ["rules", rule.meta.id, ...issue.path] });
    if (issue.code === "unrecognized_keys") {
      const suggestion = closest(issue.keys[0]!, known);
      message += known.length === 0 ? ` (${rule.meta.id} takes no options)` : suggestion ? `; did you mean "${suggestion}"?` : ` (options: ${known.join(", ")})`;
    }
    throw new ConfigError(message, { hint: `The options of ${rule.meta.id} are in ${rule.meta.docsUrl}.` });
  }
}

/** A rule sees the functions of its platforms, and of its runtimes when it names them. */
function appliesTo(rule: Rule, fn: FunctionInfo): boolean {
  return rule.meta.platforms.includes(fn.platform) && (!rule.meta.runtimes || rule.meta.runtimes.includes(fn.runtime));
}

function sortFindings(findings: Finding[]): void {
  findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) ||
      (a.function ?? "").localeCompare(b.function ?? ""),
  );
}

async function discover(root: string, platforms: Record<string, Platform>, boundary: Boundary, listing: FileList | undefined): Promise<Project> {
  const { discoverProject, describeSearch } = await import("../project/discover.js");
  const project = await discoverProject(root, { platforms, boundary, ...(listing ? { listing } : {}) });
  const first = project.problems[0];
  if (project.functions.length === 0 && first) {
    // A parser's message may quote the line it stopped at: mask what it holds, as findings are.
    throw new InputError(`${first.at.file}${first.at.line ? `:${first.at.line}` : ""}: ${createRedactor().string(first.message)}`, {
      hint: "No functions could be read; fix the configuration above and run again.",
    });
  }
  if (project.functions.length === 0) {
    const seen = (project.notes ?? []).map((n) => `  - ${n.at.file}${n.at.line ? `:${n.at.line}` : ""}: ${n.message}`);
    // Something was recognised: what it is and what to do matter, not the list of everything else coldstart reads.
    if (seen.length > 0) {
      throw new InputError(`nothing to audit in ${root}: what coldstart found there is below, with why it was not audited.`, {
        hint: ["Seen but not audited:", ...seen, "The project kinds coldstart reads, and the files it reads for each, are in the README's table of supported project kinds."].join("\n"),
      });
    }
    throw new InputError(`no serverless functions found in ${root}.`, {
      hint: ["Looked for:", ...describeSearch().map((line) => `  - ${line}`)].join("\n"),
    });
  }
  return project;
}

async function loadAuditConfig(root: string, configPath: string | undefined): Promise<AuditConfig> {
  const { loadConfig } = await import("../config/load.js");
  return (await loadConfig(root, configPath));
}

/** The ids given to `--rule`, checked: an unknown one is a usage error naming the closest rule. */
async function checkRuleIds(ids: string[]): Promise<Set<string>> {
  const { ruleLoaders } = await import("./rules/index.js");
  const known = [...Object.keys(ruleLoaders), ...BUILTIN_RULES.map((r) => r.id)];
  for (const id of ids) {
    if (known.includes(id)) continue;
    const suggestion = closest(id, known);
    throw new UsageError(`--rule ${id}: no such rule${suggestion ? `; did you mean ${suggestion}?` : ""}`, { hint: `Rules: ${known.join(", ")}` });
  }
  return new Set(ids);
}

/** The functions `--function` selects, by id or entry; none selected is a usage error. */
function selectFunctions(project: Project, globs: string[] | undefined): Project {
  if (!globs || globs.length === 0) return project;
  const match = matcher(globs);
  const rel = (abs: string) => path.relative(project.root, abs).split(path.sep).join("/");
  const functions = project.functions.filter((fn) => match(fn.id) || match(rel(fn.inline?.file ?? fn.entry)));
  if (functions.length === 0) {
    const examples = project.functions.slice(0, 3).map((fn) => fn.id);
    throw new UsageError(`--function ${globs.join(", ")}: matches none of the ${project.functions.length} functions found`, {
      hint: examples.length > 0 ? `Match a function's id or entry, for example: ${examples.join(", ")}` : "No function was found in this folder.",
    });
  }
  return { ...project, functions };
}

/** The rules this run runs: registered (or given), selected by --rule, on for the config, on one of the project's platforms. */
async function loadRules(options: AuditOptions, config: AuditConfig, only: Set<string> | undefined, platforms: Set<Platform>): Promise<Rule[]> {
  const loaded = (options.rules ?? (await registryRules(config))).filter((rule) => !only || only.has(rule.meta.id));
  checkRuleOptions(loaded, config);
  return loaded.filter(
    (rule) => severityFor(config, rule.meta.id, rule.meta.defaultSeverity) !== "off" && rule.meta.platforms.some((p) => platforms.has(p)),
  );
}

/** Functions from which TypeScript is loaded ahead even when no entry needs a tree (see audit()). */
const PRELOAD_TYPESCRIPT_AT = 10;

/**
 * The entries parsed while esbuild runs: those a rule's prescan matches. A rule without a prescan
 * parses what it needs when it runs (most of them read configuration and bundle facts only, and
 * bundle/eager-import parses only entries that quote a heavy package): parsing every entry ahead
 * for them would take cores from esbuild for trees nothing reads. An entry an earlier run knew as
 * it is now is left to the rules: what they draw from it may be kept (FileCache.fact), and a rule
 * that does need its tree parses it then.
 */
function entriesToParse(functions: FunctionInfo[], rules: Rule[], cache: FileCache): string[] {
  const prescans = rules.flatMap((rule) => (rule.meta.prescan ? [rule.meta.prescan] : []));
  return [...new Set(functions.filter((fn) => !fn.codeMissing).map((fn) => fn.entry))].filter(
    (entry) => !cache.unchanged(entry) && cache.text(entry) !== undefined && prescans.some((prescan) => cache.matches(entry, prescan)),
  );
}

async function registryRules(config: AuditConfig): Promise<Rule[]> {
  const { ruleLoaders, loadRules } = await import("./rules/index.js");
  return loadRules(Object.keys(ruleLoaders).filter((id) => severityFor(config, id, "error") !== "off"));
}
