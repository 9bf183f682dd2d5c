import { InputError } from "../errors.js";
import type { LambdaTier, PriceTable } from "./price-table.js";
import { line, type Line, type Priced, type PricedFunction } from "./types.js";

export interface PriceOptions {
  /** The month being priced, YYYY-MM-DD; INIT is billed from prices.initBilling.billedFrom on. */
  billingDate?: string;
}

/** Cost of `gbSeconds` of aggregate monthly duration under cumulative tiers. */
export function tieredCost(gbSeconds: number, tiers: LambdaTier[]): number {
  let cost = 0;
  let floor = 0;
  for (const t of tiers) {
    const cap = t.upToGbSeconds ?? Number.POSITIVE_INFINITY;
    if (gbSeconds <= floor) break;
    cost += (Math.min(gbSeconds, cap) - floor) * t.usdPerGbSecond;
    floor = cap;
  }
  return cost;
}

export function regionPrices(prices: PriceTable, region: string) {
  const r = prices["aws-lambda"].regions[region];
  if (!r) {
    const known = Object.keys(prices["aws-lambda"].regions).join(", ");
    throw new InputError(`no AWS Lambda prices for region "${region}" (known: ${known})`, {
      hint: `Add it with --prices: { "aws-lambda": { "regions": { "${region}": { ... } } } }`,
    });
  }
  return r;
}

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * Prices every Lambda function of one account together: the free tier (requests and GB-s) and the
 * volume tiers apply to the account's monthly sum, so each function gets a usage-weighted share.
 */
export function priceLambda(fns: PricedFunction[], prices: PriceTable, options: PriceOptions = {}): Priced[] {
  const p = prices["aws-lambda"];
  const billingDate = options.billingDate ?? new Date().toISOString().slice(0, 10);
  const initBilled = billingDate >= p.initBilling.billedFrom;

  const raw = fns.map(({ id, usage: u }) => {
    const gb = u.memoryMb / 1024;
    const durationGbs = (u.invocations * gb * Math.ceil(u.durationMs)) / 1000;
    const initMs = Math.min(Math.ceil(u.initMs), p.initBilling.maxInitMs);
    const initGbs = initBilled ? (u.coldStartRate * u.invocations * gb * initMs) / 1000 : 0;
    const storageGbs = (u.invocations * (Math.max(0, u.ephemeralStorageMb - p.ephemeralStorage.freeMb) / 1024) * Math.ceil(u.durationMs)) / 1000;
    const r = regionPrices(prices, u.region);
    return { id, u, durationGbs, initGbs, storageGbs, r, tiers: r[u.arch].durationTiers, group: `${u.region}|${u.arch}` };
  });

  const anyFree = fns.some((f) => f.usage.freeTier);
  const totalRequests = raw.reduce((s, x) => s + x.u.invocations, 0);
  const totalGbs = raw.reduce((s, x) => s + x.durationGbs + x.initGbs, 0);
  const freeRequests = anyFree ? Math.min(p.freeTier.requests, totalRequests) : 0;
  const freeGbs = anyFree ? Math.min(p.freeTier.gbSeconds, totalGbs) : 0;

  const withFree = raw.map((x) => {
    const gbs = x.durationGbs + x.initGbs;
    const freeReq = totalRequests > 0 ? (freeRequests * x.u.invocations) / totalRequests : 0;
    const freeG = totalGbs > 0 ? (freeGbs * gbs) / totalGbs : 0;
    return { ...x, freeReq, freeG, billable: gbs - freeG };
  });

  const groups = new Map<string, { billable: number; tiers: LambdaTier[] }>();
  for (const x of withFree) {
    const g = groups.get(x.group) ?? { billable: 0, tiers: x.tiers };
    g.billable += x.billable;
    groups.set(x.group, g);
  }

  return withFree.map((x) => {
    const t1 = x.tiers[0]?.usdPerGbSecond ?? 0;
    const perRequest = x.r.requestsPerMillion / 1e6;
    const lines: Line[] = [line("Requests", x.u.invocations, "requests", perRequest)];
    if (x.freeReq > 0) lines.push(line(`Free tier: requests (account share of ${fmt(p.freeTier.requests)})`, -x.freeReq, "requests", perRequest));
    lines.push(line(`Duration, ${x.u.arch}, ${x.u.memoryMb} MB`, x.durationGbs, "GB-s", t1));
    if (x.initGbs > 0) lines.push(line("INIT on cold starts", x.initGbs, "GB-s", t1));
    if (x.freeG > 0) lines.push(line(`Free tier: compute (account share of ${fmt(p.freeTier.gbSeconds)} GB-s)`, -x.freeG, "GB-s", t1));
    const g = groups.get(x.group);
    if (g && g.billable > 0) {
      const effective = tieredCost(g.billable, g.tiers) / g.billable;
      if (Math.abs(effective - t1) > 1e-15) lines.push(line("Volume tier discount (account aggregate)", x.billable, "GB-s", effective - t1));
    }
    if (x.storageGbs > 0) lines.push(line(`Ephemeral storage above ${p.ephemeralStorage.freeMb} MB`, x.storageGbs, "GB-s", x.r.ephemeralStoragePerGbSecond));

    const notes = [
      "Bills wall time x memory (GB-s, each invocation rounded up to 1 ms) plus requests.",
      initBilled
        ? `INIT is billed since ${p.initBilling.billedFrom}: cold-start share x init time x memory.`
        : `INIT is not billed before ${p.initBilling.billedFrom}.`,
    ];
    if (fns.length > 1) notes.push(`Free tier and volume tiers are per account: applied to the sum of ${fns.length} functions, shared by usage.`);
    const warnings: string[] = [];
    const m = p.memory;
    if (x.u.memoryMb < m.minMb || x.u.memoryMb > m.maxMb) warnings.push(`${x.u.memoryMb} MB is outside Lambda's ${m.minMb}-${fmt(m.maxMb)} MB range.`);
    return { id: x.id, lines, notes, warnings };
  });
}
