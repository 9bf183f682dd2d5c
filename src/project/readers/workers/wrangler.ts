import path from "node:path";
import { addConfigFile, addNote, addProblem, isRecord, loc, readOrReport, uniqueId, type ScanContext } from "../../context.js";
import { isFile, readText, relativeTo, SKIPPED_DIRS } from "../../files.js";
import type { Boundary } from "../../source/boundary.js";
import { parseJsonc } from "../../formats/jsonc.js";
import { failureMessage } from "../../formats/limits.js";
import type { LocatedDocument } from "../../formats/located.js";
import { parseToml } from "../../formats/toml.js";
import type { FunctionInfo, SourceLocation, WorkersSettings, WorkersTool } from "../../types.js";
import { findWorkerdMaxDate, findWorkersTools } from "./workerd.js";
import { BUILD_DIRS, SOURCE_EXTENSIONS, TEST_FOLDER } from "../../source/extensions.js";
import { legacyMain, legacyRules, legacySettings } from "./wrangler-legacy.js";

/** Wrangler reads the first of these that exists in a folder. */
export const WRANGLER_FILES = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"];

type ParsedConfig = LocatedDocument<Record<string, unknown>>;

/** A template's placeholder for a value its scaffolder fills in: `<COMPATIBILITY_DATE>`, `{{ date }}`, `${DATE}`, `%DATE%`. */
const TEMPLATE_PLACEHOLDER = /^(?:<[A-Z][A-Z0-9_]*>|\{\{\s*[\w.-]+\s*\}\}|\$\{[A-Z][A-Z0-9_]*\}|%[A-Z][A-Z0-9_]*%)$/;

export async function discoverWorkers(ctx: ScanContext): Promise<void> {
  const byDir = new Map<string, string>();
  for (const rel of ctx.files) {
    const base = path.posix.basename(rel);
    if (!WRANGLER_FILES.includes(base)) continue;
    const dir = path.posix.dirname(rel);
    const current = byDir.get(dir);
    if (current === undefined || WRANGLER_FILES.indexOf(base) < WRANGLER_FILES.indexOf(path.posix.basename(current))) {
      byDir.set(dir, rel);
    }
  }
  const inTests: string[] = [];
  for (const rel of byDir.values()) {
    const abs = path.join(ctx.pkgRoot, rel);
    // A config a framework adapter already read (its app's Worker) is not a Worker of its own.
    if (ctx.claimed.has(abs)) continue;
    // One in a test folder (relative to the audited folder) configures a Worker the tests run.
    if (TEST_FOLDER.test(relativeTo(ctx.root, abs))) inTests.push(rel);
    else if ((await readWranglerFile(ctx, abs)) === "test worker") inTests.push(rel);
  }
  if (inTests.length > 0) addTestWorkersNote(ctx, inTests);
}

/**
 * Wrangler configs in test folders, or whose `main` is in one, configure the Workers a package's
 * tests run (@cloudflare/vitest-pool-workers' `wrangler.configPath`, `wrangler dev` in end-to-end
 * tests), not Workers it deploys: they are not audited (their findings, sizes and costs are not the
 * project's), and one note per package says so. Audited as the folder given, such a folder is audited.
 */
function addTestWorkersNote(ctx: ScanContext, rels: string[]): void {
  const first = path.join(ctx.pkgRoot, rels[0]!);
  const folder = relativeTo(ctx.root, path.dirname(first));
  const them = rels.length === 1 ? `a wrangler config for a test Worker (${rels[0]})` : `${rels.length} wrangler configs for test Workers (${rels.join(", ")})`;
  addNote(ctx, first, 1,
    `${them}, in a test folder or with its \`main\` in one: ${rels.length === 1 ? "a Worker" : "Workers"} the tests run (@cloudflare/vitest-pool-workers, wrangler dev), not deployed by the project, so not audited. ` +
      `To audit one, audit its folder on its own (\`coldstart audit ${folder}\`)`);
}

/**
 * Reads one wrangler config into Workers, or says it configures a test Worker: one whose `main` is
 * in a test folder (`"main": "src/tests/worker.ts"`), unless the config is the audited folder's own.
 */
