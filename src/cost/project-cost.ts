import path from "node:path";
import type { Io } from "../cli/ui.js";
import { InputError, UsageError } from "../errors.js";
import type { CostFlags } from "./assumptions.js";
import type { CostReport } from "./estimate.js";
import { checkFlags } from "./flags.js";
import { readPriceFile, resolvePrices, type PriceOverride } from "./prices.js";
import { buildCostReport, planFor, pricedPlatforms } from "./run.js";
import type { Sweep } from "./sweep.js";
import type { CostPlatform } from "./types.js";

export interface CostOptions extends CostFlags {
  dir: string;
  platform?: CostPlatform | "all";
  whatIf?: boolean;
  compare?: boolean;
  memorySweep?: boolean;
  /** Runs the project's functions: the CLI's opt-in only (needs `io` for its progress). */
  measure?: boolean;
  runs?: number;
  measureTimeout?: number;
  prices?: string;
  config?: string;
  /** Sweeps for the HTML chart even without --memory-sweep. */
  needSweeps?: boolean;
}

/** The cost report for a folder (or a what-if function): what `coldstart cost` prints, before formatting. */
export async function projectCost(opts: CostOptions, cwd: string, io?: Io): Promise<{ report: CostReport; sweeps: Sweep[] }> {
  const root = path.resolve(cwd, opts.dir ?? ".");
  planFor(opts.plan);
  if (opts.measure && opts.whatIf) throw new UsageError("--measure runs the project's functions; it cannot be combined with --what-if.");
  if (opts.runs !== undefined && !opts.measure) throw new UsageError("--runs only applies with --measure.");
  if (opts.measureTimeout !== undefined && !opts.measure) throw new UsageError("--measure-timeout only applies with --measure.");

  const { loadConfigWithSource } = await import("../config/load.js");
  const { config, source: configLabel } = await loadConfigWithSource(root, opts.config);
  const overrides: PriceOverride[] = [];
  if (config.cost?.prices) overrides.push({ label: "config cost.prices", data: config.cost.prices });
  if (opts.prices) overrides.push(await readPriceFile(opts.prices, cwd));
  const prices = resolvePrices(overrides);

  let project;
  let whatIfReason: string | undefined;
  if (!opts.whatIf) {
    const { discoverProject } = await import("../project/discover.js");
    const { platformsOf } = await import("../config/platforms.js");
    project = await discoverProject(root, { platforms: platformsOf(config) });
    if (project.functions.length === 0) {
      if (opts.measure) throw new UsageError(`--measure found no functions to run in ${opts.dir ?? "."}.`);
      // Broken configuration is not "no functions": pricing a made-up one would hide it in CI.
      const first = project.problems[0];
      if (first) {
        throw new InputError(`${first.at.file}${first.at.line ? `:${first.at.line}` : ""}: ${first.message}`, {
          hint: `No functions could be read; fix the configuration${project.problems.length > 1 ? ` (${project.problems.length} problems; \`coldstart audit\` lists them all)` : ""}, or price a hypothetical function with --what-if.`,
        });
      }
      whatIfReason = `no functions found in ${opts.dir ?? "."}`;
      project = undefined;
    }
  }

  const flags: CostFlags = {
    invocations: opts.invocations,
    duration: opts.duration,
    cpu: opts.cpu,
    memory: opts.memory,
    arch: opts.arch,
    region: opts.region,
    plan: opts.plan,
    freeTier: opts.freeTier,
    concurrency: opts.concurrency,
    coldStartRate: opts.coldStartRate,
  };
  // Before anything runs: a flag out of range is an error, not an hour of measuring first.
  const selection = { project, platform: opts.platform, compare: Boolean(opts.compare) };
  checkFlags({ ...flags, runs: opts.runs, measureTimeout: opts.measureTimeout }, pricedPlatforms(selection));

  // Checked with or without --measure: a config that names a missing or outside file is wrong either way.
  const { configuredEvents } = await import("./measure-events.js");
  const events = project ? await configuredEvents(config.cost, project, root, configLabel ?? "config") : undefined;

  let measured;
  if (opts.measure && project) {
    if (!io) throw new UsageError("measure runs the project's functions and is only offered by the CLI (`coldstart cost --measure`).");
    const { measureProject } = await import("./measure.js");
    const paths = Object.fromEntries(
      Object.entries(config.cost?.functions ?? {}).flatMap(([id, f]) => (f.measurePath ? [[id, f.measurePath]] : [])),
    );
    measured = await measureProject(project, {
      runs: opts.runs ?? 20,
      io,
      paths,
      defaultPath: config.cost?.defaults?.measurePath,
      ...(events ? { events } : {}),
      ...(opts.measureTimeout !== undefined ? { timeoutMs: opts.measureTimeout * 1000 } : {}),
    });
  }

  return buildCostReport({
    project,
    ...(whatIfReason ? { whatIfReason } : {}),
    platform: opts.platform,
    compare: Boolean(opts.compare),
    memorySweep: Boolean(opts.memorySweep),
    needSweeps: Boolean(opts.needSweeps),
    settings: { flags, cost: config.cost, vercelPlan: config.vercel?.plan, workersPlan: config.workers?.plan },
    prices,
    ...(measured ? { measured } : {}),
  });
}
