/**
 * The rest of a Lambda function's bill: its API Gateway front door, X-Ray traces and CloudWatch Logs.
 * Each is billed per account, so tiers and free allowances apply to the account's sum and each
 * function gets a usage-weighted share, as with Lambda's own free tier.
 */
import type { PriceTable, VolumeTier } from "./price-table.js";
import { line, type FrontDoor, type Line, type PricedFunction } from "./types.js";

/** Cost of `amount` units under cumulative tiers whose caps and rates are per `per` units. */
export function volumeCost(amount: number, tiers: VolumeTier[], per = 1): number {
  let cost = 0;
  let floor = 0;
  for (const t of tiers) {
    if (amount <= floor) break;
    const cap = t.upTo ?? Number.POSITIVE_INFINITY;
    cost += ((Math.min(amount, cap) - floor) * t.usd) / per;
    floor = cap;
  }
  return cost;
}

/** Traces the default sampling rule records: the reservoir each second, then a fixed share of the rest. */
export function tracesRecorded(invocations: number, monthS: number, reservoirPerSecond: number, fixedRate: number): number {
  const reservoir = Math.min(invocations, monthS * reservoirPerSecond);
  return reservoir + fixedRate * (invocations - reservoir);
}

/** Bytes in a GB as CloudWatch bills them (GiB). */
const GB = 1024 ** 3;

const FRONT_DOOR: Record<Exclude<FrontDoor, "none">, { name: string; tiers: (p: PriceTable) => VolumeTier[] }> = {
  "http-api": { name: "API Gateway HTTP API", tiers: (p) => p["aws-lambda"].apiGateway.httpApiPerMillion },
  "rest-api": { name: "API Gateway REST API", tiers: (p) => p["aws-lambda"].apiGateway.restApiPerMillion },
};

function share(allowance: number, mine: number, all: number): number {
  return all > 0 ? (Math.min(allowance, all) * mine) / all : 0;
}

export function accountExtras(fns: PricedFunction[], prices: PriceTable): Array<{ lines: Line[]; notes: string[] } | undefined> {
  const p = prices["aws-lambda"];
  const monthS = p.month.hours * 3600;
  const sum = (f: (x: PricedFunction) => number) => fns.reduce((s, x) => s + f(x), 0);
  const requestsBehind = (kind: FrontDoor) => sum((x) => (x.usage.lambda?.frontDoor.kind === kind ? x.usage.invocations : 0));
  const traces = (x: PricedFunction) => (x.usage.lambda?.tracing.active ? tracesRecorded(x.usage.invocations, monthS, p.xray.reservoirPerSecond, p.xray.fixedRate) : 0);
  const logGb = (x: PricedFunction) => (x.usage.lambda ? (x.usage.invocations * x.usage.lambda.logs.bytesPerInvocation) / GB : 0);
  const allTraces = sum(traces);
  const allLogGb = sum(logGb);
  const anyFree = fns.some((f) => f.usage.freeTier);

  return fns.map((x) => {
    const extras = x.usage.lambda;
    if (!extras) return undefined;
    const lines: Line[] = [];
    const notes: string[] = [];
    const door = extras.frontDoor.kind;
    if (door !== "none") {
      const { name, tiers } = FRONT_DOOR[door];
      const all = requestsBehind(door);
      const rate = all > 0 ? volumeCost(all, tiers(prices), 1e6) / all : (tiers(prices)[0]?.usd ?? 0) / 1e6;
      lines.push(line(name, x.usage.invocations, "requests", rate, extras.frontDoor.source));
      notes.push(p.apiGateway.freeTierNote);
    }
    if (extras.tracing.active) {
      const n = traces(x);
      const perTrace = p.xray.tracesRecordedPerMillion / 1e6;
      lines.push(line("X-Ray traces recorded", n, "traces", perTrace, extras.tracing.source));
      const free = anyFree ? share(p.xray.freeTracesPerMonth, n, allTraces) : 0;
      if (free > 0) lines.push(line(`Free tier: X-Ray traces (account share of ${p.xray.freeTracesPerMonth.toLocaleString("en-US")})`, -free, "traces", perTrace));
      notes.push(
        `X-Ray's default sampling records the first request each second and ${p.xray.fixedRate * 100}% of the rest; traffic is assumed evenly spread over ${p.month.hours} hours, each function counted on its own.`,
      );
    }
    const gb = logGb(x);
    if (gb > 0) {
      const all = allLogGb;
      const tiers = p.logs.ingestionPerGb;
      const rate = volumeCost(all, tiers) / all;
      lines.push(line("CloudWatch Logs ingestion", gb, "GB", rate, extras.logs.source));
      const free = anyFree ? share(p.logs.freeGbPerMonth, gb, all) : 0;
      if (free > 0) lines.push(line(`Free tier: logs (account share of ${p.logs.freeGbPerMonth} GB)`, -free, "GB", rate));
    }
    if (lines.length > 0 && x.usage.region !== "us-east-1") notes.push(`API Gateway, X-Ray and CloudWatch Logs are priced at us-east-1's rates, the ones in the table; ${x.usage.region}'s may be higher.`);
    return { lines, notes };
  });
}
