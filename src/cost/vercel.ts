import { VERCEL_MAX_DURATION_S } from "../audit/analysis/timeout-limits.js";
import { InputError } from "../errors.js";
import { VERCEL_CDN_UNSOURCED, type PriceTable, type VercelCdnPrices, type VercelPlan } from "./price-table.js";
import { line, total, type Line, type Priced, type PricedFunction } from "./types.js";

export function vercelRegion(prices: PriceTable, region: string) {
  const r = prices.vercel.regions[region];
  if (!r) {
    const known = Object.keys(prices.vercel.regions).join(", ");
    throw new InputError(`no Vercel prices for region "${region}" (known: ${known})`, {
      hint: `Add it with --prices: { "vercel": { "regions": { "${region}": { "cpuPerHour": ..., "memoryPerGbHour": ... } } } }`,
    });
  }
  return r;
}

/**
 * The CDN rates a function is priced at: rates supplied for every region (--prices or config `vercel.cdn`)
 * win; otherwise the built-in rates of the function's own region, for Pro (the regional pages price Pro
 * only; Hobby has no overage). Undefined: its CDN meters are listed but not priced.
 */
export function vercelCdnFor(prices: PriceTable, region: string, plan: VercelPlan): VercelCdnPrices | undefined {
  if (prices.vercel.cdn) return prices.vercel.cdn;
  return plan === "hobby" ? undefined : prices.vercel.cdnRegions[region];
}

/** Share of an account-wide allowance that one function's usage takes. */
function share(allowance: number, mine: number, all: number): number {
  return all > 0 ? (Math.min(allowance, all) * mine) / all : 0;
}

/**
 * Fluid compute: Active CPU + provisioned memory + invocations, with plan inclusions (Hobby, Pro
 * 2025) or the Pro usage credit applied once per account.
 */
export function priceVercel(fns: PricedFunction[], prices: PriceTable): Priced[] {
  const v = prices.vercel;
  const raw = fns.map(({ id, usage: u }) => {
    const r = vercelRegion(prices, u.region);
    const gb = u.memoryMb / 1024;
    // Init runs on the CPU and keeps the instance alive, so a cold start adds to both meters.
    const coldMs = u.coldStartRate * u.initMs;
    const cpuHours = (u.invocations * (u.cpuMs + coldMs)) / 3.6e6;
    const gbHours = (u.invocations * ((u.durationMs + coldMs) / 1000) * gb) / 3600 / Math.max(1, u.concurrency);
    const plan = (u.plan ?? "pro") as VercelPlan;
    return { id, u, r, cpuHours, gbHours, plan, p: v.plans[plan] };
  });

  const sum = (f: (x: (typeof raw)[number]) => number) => raw.reduce((s, x) => s + f(x), 0);
  const allCpu = sum((x) => x.cpuHours);
  const allGb = sum((x) => x.gbHours);
  const allInv = sum((x) => x.u.invocations);
  const transferGb = (x: (typeof raw)[number]) => (x.u.invocations * (x.u.vercelCdn?.responseBytes ?? 0)) / 1e9;
  const cdnOf = (x: (typeof raw)[number]) => vercelCdnFor(prices, x.u.region, x.plan);
  // Inclusions are per account: shared among the functions whose CDN meters are priced.
  const cdnPriced = raw.filter((x) => cdnOf(x) !== undefined);
  const cdnInv = cdnPriced.reduce((s, x) => s + x.u.invocations, 0);
  const cdnTransfer = cdnPriced.reduce((s, x) => s + transferGb(x), 0);

  const priced = raw.map((x) => {
    const perInv = v.invocationsPerMillion / 1e6;
    const lines: Line[] = [
      line("Active CPU", x.cpuHours, "CPU-h", x.r.cpuPerHour),
      line(`Provisioned memory, ${x.u.memoryMb} MB`, x.gbHours, "GB-h", x.r.memoryPerGbHour),
      line("Invocations", x.u.invocations, "invocations", perInv),
    ];
    if (x.u.freeTier) {
      const cpu = share(x.p.includedCpuHours, x.cpuHours, allCpu);
      const mem = share(x.p.includedGbHours, x.gbHours, allGb);
      const inv = share(x.p.includedInvocations, x.u.invocations, allInv);
      if (cpu > 0) lines.push(line(`Included in ${x.plan}: Active CPU (account share of ${x.p.includedCpuHours} h)`, -cpu, "CPU-h", x.r.cpuPerHour));
      if (mem > 0) lines.push(line(`Included in ${x.plan}: memory (account share of ${x.p.includedGbHours} GB-h)`, -mem, "GB-h", x.r.memoryPerGbHour));
      if (inv > 0) lines.push(line(`Included in ${x.plan}: invocations (account share of ${x.p.includedInvocations.toLocaleString("en-US")})`, -inv, "invocations", perInv));
    }
    const cdn = cdnOf(x);
    if (cdn) lines.push(...cdnLines(x.u, x.plan, transferGb(x), { allInv: cdnInv, allTransfer: cdnTransfer }, cdn));
    return { x, lines };
  });

  const credit = raw.find((x) => x.u.freeTier && x.p.creditUsd > 0)?.p.creditUsd ?? 0;
  const allUsd = priced.reduce((s, q) => s + total(q.lines), 0);
  return priced.map(({ x, lines }) => {
    const mine = total(lines);
    const used = share(credit, mine, allUsd);
    if (used > 0) lines.push(line(`${x.plan} usage credit (account share of $${credit})`, -used, "USD", 1));
    // The plan fee is per account like Workers' $5 minimum: without it Pro would look free next to Workers.
    if (x.p.seatUsd > 0) {
      const seatShare = allInv > 0 ? x.u.invocations / allInv : 1 / raw.length;
      lines.unshift(line(raw.length > 1 ? `${x.plan} plan, 1 seat (account share)` : `${x.plan} plan, 1 seat`, seatShare, "month", x.p.seatUsd));
    }
    const notes = [
      "Bills Active CPU (I/O waits excluded), provisioned memory for the instance's lifetime, and invocations.",
      cdnNote(x.u, transferGb(x), cdnOf(x), prices),
      `Provisioned memory approximated as wall duration x memory / concurrency (${x.u.concurrency}); Vercel bills instance lifetime, so concurrency 1 is the upper bound.`,
      "Cold starts add the init time to both CPU and memory.",
      x.p.note,
    ];
    const warnings: string[] = [];
    const maxMb = x.plan === "hobby" ? v.limits.hobbyMaxMemoryMb : v.limits.proMaxMemoryMb;
    if (x.u.memoryMb > maxMb) warnings.push(`${x.u.memoryMb} MB is over the ${x.plan} plan's ${maxMb} MB function memory limit.`);
    const maxS = VERCEL_MAX_DURATION_S[x.plan === "hobby" ? "hobby" : "pro"];
    if (x.u.durationMs > maxS * 1000) warnings.push(`${x.u.durationMs / 1000} s is over the ${x.plan} plan's ${maxS} s maximum duration: Vercel would stop the function there.`);
    const cdnIncluded = cdnOf(x)?.included.hobby;
    const overCdn = cdnIncluded !== undefined && (cdnInv > cdnIncluded.edgeRequests || cdnTransfer > cdnIncluded.fastDataTransferGb || cdnTransfer > cdnIncluded.fastOriginTransferGb);
    if (x.plan === "hobby" && x.u.freeTier && (allCpu > x.p.includedCpuHours || allGb > x.p.includedGbHours || allInv > x.p.includedInvocations || overCdn)) {
      warnings.push("Over the Hobby inclusions: Hobby has no overage billing, so the project may be paused; the amount shown is what the usage would cost at list rates.");
    }
    return { id: x.id, lines, notes, warnings };
  });
}

