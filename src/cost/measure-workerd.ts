import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import type { Plugin } from "esbuild";
import type { FunctionInfo } from "../project/types.js";
import type { Measured } from "./assumptions.js";
import { harnessSource, WORKERD_RUNNER_SOURCE } from "./measure-workerd-runner.js";

const run = promisify(execFile);

interface Installed {
  entry: string;
  version: string;
  /** `engines.node`, e.g. ">=22.0.0". */
  nodeRange: string | undefined;
}

/** The package's package.json above a resolved file, found by walking up to its name. */
function packageAt(resolved: string, name: string): Installed | undefined {
  for (let dir = path.dirname(resolved); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string; engines?: { node?: string } };
    if (pkg.name !== name) continue;
    return { entry: resolved, version: pkg.version ?? "unknown", nodeRange: pkg.engines?.node };
  }
  return undefined;
}

/** miniflare as the project installed it: its own dependency, or wrangler's (pnpm keeps it there). */
export function findMiniflare(packageRoot: string): Installed | undefined {
  const fromProject = createRequire(path.join(packageRoot, "package.json"));
  const attempts = [() => fromProject.resolve("miniflare"), () => createRequire(fromProject.resolve("wrangler")).resolve("miniflare")];
  for (const attempt of attempts) {
    try {
      const found = packageAt(attempt(), "miniflare");
      if (found) return found;
    } catch {
      // not installed this way
    }
  }
  return undefined;
}

/**
 * Whether a Node version satisfies an `engines.node` range: `||` alternatives of space-separated
 * comparators (>=, >, <=, <, ^, ~, =, bare or x-ranges). Anything it cannot read counts as met.
 */
export function meetsRange(version: string, range: string | undefined): boolean {
  if (!range?.trim()) return true;
  const v = parts(version);
  return range.split("||").some((alternative) =>
    alternative.trim().replace(/(>=|<=|[<>=^~])\s+/g, "$1").split(/\s+/).filter(Boolean).every((comparator) => meets(v, comparator)),
  );
}

function parts(version: string): number[] {
  return version.replace(/^v/, "").split(".").map((n) => Number.parseInt(n, 10) || 0);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function meets(v: number[], comparator: string): boolean {
  const m = /^(>=|<=|[<>=^~])?v?((?:\d+|[xX*])(?:\.(?:\d+|[xX*]))*)$/.exec(comparator);
  if (!m) return true;
  const given = m[2]!.split(".").filter((p) => /^\d+$/.test(p)).map(Number);
  const b = [given[0] ?? 0, given[1] ?? 0, given[2] ?? 0];
  const c = compare(v, b);
  switch (m[1]) {
    case ">=": return c >= 0;
    case ">": return c > 0;
    case "<=": return c <= 0;
    case "<": return c < 0;
    case "^": return c >= 0 && v[0] === b[0];
    case "~": return c >= 0 && v[0] === b[0] && (given.length < 2 || v[1] === b[1]);
    default: return given.every((n, i) => v[i] === n);
  }
}

/** `node --version` of each binary asked about, once per run. */
const versions = new Map<string, Promise<string | undefined>>();

function versionOf(binary: string): Promise<string | undefined> {
  let known = versions.get(binary);
  if (!known) {
    known = run(binary, ["-p", "process.versions.node"], { timeout: 10_000 }).then((r) => r.stdout.trim(), () => undefined);
    versions.set(binary, known);
  }
  return known;
}

/** This Node if it meets the range, else the first `node` on PATH that does. */
export async function findNode(range: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; version: string } | undefined> {
  if (meetsRange(process.versions.node, range)) return { path: process.execPath, version: process.versions.node };
  const seen = new Set<string>([process.execPath]);
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, process.platform === "win32" ? "node.exe" : "node");
    if (seen.has(candidate) || !existsSync(candidate)) continue;
    seen.add(candidate);
    const version = await versionOf(candidate);
    if (version && meetsRange(version, range)) return { path: candidate, version };
  }
  return undefined;
}

/** Bare Node built-ins ("buffer") imported as workerd names them ("node:buffer"). */
const nodePrefix: Plugin = {
  name: "coldstart-node-prefix",
  setup(build) {
    const names = new Set(builtinModules.filter((m) => !m.startsWith("_") && !m.startsWith("node:")));
    build.onResolve({ filter: /^[a-z_/]+$/ }, (args) => (names.has(args.path) || names.has(args.path.split("/")[0]!) ? { path: `node:${args.path}`, external: true } : undefined));
  },
};

/**
 * Runs a Worker in workerd, the runtime it deploys to, through the miniflare the project has
 * installed (wrangler brings it), under a Node that miniflare supports.
 */
