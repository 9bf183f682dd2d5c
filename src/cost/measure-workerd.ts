import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import type { Plugin } from "esbuild";
import { esbuildBuild } from "../audit/bundle.js";
import type { FunctionInfo } from "../project/types.js";
import { memoryNote, runContained } from "./contain.js";
import { findNode } from "./find-node.js";
import type { RunSpec } from "./measure.js";
import { measureEnv } from "./measure-env.js";
import { firstLine } from "./measure-output.js";
import { harnessSource, WORKERD_RUNNER_SOURCE } from "./measure-workerd-runner.js";
import { combineRuns, readRun } from "./measured.js";
import type { Measured } from "./types.js";

/**
 * workerd does not hold a Worker to its 128 MB locally, and needs about 1 GB of address space to
 * start: the group may use this much until the runtime is up, then 128 MB more than it used then.
 */
const STARTUP_MB = 1024;
/** Each process's writable memory: workerd will not start under about 1 GB, so twice that. */
const DATA_LIMIT_MB = 2048;

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
export async function measureInWorkerd(fn: FunctionInfo, spec: RunSpec): Promise<Measured | { error: string }> {
  const { runs, dir, safe, memoryMb } = spec;
  const requestPath = spec.requestPath ?? "/";
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
    await esbuildBuild({
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
  const { env } = await measureEnv(fn, dir, { WRANGLER_SEND_METRICS: "false", MINIFLARE_TELEMETRY_DISABLED: "true" });
  const run = await runContained(node.path, [runner, miniflare.entry, JSON.stringify(options), requestPath, String(runs), String(spec.coldStarts)], {
    cwd: fn.packageRoot,
    env,
    timeoutMs: spec.timeoutMs,
    graceMs: spec.graceMs,
    memoryMb,
    dataLimitMb: DATA_LIMIT_MB,
    baseline: { marker: "__COLDSTART_RUNTIME_READY__", startupMemoryMb: STARTUP_MB },
  });
  const outcome = readRun(run, fn.platform, memoryMb);
  if ("error" in outcome) return outcome;
  if ("thrown" in outcome) return { error: `workerd: ${outcome.thrown}` };
  const f = outcome.figures;
  const cpuNote = f.cpuObserved ? "CPU is workerd's, read from /proc" : "CPU is not observable on this OS: wall time is used as its upper bound";
  const k = f.callsPerRequest ?? 1;
  const requests = f.wallSamples?.length ?? 0;
  const batched = k > 1 ? `; warm: ${requests} requests of ${k} calls each, to rise above a request's noise, so percentiles are of each request's mean per call` : `; warm: ${requests} requests of one call`;
  const colds = (f.initSamples?.length ?? 1) > 1 ? `; init from ${f.initSamples!.length} cold starts, each in a fresh workerd` : "";
  const input = `GET ${requestPath}`;
  const how = `in workerd via miniflare ${miniflare.version} (Node ${node.version}); ${input} answered ${f.status ?? "?"}; ${cpuNote}; each figure net of an empty request (${(f.overheadMs ?? 0).toFixed(1)} ms)${batched}${colds} (${memoryNote(memoryMb, { heap: false, above: "above workerd's own" })})`;
  return combineRuns([{ input, weight: 1, runs: [f] }], { how, weighting: { from: "equal", detail: "one input" } });
}