type Cdn = VercelCdnPrices;
const gb = (n: number) => `${Number(n.toPrecision(4)).toLocaleString("en-US")} GB`;

/**
 * Every invocation comes through the CDN as an Edge Request, and its response crosses twice: function to
 * CDN (Fast Origin Transfer) and CDN to visitor (Fast Data Transfer). Plan inclusions are per account.
 */
function cdnLines(u: PricedFunction["usage"], plan: VercelPlan, transfer: number, all: { allInv: number; allTransfer: number }, cdn: Cdn): Line[] {
  const source = u.vercelCdn?.source;
  const perRequest = cdn.edgeRequestsPerMillion / 1e6;
  const lines: Line[] = [
    line("Edge Requests", u.invocations, "requests", perRequest),
    line("Fast Origin Transfer", transfer, "GB", cdn.fastOriginTransferPerGb, source),
    line("Fast Data Transfer", transfer, "GB", cdn.fastDataTransferPerGb, source),
  ];
  const included = u.freeTier ? cdn.included[plan] : undefined;
  if (included) {
    const req = share(included.edgeRequests, u.invocations, all.allInv);
    const fot = share(included.fastOriginTransferGb, transfer, all.allTransfer);
    const fdt = share(included.fastDataTransferGb, transfer, all.allTransfer);
    if (req > 0) lines.push(line(`Included in ${plan}: Edge Requests (account share of ${included.edgeRequests.toLocaleString("en-US")})`, -req, "requests", perRequest));
    if (fot > 0) lines.push(line(`Included in ${plan}: Fast Origin Transfer (account share of ${gb(included.fastOriginTransferGb)})`, -fot, "GB", cdn.fastOriginTransferPerGb));
    if (fdt > 0) lines.push(line(`Included in ${plan}: Fast Data Transfer (account share of ${gb(included.fastDataTransferGb)})`, -fdt, "GB", cdn.fastDataTransferPerGb));
  }
  return lines;
}

function cdnNote(u: PricedFunction["usage"], transfer: number, cdn: Cdn | undefined, prices: PriceTable): string {
  const bytes = u.vercelCdn ? `${u.vercelCdn.responseBytes.toLocaleString("en-US")} bytes per response, ${u.vercelCdn.source.kind}` : "no response size";
  if (cdn) {
    const where = prices.vercel.cdn ? "at the supplied CDN rates" : `at ${u.region}'s rates, taking visitors to be served from the function's region (Vercel prices these meters by the region requests come from)`;
    return `CDN: each invocation is an Edge Request, and its response (${bytes}) is Fast Origin Transfer and then Fast Data Transfer (GB = 10^9 bytes), ${where}; cached responses and static assets are not counted.`;
  }
  const why = u.plan === "hobby" ? "the built-in CDN rates are Pro's, and Hobby has no CDN overage: past its inclusions the project may be paused" : VERCEL_CDN_UNSOURCED;
  return `Not priced: ${u.invocations.toLocaleString("en-US")} Edge Requests, ${gb(transfer)} of Fast Origin Transfer and ${gb(transfer)} of Fast Data Transfer (${bytes}): ${why}. Add rates with --prices ("vercel": { "cdn": ... } for every region, or "cdnRegions": { "${u.region}": ... }) to price them.`;
}
