import { InputError, UsageError } from "../errors.js";
import type { Project } from "../project/types.js";
import { VERCEL_PLANS, WORKERS_PLANS, type Settings, type Subject } from "./assumptions.js";
import { estimateAll, priceSources, sweepsFor, totals, type CostReport, type Job } from "./estimate.js";
import { checkFlags } from "./flags.js";
import type { PriceOptions } from "./lambda.js";
import type { PriceTable } from "./price-table.js";
import type { Sweep } from "./sweep.js";
import { COST_PLATFORMS, type CostPlatform, type Measured } from "./types.js";
import { platformName } from "../platforms/index.js";

export interface CostRequest {
  /** Undefined for what-if mode. */
  project: Project | undefined;
  whatIfReason?: string;
  platform?: CostPlatform | "all";
  compare: boolean;
  memorySweep: boolean;
  /** Sweeps are computed for the HTML chart even without --memory-sweep. */
  needSweeps: boolean;
  settings: Settings;
  prices: PriceTable;
  measured?: Map<string, Subject["measured"]>;
  priceOptions?: PriceOptions;
}

export const WHAT_IF_ID = "what-if";

export function planFor(plan: string | undefined): void {
  if (plan === undefined) return;
  const all = [...VERCEL_PLANS, ...WORKERS_PLANS] as string[];
  if (!all.includes(plan)) throw new UsageError(`--plan must be one of ${all.join(", ")} (Vercel: hobby, pro, pro-legacy; Workers: free, paid), got "${plan}".`);
}

/** The regions each platform prices by; a platform billed globally has none. */
const REGIONS: Record<CostPlatform, (prices: PriceTable) => Record<string, unknown> | undefined> = {
  "aws-lambda": (prices) => prices["aws-lambda"].regions,
  vercel: (prices) => prices.vercel.regions,
  "cloudflare-workers": () => undefined,
};

export function checkRegion(region: string | undefined, prices: PriceTable, platforms: CostPlatform[]): void {
  if (region === undefined) return;
  const regional = platforms.filter((p) => REGIONS[p](prices) !== undefined);
  if (regional.some((p) => REGIONS[p](prices)![region])) return;
  const known = regional.flatMap((p) => Object.keys(REGIONS[p](prices)!));
  if (known.length === 0) throw new UsageError(`--region does not apply to ${platforms.map(platformName).join(" or ")}: billing is global.`);
  throw new InputError(`no prices for region "${region}" on ${regional.join(" or ")} (known: ${known.join(", ")})`, {
    hint: "Add the region's rates with --prices <file.json> or config cost.prices.",
  });
}

type Selection = Pick<CostRequest, "project" | "platform" | "compare">;

/** Compared on all three platforms: asked for, `--platform all`, or what-if without a platform. */
function comparing(req: Selection): boolean {
  return req.compare || req.platform === "all" || (req.project === undefined && req.platform === undefined);
}

function platformsOf(subject: Subject, req: Selection): CostPlatform[] {
  if (comparing(req)) return [...COST_PLATFORMS];
  return req.platform && req.platform !== "all" ? [req.platform] : [subject.fn!.platform];
}

/**
 * What is priced: each function, except that routes a framework deploys together (a whole app in one
 * Worker or function) are one subject, named by the unit, billed once for all their traffic.
 */
function subjectsOf(req: Pick<CostRequest, "project" | "measured">): Subject[] {
  if (req.project === undefined) return [{ id: WHAT_IF_ID }];
  const subjects: Subject[] = [];
  const units = new Map<string, Subject>();
  // A function on a host with its own terms (Shopify Oxygen) has no platform price to estimate.
  for (const fn of req.project.functions.filter((f) => !f.host)) {
    if (fn.deployUnit === undefined) {
      subjects.push({ id: fn.id, fn, measured: req.measured?.get(fn.id) });
      continue;
    }
    const unit = units.get(fn.deployUnit);
    if (unit) {
      unit.routes!.push(fn.id);
      continue;
    }
    const subject: Subject = { id: fn.deployUnit, fn, routes: [fn.id] };
    units.set(fn.deployUnit, subject);
    subjects.push(subject);
  }
  for (const unit of units.values()) {
    const measured = meanMeasured(unit.routes!.flatMap((id) => req.measured?.get(id) ?? []));
    if (measured) unit.measured = measured;
  }
  return subjects;
}

