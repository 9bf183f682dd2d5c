import { existsSync, realpathSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { ColdstartConfig } from "../config/schema.js";
import { ConfigError } from "../errors.js";
import { budgetsFrom, checkBudgets } from "./budgets.js";
import type { Limit } from "./limits.js";
import { compareSnapshots } from "./compare.js";
import { extractTree, openGit, resolveBase } from "./git.js";
import { workingTreeChanges } from "./worktree.js";
import { takeSnapshot, type Snapshot } from "./snapshot.js";
import type { CostSettingsInput, DiffResult } from "./types.js";

export interface DiffOptions {
  /** The project folder (the head: the working tree as it is). */
  root: string;
  /** A branch, tag or commit; default: the merge base with GITHUB_BASE_REF or origin/HEAD. */
  base?: string;
  configPath?: string;
  /** Relative paths in options resolve against it (default: process.cwd()). */
  cwd?: string;
  failOnIncrease?: Limit;
  maxSizeIncrease?: Limit;
  env?: NodeJS.ProcessEnv;
  version?: string;
  /** YYYY-MM-DD that date rules judge against (tests). */
  today?: string;
}

const EMPTY: Snapshot = { functions: [], findings: [], priceSources: {}, coldStartModel: undefined };

/**
 * Compares the base commit with the working tree: both are audited and priced the same way, under
 * the head's usage assumptions, and nothing of the project runs (git and esbuild only).
 */
export async function runDiff(options: DiffOptions): Promise<DiffResult> {
  const env = options.env ?? process.env;
  const root = realpathSync(path.resolve(options.cwd ?? process.cwd(), options.root));
  const git = await openGit(root, env);
  const base = await resolveBase(git, options.base, env);
  const headCommit = await git.text(["rev-parse", "HEAD"]);
  const dirty = (await workingTreeChanges(git, headCommit)).files.length > 0;
  const rel = path.relative(realpathSync(git.top), root);

  const { loadConfig } = await import("../config/load.js");
  const { resolvePrices } = await import("../cost/prices.js");
  const configPath = options.configPath === undefined ? undefined : path.resolve(options.cwd ?? process.cwd(), options.configPath);
  const config = await loadConfig(root, configPath);
  const cost: CostSettingsInput = {
    config: config.cost,
    prices: resolvePrices(config.cost?.prices ? [{ label: "config cost.prices", data: config.cost.prices }] : []),
    ...(config.vercel?.plan ? { vercelPlan: config.vercel.plan } : {}),
    ...(config.workers?.plan ? { workersPlan: config.workers.plan } : {}),
    ...(options.today ? { today: options.today } : {}),
  };

  const baseSnapshot = await snapshotOfCommit(root, rel, configPath, base.commit, git, config, cost);
  const headSnapshot = await takeSnapshot(root, config, cost);
  const compared = compareSnapshots(baseSnapshot, headSnapshot);
  const budgets = checkBudgets(budgetsFrom(config.diff, options), compared.functions, compared.totals.monthlyUsd);
  return {
    schemaVersion: 1,
    tool: { name: "coldstart", version: options.version ?? "0.0.0" },
    base,
    head: { ref: dirty ? "working tree" : "HEAD", commit: headCommit, dirty },
    dir: rel === "" ? "." : rel.split(path.sep).join("/"),
    ...compared,
    budgets,
    sources: {
      size: "esbuild metafile of each function's bundle, minified; gzip of that output",
      coldStart: headSnapshot.coldStartModel ?? baseSnapshot.coldStartModel ?? "no function was bundled",
      prices: { ...baseSnapshot.priceSources, ...headSnapshot.priceSources },
      usage: "the head's config (cost.defaults, cost.functions), else coldstart's stated defaults, for both sides; memory, runtime and architecture as each side declares",
    },
  };
}

/**
 * The base tree is written below the project (`.coldstart-diff-*`, hidden, so discovery skips it)
 * so that the head's installed packages are in a node_modules folder above it, which both Node
 * resolution and the audit's boundary accept; nothing is linked. An empty `.git` folder beside
 * it marks the top of that tree, so a workspace above the project is not taken for its own.
 */
async function snapshotOfCommit(
  root: string,
  rel: string,
  configPath: string | undefined,
  commit: string,
  git: Awaited<ReturnType<typeof openGit>>,
  headConfig: ColdstartConfig,
  cost: CostSettingsInput,
): Promise<Snapshot> {
  await removeStale(root);
  const container = await mkdtemp(path.join(root, CONTAINER_PREFIX));
  try {
    await mkdir(path.join(container, ".git"));
    const tree = path.join(container, "base");
    await extractTree(git, commit, tree);
    const baseRoot = path.join(tree, rel);
    if (!existsSync(baseRoot)) return EMPTY;
    const config = await baseConfig(root, baseRoot, configPath, headConfig);
    return await takeSnapshot(baseRoot, config, cost);
  } finally {
    await rm(container, { recursive: true, force: true });
  }
}

const CONTAINER_PREFIX = ".coldstart-diff-";

/** A run stopped by a signal leaves its folder behind: ours are known by the empty `.git` marker beside `base`. */
async function removeStale(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (!name.startsWith(CONTAINER_PREFIX)) continue;
    const dir = path.join(root, name);
    const entries = await readdir(dir).catch(() => []);
    if (entries.every((e) => e === ".git" || e === "base") && (await readdir(path.join(dir, ".git")).catch(() => undefined))?.length === 0) {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** The base's own rule settings judge the base; a config the head's schema refuses falls back to the head's. */
async function baseConfig(root: string, baseRoot: string, configPath: string | undefined, headConfig: ColdstartConfig): Promise<ColdstartConfig> {
  const { loadConfig } = await import("../config/load.js");
  const inside = configPath !== undefined && !path.relative(root, configPath).startsWith("..");
  const mapped = inside ? path.join(baseRoot, path.relative(root, configPath)) : undefined;
  if (configPath !== undefined && !(mapped && existsSync(mapped))) return headConfig;
  try {
    return await loadConfig(baseRoot, mapped);
  } catch (error) {
    if (error instanceof ConfigError) return headConfig;
    throw error;
  }
}