async function readWranglerFile(ctx: ScanContext, abs: string): Promise<"test worker" | undefined> {
  addConfigFile(ctx, abs, "wrangler");
  const text = await readOrReport(ctx, abs);
  if (text === undefined) return undefined;
  const parsed = parseConfig(ctx, abs, text);
  if (!parsed) return undefined;
  const dir = path.dirname(abs);
  const main = parsed.value.main;
  if (dir !== ctx.root && typeof main === "string" && TEST_FOLDER.test(relativeTo(ctx.root, path.resolve(dir, main)))) return "test worker";
  const workerdMaxDate = await findWorkerdMaxDate(dir, ctx.root, ctx.boundary);
  const tools = await findWorkersTools(dir, ctx.root, ctx.boundary);
  const top = parsed.value;
  await addWorker(ctx, { configAbs: abs, parsed, section: top, prefix: [], environment: undefined, workerdMaxDate, tools });
  const envs = top.env;
  if (envs === undefined) return undefined;
  if (!isRecord(envs)) {
    addProblem(ctx, abs, parsed.positionOf(["env"]), "`env` must be a table of named environments");
    return;
  }
  for (const [name, env] of Object.entries(envs)) {
    if (!isRecord(env)) {
      addProblem(ctx, abs, parsed.positionOf(["env", name]), `env.${name} must be a table`);
      continue;
    }
    await addWorker(ctx, { configAbs: abs, parsed, section: env, prefix: ["env", name], environment: name, workerdMaxDate, tools, top });
  }
}

function parseConfig(ctx: ScanContext, abs: string, text: string): ParsedConfig | undefined {
  const name = path.basename(abs);
  if (abs.endsWith(".toml")) {
    const result = parseToml(text);
    if (result.ok) return result.doc;
    addProblem(ctx, abs, result, failureMessage(name, result, "is not valid TOML"));
    return undefined;
  }
  const result = parseJsonc(text);
  if (!result.ok) {
    addProblem(ctx, abs, result, failureMessage(name, result, "is not valid"));
    return undefined;
  }
  if (!isRecord(result.doc.value)) {
    addProblem(ctx, abs, 1, `${name} must contain an object`);
    return undefined;
  }
  return { value: result.doc.value, positionOf: result.doc.positionOf };
}

/** One Worker's part of a config: the top level, or `env.<name>` with the top level to inherit from. */
interface WorkerSection {
  configAbs: string;
  parsed: ParsedConfig;
  section: Record<string, unknown>;
  prefix: string[];
  environment: string | undefined;
  workerdMaxDate: string | undefined;
  tools: WorkersTool[];
  top?: Record<string, unknown>;
}

type WorkerReader = ReturnType<typeof sectionReader>;

/** Reads one section of a config: a key from it or inherited from the top level, located where written. */
function sectionReader(ctx: ScanContext, { configAbs, parsed, section, prefix, environment, top }: WorkerSection) {
  return {
    inherited: (key: string): { value: unknown; path: string[] } | undefined => {
      if (section[key] !== undefined) return { value: section[key], path: [...prefix, key] };
      if (top && top[key] !== undefined) return { value: top[key], path: [key] };
      return undefined;
    },
    at: (p: string[]): SourceLocation => loc(ctx, configAbs, parsed.positionOf(p)),
    where: environment ? ` (env.${environment})` : "",
  };
}

/**
 * One worker per config and one per named environment: wrangler deploys each environment as its
 * own Worker. `main`, the compatibility settings and `limits` are inherited from the top level;
 * `vars` and bindings are not (wrangler's inheritance rules).
 */