/** A deploy unit's measurement: the mean of its measured routes, each weighted alike; each route's inputs kept, with their share of the unit. */
function meanMeasured(list: Measured[]): Measured | undefined {
  if (list.length <= 1) return list[0];
  const mean = (f: (m: Measured) => number) => list.reduce((s, m) => s + f(m), 0) / list.length;
  const out: Measured = {
    initMs: Math.max(...list.map((m) => m.initMs)),
    wallMs: mean((m) => m.wallMs),
    cpuMs: mean((m) => m.cpuMs),
    firstWallMs: mean((m) => m.firstWallMs ?? m.wallMs),
    runs: list.reduce((s, m) => s + m.runs, 0),
    how: `as the mean of ${list.length} routes (init: the slowest, as the unit loads them all): ${list[0]!.how}`,
    inputs: list.flatMap((m) => (m.inputs ?? []).map((i) => ({ ...i, weight: i.weight / list.length }))),
    weighting: { from: "equal", detail: `each of the ${list.length} measured routes alike` },
  };
  if (list.every((m) => m.responseBytes !== undefined)) out.responseBytes = mean((m) => m.responseBytes!);
  return out;
}

/** "3 functions run on Shopify Oxygen and are not priced: <why>", once per host. */
function unpricedNotes(project: Project | undefined): string[] {
  const byHost = new Map<string, { why: string; count: number }>();
  for (const fn of project?.functions ?? []) {
    if (!fn.host) continue;
    const entry = byHost.get(fn.host.name) ?? { why: fn.host.why, count: 0 };
    entry.count++;
    byHost.set(fn.host.name, entry);
  }
  return [...byHost].map(([name, { why, count }]) => `${count} function${count === 1 ? " runs" : "s run"} on ${name} and ${count === 1 ? "is" : "are"} not priced: ${why}.`);
}

/** Every platform the request prices something on: the flags' ranges are theirs. */
export function pricedPlatforms(req: Selection): CostPlatform[] {
  return [...new Set(subjectsOf(req).flatMap((s) => platformsOf(s, req)))];
}

export function buildCostReport(req: CostRequest): { report: CostReport; sweeps: Sweep[] } {
  const whatIf = req.project === undefined;
  const compare = comparing(req);
  const subjects = subjectsOf(req);
  const settings: Settings = { ...req.settings, compare };

  const jobs: Job[] = subjects.flatMap((subject) => platformsOf(subject, req).map((platform) => ({ subject, platform })));
  const used = [...new Set(jobs.map((j) => j.platform))];
  checkFlags(req.settings.flags, used);
  checkRegion(req.settings.flags.region, req.prices, used);

  const estimates = estimateAll(jobs, settings, req.prices, req.priceOptions);
  // The ranges keep every figure finite; this is the last guard before "$∞/month" could be printed.
  const broken = estimates.find((e) => !Number.isFinite(e.monthlyUsd) || e.lines.some((l) => !Number.isFinite(l.usd)));
  if (broken) throw new InputError(`${broken.function} on ${broken.platform}: the estimate is not a finite number; check the price overrides and traffic assumptions`);
  const sweeps = req.memorySweep || req.needSweeps ? sweepsFor(jobs, settings, req.prices, req.priceOptions) : [];
  const notes: string[] = [];
  if (compare && subjects.length > 0) {
    notes.push("Compared: Lambda bills wall time x memory, Vercel bills Active CPU plus memory for the instance's lifetime, Workers bills CPU time only.");
  }
  if (compare && subjects.length > 1) notes.push("Each platform's total prices every function there as one account.");
  notes.push(...unpricedNotes(req.project));
  const report: CostReport = {
    mode: whatIf ? "what-if" : "project",
    ...(req.whatIfReason ? { modeNote: req.whatIfReason } : {}),
    compare,
    estimates,
    ...totals(estimates, compare),
    prices: priceSources(req.prices, used, estimates),
    ...(req.memorySweep ? { sweeps } : {}),
    notes,
  };
  return { report, sweeps };
}
