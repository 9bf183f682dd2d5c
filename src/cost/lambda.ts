import { LAMBDA_MAX_TIMEOUT_S } from "../audit/analysis/timeout-limits.js";
import { InputError } from "../errors.js";
import { accountExtras, volumeCost } from "./lambda-bill.js";
import type { LambdaTier, PriceTable } from "./price-table.js";
import { line, type Line, type Priced, type PricedFunction } from "./types.js";

export interface PriceOptions {
  /** The month being priced, YYYY-MM-DD; INIT is billed from prices.initBilling.billedFrom on. */
  billingDate?: string;
}

/** Cost of `gbSeconds` of aggregate monthly duration under cumulative tiers. */
export function tieredCost(gbSeconds: number, tiers: LambdaTier[]): number {
  return volumeCost(gbSeconds, tiers.map((t) => ({ upTo: t.upToGbSeconds, usd: t.usdPerGbSecond })));
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
  const monthS = p.month.hours * 3600;
  const maxMs = LAMBDA_MAX_TIMEOUT_S * 1000;

  const raw = fns.map(({ id, usage: u }) => {
    const gb = u.memoryMb / 1024;
    const r = regionPrices(prices, u.region);
    const billedMs = Math.min(Math.ceil(u.durationMs), maxMs, u.timeout?.ms ?? maxMs);
    const allGbs = (u.invocations * gb * billedMs) / 1000;
    // Provisioned Concurrency serves the share of traffic its units can hold, traffic spread evenly over the month.
    const units = u.lambda?.provisionedConcurrency.units ?? 0;
    const meanConcurrency = (u.invocations * (billedMs / 1000)) / monthS;
    const pcShare = units > 0 ? (meanConcurrency > 0 ? Math.min(1, units / meanConcurrency) : 1) : 0;
    const durationGbs = allGbs * (1 - pcShare);
    const pcDurationGbs = allGbs * pcShare;
    const initMs = Math.min(Math.ceil(u.initMs), p.initBilling.maxInitMs);
    const initGbs = initBilled ? ((1 - pcShare) * u.coldStartRate * u.invocations * gb * initMs) / 1000 : 0;
    const storageGbs = (u.invocations * (Math.max(0, u.ephemeralStorageMb - p.ephemeralStorage.freeMb) / 1024) * billedMs) / 1000;
    return { id, u, gb, units, pcShare, pcDurationGbs, durationGbs, initGbs, storageGbs, r, tiers: r[u.arch].durationTiers, group: `${u.region}|${u.arch}` };
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
  const extras = accountExtras(fns, prices);

  return withFree.map((x, i) => {
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
    const warnings: string[] = [];
    const notes = [
      "Bills wall time x memory (GB-s, each invocation rounded up to 1 ms) plus requests.",
      initBilled
        ? `INIT is billed since ${p.initBilling.billedFrom}: cold-start share x init time x memory.`
        : `INIT is not billed before ${p.initBilling.billedFrom}.`,
    ];
    if (x.units > 0 && x.u.lambda) {
      const pc = provisionedLines(x, prices, monthS);
      lines.push(...pc.lines);
      warnings.push(...pc.warnings);
      notes.push(pc.note);
    }
    const extra = extras[i];
    if (extra) {
      lines.push(...extra.lines);
      notes.push(...extra.notes);
    }
    if (fns.length > 1) notes.push(`Free tier and volume tiers are per account: applied to the sum of ${fns.length} functions, shared by usage.`);
    const m = p.memory;
    if (x.u.memoryMb < m.minMb || x.u.memoryMb > m.maxMb) warnings.push(`${x.u.memoryMb} MB is outside Lambda's ${m.minMb}-${fmt(m.maxMb)} MB range.`);
    const timeout = x.u.timeout;
    if (timeout && timeout.ms < maxMs && x.u.durationMs > timeout.ms) {
      warnings.push(
        `At ${fmt(x.u.memoryMb)} MB an invocation would take ${fmt(Math.round(x.u.durationMs))} ms, over the ${fmt(timeout.ms / 1000)} s Timeout the project sets (${timeout.at}): it would time out, so it is priced at ${fmt(timeout.ms / 1000)} s. Raise the memory or the Timeout.`,
      );
    } else if (x.u.durationMs > maxMs) {
      warnings.push(
        `At ${fmt(x.u.memoryMb)} MB an invocation would take ${fmt(Math.round(x.u.durationMs / 1000))} s, over Lambda's ${LAMBDA_MAX_TIMEOUT_S} s maximum: it would time out, so it is priced at ${LAMBDA_MAX_TIMEOUT_S} s. Give it more memory, or split the work.`,
      );
    }
    return { id: x.id, lines, notes, warnings };
  });
}

interface PcInput {
  u: PricedFunction["usage"];
  gb: number;
  units: number;
  pcShare: number;
  pcDurationGbs: number;
  r: ReturnType<typeof regionPrices>;
}

/** Provisioned Concurrency: the units' GB-s all month, and the duration they serve at the lower rate (no free tier). */
function provisionedLines(x: PcInput, prices: PriceTable, monthS: number): { lines: Line[]; warnings: string[]; note: string } {
  const rates = x.r[x.u.arch];
  const source = x.u.lambda!.provisionedConcurrency.source;
  const lines = [line(`Provisioned Concurrency, ${x.units} unit${x.units === 1 ? "" : "s"} x ${x.u.memoryMb} MB all month`, x.units * x.gb * monthS, "GB-s", rates.provisionedConcurrencyPerGbSecond, source)];
  const warnings: string[] = [];
  const pcRate = rates.provisionedDurationPerGbSecond;
  if (x.pcDurationGbs > 0) {
    if (pcRate === undefined) {
      warnings.push(`No Provisioned Concurrency duration rate for ${x.u.region} in the price table: the duration it serves is priced at the on-demand rate, an upper bound.`);
    }
    const rate = pcRate ?? rates.durationTiers[0]?.usdPerGbSecond ?? 0;
    lines.push(line("Duration served by Provisioned Concurrency", x.pcDurationGbs, "GB-s", rate, source));
  }
  const note = `Provisioned Concurrency (${prices["aws-lambda"].month.hours} h a month) serves ${(x.pcShare * 100).toFixed(0)}% of invocations, traffic assumed evenly spread; INIT and the free tier apply to the on-demand rest.`;
  return { lines, warnings, note };
}