export async function measureInWorkerd(fn: FunctionInfo, runs: number, dir: string, safe: string, timeoutMs: number): Promise<Measured | { error: string }> {
  const settings = fn.workers;
  const miniflare = findMiniflare(fn.packageRoot);
  if (!miniflare) return { error: "miniflare is not installed; it comes with wrangler, so install the project's dependencies first" };
  const compatibilityDate = settings?.compatibilityDate ?? settings?.workerdMaxDate;
  if (!compatibilityDate) return { error: "the Worker has no compatibility_date to run it with" };
  const node = await findNode(miniflare.nodeRange);
  if (!node) {
    return { error: `miniflare ${miniflare.version} needs Node ${miniflare.nodeRange}: this is Node ${process.versions.node} and no \`node\` on PATH is newer; put one first on PATH` };
  }

  const bundleFile = `${safe}.worker.mjs`;
  try {
    const esbuild = await import("esbuild");
    await esbuild.build({
      entryPoints: [fn.entry],
      outfile: path.join(dir, bundleFile),
      bundle: true,
      format: "esm",
      platform: "browser",
      conditions: ["workerd", "worker", "browser"],
      target: "es2022",
      external: ["cloudflare:*", "node:*"],
      define: { "process.env.NODE_ENV": '"production"' },
      plugins: [nodePrefix],
      logLevel: "silent",
      absWorkingDir: fn.packageRoot,
    });
  } catch (error) {
    return { error: `esbuild could not bundle ${path.relative(fn.packageRoot, fn.entry)}: ${firstLine(error)}` };
  }
  const harness = path.join(dir, `${safe}.harness.mjs`);
  const runner = path.join(dir, "workerd-runner.mjs");
  await writeFile(harness, harnessSource(bundleFile));
  await writeFile(runner, WORKERD_RUNNER_SOURCE);

  const bindings = settings?.bindings;
  const options = {
    modules: [{ type: "ESModule", path: harness }, { type: "ESModule", path: path.join(dir, bundleFile) }],
    modulesRoot: dir,
    compatibilityDate,
    compatibilityFlags: settings?.compatibilityFlags ?? [],
    // In memory: nothing is written to the project's .wrangler/ state.
    kvNamespaces: bindings?.kv ?? [],
    d1Databases: bindings?.d1 ?? [],
    r2Buckets: bindings?.r2 ?? [],
    bindings: bindings?.vars ?? {},
  };
  try {
    const { stdout } = await run(node.path, [runner, miniflare.entry, JSON.stringify(options), "/", String(runs)], {
      cwd: fn.packageRoot,
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NODE_ENV: "production", WRANGLER_SEND_METRICS: "false", MINIFLARE_TELEMETRY_DISABLED: "true" },
    });
    const parsed = parseMeasurement(stdout) as (Partial<Measured> & { error?: string; cpuObserved?: boolean; status?: number; overheadMs?: number }) | undefined;
    if (!parsed) return { error: "the run printed no measurement" };
    if (parsed.error) return { error: `workerd: ${parsed.error}` };
    const cpuNote = parsed.cpuObserved ? "CPU is workerd's, read from /proc" : "CPU is not observable on this OS: wall time is used as its upper bound";
    const batched = (parsed.runs ?? runs) > runs ? `; ${(parsed.runs ?? runs) - 1} warm calls in one request, to rise above its noise` : "";
    const how = `in workerd via miniflare ${miniflare.version} (Node ${node.version}); GET / answered ${parsed.status}; ${cpuNote}; each figure net of an empty request (${(parsed.overheadMs ?? 0).toFixed(1)} ms)${batched}`;
    return { initMs: parsed.initMs ?? 0, wallMs: parsed.wallMs ?? 0, cpuMs: parsed.cpuMs ?? 0, firstWallMs: parsed.firstWallMs ?? 0, runs: parsed.runs ?? runs, how };
  } catch (error) {
    const killed = (error as { killed?: boolean }).killed;
    return { error: killed ? `timed out after ${timeoutMs / 1000} s` : firstLine(error) };
  }
}

/** The JSON the runners print after their marker line. */
export function parseMeasurement(stdout: string): Record<string, unknown> | undefined {
  const marker = stdout.lastIndexOf("__COLDSTART_MEASURE__");
  if (marker < 0) return undefined;
  return JSON.parse(stdout.slice(marker + "__COLDSTART_MEASURE__".length).split("\n")[0] ?? "{}") as Record<string, unknown>;
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").find((l) => l.trim() !== "")?.trim() ?? "unknown error";
}