async function addWorker(ctx: ScanContext, s: WorkerSection): Promise<void> {
  const { configAbs, parsed, prefix, environment } = s;
  const { inherited, at, where } = sectionReader(ctx, s);

  const legacy = legacySettings(inherited, at);
  const type = inherited("type");
  if (type?.value === "rust") {
    if (!environment) addNote(ctx, configAbs, parsed.positionOf(type.path), `the Worker is written in Rust (wrangler v1 \`type = "rust"\`); coldstart audits JavaScript and TypeScript only. wrangler 2 and later do not build it: use workers-rs (\`[build] command = "worker-build --release"\`, \`main = "build/worker/shim.mjs"\`)`);
    return;
  }
  const v1 = legacy.some((l) => l.key === "type" || l.key === "site" || l.key === "build.upload");
  const guessed = inherited("main") || !v1 ? undefined : await legacyMain(ctx, configAbs, inherited, at);
  const main = inherited("main") ?? (await scriptMain(ctx, configAbs)) ?? (guessed ? { value: guessed.value, path: [], at: guessed.at } : undefined);
  if (main === undefined) {
    // An assets-only Worker, or a framework that sets main at build time; or a wrangler v1 config whose entry was not found.
    if (v1 && !environment) {
      const first = legacy[0]!;
      addProblem(ctx, path.resolve(ctx.root, first.at.file), first.at, `${path.basename(configAbs)} is a wrangler v1 config (${legacy.map((l) => `\`${l.key}\``).join(", ")}) without \`main\`: wrangler 4 stops with "Missing entry-point", and coldstart found no entry where wrangler v1 looked (package.json \`main\` or \`module\`, index.js). Add \`main = "src/index.js"\` (the Worker's source) and remove the v1 settings`);
    } else if (!environment) addNote(ctx, configAbs, 1, `${path.basename(configAbs)} has no \`main\`, so there is no Worker code to audit`);
    return;
  }
  const mainAt: SourceLocation = "at" in main ? (main.at) : at(main.path);
  if (typeof main.value !== "string") {
    addProblem(ctx, configAbs, parsed.positionOf(main.path), `\`main\`${where} must be a string path`);
    return;
  }
  if (/\.py$/i.test(main.value)) {
    // A Python Worker: wrangler deploys it, but there is no JavaScript for coldstart to read.
    if (!environment) addNote(ctx, path.resolve(ctx.root, mainAt.file), mainAt, `the Worker${where} is written in Python (${main.value}); coldstart audits JavaScript and TypeScript only`);
    return;
  }
  const named = path.resolve(path.dirname(configAbs), main.value);
  const refused = ctx.boundary.refuse(named);
  if (refused) {
    addProblem(ctx, path.resolve(ctx.root, mainAt.file), mainAt, `\`main\`${where} points at ${main.value}, which ${refused}; coldstart reads only files inside the project, so this Worker is not audited. Point \`main\` at the Worker's source in the project`);
    return;
  }
  const entry = await resolveEntry(named, ctx.boundary);
  if (!(await isFile(entry, ctx.boundary))) {
    // Build output (OpenNext's .open-next/worker.js, SvelteKit's .svelte-kit/, Nuxt's .output/,
    // dist/) only exists after a build; so does anything in a hidden folder.
    const generated = relativeTo(ctx.pkgRoot, entry).split("/").slice(0, -1).some((part) => SKIPPED_DIRS.has(part) || BUILD_DIRS.has(part) || part.startsWith("."));
    // A build-output entry (OpenNext's .open-next/worker.js) only exists after a build.
    const file = path.resolve(ctx.root, mainAt.file);
    if (generated) addNote(ctx, file, mainAt, `\`main\`${where} is build output (${main.value}); build first to audit it`);
    else addProblem(ctx, file, mainAt, `\`main\`${where} points at ${main.value}, which does not exist`);
    return;
  }

  const settings = workersSettings(ctx, s);
  settings.locations.main = mainAt;
  if (legacy.length > 0) settings.legacy = legacy;
  if (guessed && main.path.length === 0) settings.guessedMain = { value: guessed.value, from: guessed.from };
  const entryRel = relativeTo(ctx.root, entry);
  const info: FunctionInfo = {
    id: uniqueId(ctx, `cloudflare-workers:${entryRel}${environment ? `#env.${environment}` : ""}`),
    platform: "cloudflare-workers",
    runtime: "workerd",
    entry,
    config: environment ? at(prefix) : mainAt,
    packageRoot: ctx.pkgRoot,
    workers: settings,
  };
  ctx.functions.push(info);
}

/**
 * A Worker's settings from one section of its config: compatibility date and flags and `limits`
 * are inherited from the top level, `vars` and bindings are not (wrangler's inheritance rules).
 */
