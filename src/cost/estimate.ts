import { platformDef } from "../platforms/index.js";
import { resolveUsage, type Settings, type Subject } from "./assumptions.js";
import { priceLambda, type PriceOptions } from "./lambda.js";
import type { BindingKind, Dated, PriceTable } from "./price-table.js";
import { memorySweep, type Sweep } from "./sweep.js";
import { COST_PLATFORMS, total, type CostPlatform, type Estimate, type Priced, type PricedFunction } from "./types.js";
import { priceVercel } from "./vercel.js";
import { priceWorkers } from "./workers.js";

export interface PriceSource {
  asOf: string;
  source: string;
  details: Array<{ what: string } & Dated>;
}

export interface CostReport {
  mode: "project" | "what-if";
  /** Why this mode, e.g. "no functions found in ./api". */
  modeNote?: string;
  compare: boolean;
  estimates: Estimate[];
  /** Sum of all estimates; with --compare, the cheapest single platform's total (see totalsByPlatform). */
  totalMonthlyUsd: number;
  totalsByPlatform?: Partial<Record<CostPlatform, number>>;
  prices: Partial<Record<CostPlatform, PriceSource>>;
  sweeps?: Sweep[];
  notes: string[];
}

export interface Job {
  subject: Subject;
  platform: CostPlatform;
}

const PRICERS: Record<CostPlatform, (fns: PricedFunction[], prices: PriceTable, o: PriceOptions) => Priced[]> = {
  "aws-lambda": priceLambda,
  vercel: (fns, prices) => priceVercel(fns, prices),
  "cloudflare-workers": (fns, prices) => priceWorkers(fns, prices),
};

/** Prices every (function, platform) job; functions on one platform are one account. */
export function estimateAll(jobs: Job[], settings: Settings, prices: PriceTable, options: PriceOptions = {}): Estimate[] {
  const resolved = resolveJobs(jobs, settings, prices);
  const out: Estimate[] = [];
  for (const platform of COST_PLATFORMS) {
    const mine = resolved.filter((r) => r.job.platform === platform);
    if (mine.length === 0) continue;
    const priced = PRICERS[platform](mine.map((r) => ({ id: r.job.subject.id, usage: r.usage })), prices, options);
    mine.forEach((r, i) => {
      const p = priced[i];
      if (!p) return;
      out.push({
        function: r.job.subject.id,
        platform,
        monthlyUsd: total(p.lines),
        lines: p.lines,
        assumptions: { ...r.assumptions, notes: [...p.notes, ...r.assumptions.notes], warnings: [...p.warnings, ...r.assumptions.warnings] },
      });
    });
  }
  // Keep the caller's order: function by function, platforms in a fixed order.
  const order = (e: Estimate) => jobs.findIndex((j) => j.subject.id === e.function && j.platform === e.platform);
  return out.sort((a, b) => order(a) - order(b));
}

function resolveJobs(jobs: Job[], settings: Settings, prices: PriceTable) {
  return jobs.map((job) => ({ job, ...resolveUsage(job.subject, job.platform, settings, prices) }));
}

/**
 * A memory sweep for each function. One priced on Lambda is swept inside its account, with the same
 * usage as its estimate; one priced elsewhere is swept as it would run on Lambda, alone.
 */
export function sweepsFor(jobs: Job[], settings: Settings, prices: PriceTable, options: PriceOptions = {}): Sweep[] {
  const account: PricedFunction[] = resolveJobs(
    jobs.filter((j) => platformDef(j.platform).cost.memorySweep),
    settings,
    prices,
  ).map((r) => ({ id: r.job.subject.id, usage: r.usage }));
  const seen = new Set<string>();
  const sweeps: Sweep[] = [];
  for (const job of jobs) {
    if (seen.has(job.subject.id)) continue;
    seen.add(job.subject.id);
    const index = account.findIndex((f) => f.id === job.subject.id);
    if (index >= 0) {
      sweeps.push(memorySweep(index, account, prices, options));
    } else {
      const { usage } = resolveUsage(job.subject, "aws-lambda", settings, prices);
      sweeps.push(memorySweep(0, [{ id: job.subject.id, usage }], prices, options));
    }
  }
  return sweeps;
}

/** Where each platform's rates come from, section by section, with dates. */
/** What the estimates used that has sources of its own: Workers bindings' products, Vercel CDN regions. */
interface Used {
  bound: ReadonlySet<BindingKind>;
  cdnRegions: ReadonlySet<string>;
}

const SOURCES: Record<CostPlatform, (prices: PriceTable, used: Used) => PriceSource> = {
  "aws-lambda": ({ "aws-lambda": l }) => ({
    asOf: l.asOf,
    source: l.source,
    details: [
      { what: "regional rates", ...pickDated(l.regionsSource) },
      { what: "free tier", ...pickDated(l.freeTier) },
      { what: "INIT billing", ...pickDated(l.initBilling) },
      { what: "memory and vCPU", ...pickDated(l.memory) },
      { what: "API Gateway", ...pickDated(l.apiGateway) },
      { what: "API Gateway WebSocket", ...pickDated(l.apiGateway.webSocket) },
      { what: "Application Load Balancer", ...pickDated(l.alb) },
      { what: "X-Ray", ...pickDated(l.xray) },
      { what: "CloudWatch Logs", ...pickDated(l.logs) },
      { what: "hours per month", ...pickDated(l.month) },
    ],
  }),
  vercel: ({ vercel: v }, used) => ({
    asOf: v.asOf,
    source: v.source,
    details: [
      ...Object.entries(v.plans).map(([name, p]) => ({ what: `${name} plan`, ...pickDated(p) })),
      { what: "limits", ...pickDated(v.limits) },
      ...(v.cdn ? [{ what: "CDN (Edge Requests, Fast Origin Transfer, Fast Data Transfer)", ...pickDated(v.cdn) }] : []),
      ...(v.cdn ? [] : [...used.cdnRegions].filter((r) => v.cdnRegions[r]).map((r) => ({ what: `CDN in ${r} (Edge Requests, Fast Origin Transfer, Fast Data Transfer)`, ...pickDated(v.cdnRegions[r]!) }))),
    ],
  }),
  "cloudflare-workers": ({ "cloudflare-workers": w }, { bound }) => ({
    asOf: w.asOf,
    source: w.source,
    details: [{ what: "limits", ...pickDated(w.limits) }, ...[...bound].map((kind) => ({ what: w.bindings[kind].name, ...pickDated(w.bindings[kind]) }))],
  }),
};

/** Each platform's sources; `estimates` adds the rates of the Workers bindings they price. */
export function priceSources(prices: PriceTable, platforms: Iterable<CostPlatform>, estimates: Estimate[] = []): Partial<Record<CostPlatform, PriceSource>> {
  const bound = new Set(estimates.flatMap((e) => e.assumptions.bindings ?? []).map((b) => b.kind));
  // Only Vercel estimates have an "Edge Requests" line: those whose CDN meters were priced.
  const cdnPriced = estimates.filter((e) => e.lines.some((l) => l.item === "Edge Requests"));
  const cdnRegions = new Set(cdnPriced.flatMap((e) => (e.assumptions.region ? [e.assumptions.region] : [])));
  const out: Partial<Record<CostPlatform, PriceSource>> = {};
  for (const platform of new Set(platforms)) out[platform] = SOURCES[platform](prices, { bound, cdnRegions });
  return out;
}

function pickDated(d: Dated): Dated {
  return { source: d.source, asOf: d.asOf };
}

export function totals(estimates: Estimate[], compare: boolean): Pick<CostReport, "totalMonthlyUsd" | "totalsByPlatform"> {
  if (!compare) return { totalMonthlyUsd: estimates.reduce((s, e) => s + e.monthlyUsd, 0) };
  const byPlatform: Partial<Record<CostPlatform, number>> = {};
  for (const e of estimates) byPlatform[e.platform] = (byPlatform[e.platform] ?? 0) + e.monthlyUsd;
  const values = Object.values(byPlatform);
  return { totalMonthlyUsd: values.length ? Math.min(...values) : 0, totalsByPlatform: byPlatform };
}