function workersSettings(ctx: ScanContext, s: WorkerSection): WorkersSettings {
  const { configAbs, section, prefix, environment, workerdMaxDate, tools } = s;
  const { inherited, at, where } = sectionReader(ctx, s);
  const locations: WorkersSettings["locations"] = {};
  const date = inherited("compatibility_date");
  let compatibilityDate: string | undefined;
  if (date) {
    locations.compatibilityDate = at(date.path);
    const value = date.value instanceof Date ? date.value.toISOString().slice(0, 10) : date.value;
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) compatibilityDate = value;
    // A scaffolder's placeholder (create-cloudflare's templates have `<COMPATIBILITY_DATE>`) is filled
    // in when a project is created from the template: not an error there; the checks run without a date.
    else if (!(typeof value === "string" && TEMPLATE_PLACEHOLDER.test(value))) addProblem(ctx, configAbs, locations.compatibilityDate, `\`compatibility_date\`${where} must be a date like "2025-09-15"`);
  }
  const flags = inherited("compatibility_flags");
  const compatibilityFlags: string[] = [];
  if (flags) {
    locations.compatibilityFlags = at(flags.path);
    if (Array.isArray(flags.value) && flags.value.every((f) => typeof f === "string")) compatibilityFlags.push(...flags.value);
    else addProblem(ctx, configAbs, locations.compatibilityFlags, `\`compatibility_flags\`${where} must be a list of strings`);
  }
  const limitsEntry = inherited("limits");
  let limits: WorkersSettings["limits"];
  if (limitsEntry) {
    locations.limits = at(limitsEntry.path);
    limits = {};
    if (isRecord(limitsEntry.value) && typeof limitsEntry.value.cpu_ms === "number") limits.cpuMs = limitsEntry.value.cpu_ms;
  }
  const paidOnly = paidOnlySettings(s, at);
  let vars: Record<string, unknown> = {};
  if (section.vars !== undefined) {
    locations.vars = at([...prefix, "vars"]);
    if (isRecord(section.vars)) vars = section.vars;
    else addProblem(ctx, configAbs, locations.vars, `\`vars\`${where} must be a table`);
  }
  const bindings = (key: string, list: unknown = section[key], field = "binding"): string[] => {
    if (!Array.isArray(list)) return [];
    return list.filter(isRecord).flatMap((b) => (typeof b[field] === "string" ? [b[field]] : []));
  };
  const nested = (key: string, inner: string): unknown => (isRecord(section[key]) ? section[key][inner] : undefined);
  const settings: WorkersSettings = {
    compatibilityDate,
    compatibilityFlags,
    workerdMaxDate,
    tools,
    limits,
    bindings: {
      kv: bindings("kv_namespaces"),
      d1: bindings("d1_databases"),
      r2: bindings("r2_buckets"),
      hyperdrive: bindings("hyperdrive"),
      queues: bindings("queues", nested("queues", "producers")),
      durableObjects: bindings("durable_objects", nested("durable_objects", "bindings"), "name"),
      vars,
    },
    environment,
    locations,
  };
  if (paidOnly.length > 0) settings.paidOnly = paidOnly;
  const name = section.name ?? s.top?.name;
  if (typeof name === "string") settings.name = name;
  const rules = inherited("rules")?.value ?? legacyRules(inherited);
  if (Array.isArray(rules)) {
    settings.moduleRules = rules.flatMap((r) =>
      isRecord(r) && typeof r.type === "string" && Array.isArray(r.globs) ? [{ type: r.type, globs: r.globs.filter((g): g is string => typeof g === "string") }] : [],
    );
  }
  return settings;
}

/**
 * Settings the Workers Free plan does not offer, so a config that sets them deploys on Workers Paid
 * (or Enterprise); each source read 2026-12-05:
 * - `tail_consumers`: Tail Workers are available on the Workers Paid and Enterprise tiers
 *   (https://developers.cloudflare.com/workers/observability/logs/tail-workers/);
 * - `logpush = true`: Workers Trace Events Logpush is available on the Workers Paid plan
 *   (https://developers.cloudflare.com/workers/observability/logs/logpush/);
 * - `containers`: Cloudflare Containers run on the Workers Paid plan
 *   (https://developers.cloudflare.com/containers/platform/pricing/).
 * Durable Objects, Queues, Hyperdrive, D1, KV, R2, Vectorize and Workflows all have free tiers: not evidence.
 * An environment inherits `logpush` from the top level but not `tail_consumers` or `containers`
 * (wrangler's config validation: inheritable and notInheritable fields).
 */
function paidOnlySettings(s: WorkerSection, at: WorkerReader["at"]): NonNullable<WorkersSettings["paidOnly"]> {
  const out: NonNullable<WorkersSettings["paidOnly"]> = [];
  const own = (key: string) => (s.section[key] === undefined ? undefined : { value: s.section[key], path: [...s.prefix, key] });
  const logpush = own("logpush") ?? (s.top?.logpush === undefined ? undefined : { value: s.top.logpush, path: ["logpush"] });
  if (logpush?.value === true) out.push({ key: "logpush", at: at(logpush.path) });
  for (const key of ["tail_consumers", "containers"] as const) {
    const list = own(key);
    if (list && Array.isArray(list.value) && list.value.length > 0) out.push({ key, at: at(list.path) });
  }
  return out;
}

/** The Worker a framework deploys from this package: the top-level settings of its wrangler config, if it has one. */
export interface WorkersTarget {
  configAbs: string;
  settings: WorkersSettings;
  at: SourceLocation;
  /** The config's top level as written (`pages_build_output_dir`, `main`), and where a key is. */
  top: Record<string, unknown>;
  positionOf: (path: string[]) => SourceLocation;
}

/**
 * `configRel` when the framework's adapter is told which file to read; else the package's own
 * wrangler config, or the one a package.json script passes with `--config`.
 */
export async function readWorkersTarget(ctx: ScanContext, configRel?: string): Promise<WorkersTarget | undefined> {
  const named = configRel === undefined ? undefined : path.posix.normalize(configRel.replace(/^\.\//, ""));
  const rel = named !== undefined ? (ctx.files.includes(named) ? named : undefined) : (WRANGLER_FILES.find((name) => ctx.files.includes(name)) ?? (await scriptConfig(ctx)));
  if (!rel) return undefined;
  const abs = path.join(ctx.pkgRoot, rel);
  addConfigFile(ctx, abs, "wrangler");
  ctx.claimed.add(abs);
  const text = await readOrReport(ctx, abs);
  const parsed = text === undefined ? undefined : parseConfig(ctx, abs, text);
  if (!parsed) return undefined;
  const workerdMaxDate = await findWorkerdMaxDate(ctx.pkgRoot, ctx.root, ctx.boundary);
  const tools = await findWorkersTools(ctx.pkgRoot, ctx.root, ctx.boundary);
  const settings = workersSettings(ctx, { configAbs: abs, parsed, section: parsed.value, prefix: [], environment: undefined, workerdMaxDate, tools });
  settings.locations.config = loc(ctx, abs, 1);
  return { configAbs: abs, settings, at: settings.locations.config, top: parsed.value, positionOf: (p) => loc(ctx, abs, parsed.positionOf(p)) };
}

/** A config named on the command line (`wrangler deploy --config wrangler.prod.jsonc`, `opennextjs-cloudflare preview -c ...`): a deploy script wins. */
async function scriptConfig(ctx: ScanContext): Promise<string | undefined> {
  const text = await readText(path.join(ctx.pkgRoot, "package.json"), ctx.boundary);
  const parsed = text.ok ? parseJsonc(text.text) : undefined;
  if (!parsed?.ok || !isRecord(parsed.doc.value) || !isRecord(parsed.doc.value.scripts)) return undefined;
  const named = Object.entries(parsed.doc.value.scripts).flatMap(([name, command]) => {
    const m = typeof command === "string" ? /\b(?:wrangler|opennextjs-cloudflare)\b[^&|;]*?\s(?:--config|-c)[= ](\S+\.(?:jsonc?|toml))\b/.exec(command) : null;
    const rel = m ? path.posix.normalize(m[1]!).replace(/^\.\//, "") : undefined;
    return rel && ctx.files.includes(rel) ? [{ rel, deploy: /deploy|publish/.test(name) || /\bdeploy\b/.test(String(command)) }] : [];
  });
  return (named.find((n) => n.deploy) ?? named[0])?.rel;
}


/** `main` as esbuild (and so wrangler) resolves it: an extensionless path may name a .ts/.js file or a folder's index. */
async function resolveEntry(abs: string, boundary: Boundary): Promise<string> {
  if (await isFile(abs, boundary)) return abs;
  for (const candidate of [abs, path.join(abs, "index")]) {
    for (const ext of SOURCE_EXTENSIONS) {
      if (await isFile(candidate + ext, boundary)) return candidate + ext;
    }
  }
  return abs;
}

/**
 * Without `main` in the config, the entry may be given on the command line in package.json's
 * scripts (`wrangler deploy src/index.ts`), as many examples do: a deploy script wins over dev.
 */
async function scriptMain(ctx: ScanContext, configAbs: string): Promise<{ value: string; path: string[]; at: SourceLocation } | undefined> {
  const pkgAbs = path.join(path.dirname(configAbs), "package.json");
  const text = await readText(pkgAbs, ctx.boundary);
  if (!text.ok) return undefined;
  const parsed = parseJsonc(text.text);
  if (!parsed.ok || !isRecord(parsed.doc.value) || !isRecord(parsed.doc.value.scripts)) return undefined;
  const found = Object.entries(parsed.doc.value.scripts).flatMap(([name, command]) => {
    // A flag name starts with a letter or digit: with `--?[\w-]+`, `--a` read two ways and a long run of flags backtracked exponentially.
    const m = typeof command === "string" ? /\bwrangler\s+(deploy|publish|versions\s+upload|dev)\s+(?:--?\w[\w-]*(?:[= ][^\s-]\S*)?\s+)*([^\s-]\S*\.(?:[cm]?[jt]sx?))(?=\s|$)/.exec(command) : null;
    return m ? [{ name, verb: m[1]!, file: m[2]! }] : [];
  });
  const best = found.find((f) => f.verb !== "dev") ?? found[0];
  if (!best) return undefined;
  return { value: best.file, path: ["scripts", best.name], at: loc(ctx, pkgAbs, parsed.doc.positionOf(["scripts", best.name])) };
}
