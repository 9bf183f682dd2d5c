/**
 * The rest of a Lambda function's bill: its front door (API Gateway, a load balancer, a function URL),
 * X-Ray traces and CloudWatch Logs.
 * Each is billed per account, so tiers and free allowances apply to the account's sum and each
 * function gets a usage-weighted share, as with Lambda's own free tier.
 */
import type { PriceTable, VolumeTier } from "./price-table.js";
import { DEFAULT_ALB_BYTES, DEFAULT_WS_MINUTES_PER_MESSAGE, FRONT_DOOR_NAME } from "./lambda-extras.js";
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

type RequestDoor = "http-api" | "rest-api";
const REQUEST_DOOR: Record<RequestDoor, (p: PriceTable) => VolumeTier[]> = {
  "http-api": (p) => p["aws-lambda"].apiGateway.httpApiPerMillion,
  "rest-api": (p) => p["aws-lambda"].apiGateway.restApiPerMillion,
};

function share(allowance: number, mine: number, all: number): number {
  return all > 0 ? (Math.min(allowance, all) * mine) / all : 0;
}

/** The rate an account-wide tiered meter averages at for `all` units, or its first tier's when there are none. */
function averageRate(all: number, tiers: VolumeTier[], per: number): number {
  return all > 0 ? volumeCost(all, tiers, per) / all : (tiers[0]?.usd ?? 0) / per;
}

/**
 * SnapStart runtimes: Java 11 and later, Python 3.12 and later, .NET 8 and later; not Node.js
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html, Supported features and limitations, read 2026-12-06).
 */
const SNAPSTART_RUNTIME = /^(java(1[1-9]|[2-9]\d)|python3\.(1[2-9]|[2-9]\d)|dotnet([89]|\d\d))/;

function snapStartNote(at: string, runtime: string | undefined): string {
  if (runtime && SNAPSTART_RUNTIME.test(runtime)) return `SnapStart is on (${at}); its snapshot cache and restore charges are not priced.`;
  return `SnapStart is turned on (${at}), but Lambda offers it for Java 11+, Python 3.12+ and .NET 8+ only, not for ${runtime ?? "Node.js"}: it does not apply to this function and is not priced.`;
}

interface DoorTotals {
  requests: (kind: FrontDoor) => number;
  webSocketMessages: number;
  /** The load balancer's LCUs in an average hour: the largest configured, else derived from traffic. */
  albLcus: number;
}

const wsMessages = (x: PricedFunction) => x.usage.invocations * (x.usage.lambda?.frontDoor.webSocket?.messagesPerInvocation ?? 0);

function doorTotals(fns: PricedFunction[], prices: PriceTable, monthS: number): DoorTotals {
  const sum = (f: (x: PricedFunction) => number) => fns.reduce((s, x) => s + f(x), 0);
  const behind = (kind: FrontDoor) => fns.filter((x) => x.usage.lambda?.frontDoor.kind === kind);
  const alb = behind("alb");
  const configured = alb.flatMap((x) => x.usage.lambda?.frontDoor.alb?.lcus ?? []);
  const lcu = prices["aws-lambda"].alb.lcu;
  const perSecond = alb.reduce((s, x) => s + x.usage.invocations, 0) / monthS;
  const derived = Math.max(perSecond / lcu.newConnectionsPerSecond, (perSecond * 3600 * DEFAULT_ALB_BYTES) / GB / lcu.lambdaGbPerHour);
  return {
    requests: (kind) => behind(kind).reduce((s, x) => s + x.usage.invocations, 0),
    webSocketMessages: sum((x) => (x.usage.lambda?.frontDoor.kind === "websocket-api" ? wsMessages(x) : 0)),
    albLcus: configured.length > 0 ? Math.max(...configured) : derived,
  };
}

/** The front door's lines: API Gateway requests or messages, a load balancer's share, or a function URL's nothing. */
function frontDoorLines(x: PricedFunction, prices: PriceTable, totals: DoorTotals, notes: string[]): Line[] {
  const door = x.usage.lambda!.frontDoor;
  const p = prices["aws-lambda"];
  const n = x.usage.invocations;
  switch (door.kind) {
    case "none":
      return [];
    case "function-url":
      return [line("Function URL: no separate charge beyond Lambda", n, "requests", 0, door.source)];
    case "http-api":
    case "rest-api": {
      notes.push(p.apiGateway.freeTierNote);
      const tiers = REQUEST_DOOR[door.kind](prices);
      return [line(FRONT_DOOR_NAME[door.kind], n, "requests", averageRate(totals.requests(door.kind), tiers, 1e6), door.source)];
    }
    case "websocket-api": {
      const ws = p.apiGateway.webSocket;
      const use = door.webSocket ?? { messagesPerInvocation: 1, connectionMinutes: { perMessage: DEFAULT_WS_MINUTES_PER_MESSAGE }, source: door.source };
      const messages = n * use.messagesPerInvocation;
      const minutes = "total" in use.connectionMinutes ? use.connectionMinutes.total : messages * use.connectionMinutes.perMessage;
      notes.push(p.apiGateway.freeTierNote, `WebSocket messages are metered per ${ws.messageKb} KB: a larger message counts as several.`);
      return [
        line("API Gateway WebSocket messages", messages, "messages", averageRate(totals.webSocketMessages, ws.messagesPerMillion, 1e6), door.source),
        line("API Gateway WebSocket connection minutes", minutes, "minutes", ws.connectionMinutesPerMillion / 1e6, use.source),
      ];
    }
    case "alb": {
      const all = totals.requests("alb");
      const mine = all > 0 ? n / all : 1;
      const lcuSource = door.alb?.source ?? door.source;
      const hours = p.month.hours;
      notes.push(
        p.alb.freeTierNote,
        `One Application Load Balancer is assumed for the project's ALB targets; its hours and LCUs are shared by requests (this function: ${(mine * 100).toFixed(0)}%), ${totals.albLcus.toPrecision(3)} LCUs in an average hour.`,
      );
      return [
        line("Application Load Balancer hours (share)", hours * mine, "hours", p.alb.perHour, door.source),
        line("ALB LCU-hours (share)", hours * totals.albLcus * mine, "LCU-hours", p.alb.perLcuHour, lcuSource),
      ];
    }
  }
}

export function accountExtras(fns: PricedFunction[], prices: PriceTable): Array<{ lines: Line[]; notes: string[] } | undefined> {
  const p = prices["aws-lambda"];
  const monthS = p.month.hours * 3600;
  const sum = (f: (x: PricedFunction) => number) => fns.reduce((s, x) => s + f(x), 0);
  const totals = doorTotals(fns, prices, monthS);
  const traces = (x: PricedFunction) => (x.usage.lambda?.tracing.active ? tracesRecorded(x.usage.invocations, monthS, p.xray.reservoirPerSecond, p.xray.fixedRate) : 0);
  const logGb = (x: PricedFunction) => (x.usage.lambda ? (x.usage.invocations * x.usage.lambda.logs.bytesPerInvocation) / GB : 0);
  const allTraces = sum(traces);
  const allLogGb = sum(logGb);
  const outGb = (x: PricedFunction) => (x.usage.lambda?.response ? (x.usage.invocations * x.usage.lambda.response.bytes) / GB : 0);
  const allOutGb = sum(outGb);
  const anyFree = fns.some((f) => f.usage.freeTier);

  return fns.map((x) => {
    const extras = x.usage.lambda;
    if (!extras) return undefined;
    const notes: string[] = [];
    const lines: Line[] = frontDoorLines(x, prices, totals, notes);
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
      // The free GB come off the first tier, the one the account pays first.
      const firstRate = tiers[0]?.usd ?? rate;
      if (free > 0) lines.push(line(`Free tier: logs (account share of ${p.logs.freeGbPerMonth} GB)`, -free, "GB", firstRate));
      if (tiers.length > 1 && all > (tiers[0]?.upTo ?? Number.POSITIVE_INFINITY)) {
        notes.push(`Lambda's CloudWatch Logs are tiered by the account's monthly volume: ${all.toLocaleString("en-US", { maximumFractionDigits: 0 })} GB average $${rate.toFixed(4)} per GB.`);
      }
    }
    const out = outGb(x);
    if (out > 0 && extras.response) {
      const tiers = p.dataTransferOut.perGb;
      const rate = volumeCost(allOutGb, tiers) / allOutGb;
      lines.push(line("Data transfer out to the internet", out, "GB", rate, extras.response.source));
      const free = anyFree ? share(p.dataTransferOut.freeGbPerMonth, out, allOutGb) : 0;
      if (free > 0) lines.push(line(`Free tier: data transfer out (account share of ${p.dataTransferOut.freeGbPerMonth} GB)`, -free, "GB", tiers[0]?.usd ?? rate));
      notes.push(
        `Data transfer out: responses through ${FRONT_DOOR_NAME[extras.frontDoor.kind]} at ${extras.response.bytes.toLocaleString("en-US")} bytes each; the ${p.dataTransferOut.freeGbPerMonth} GB free a month and the volume tiers are shared with everything else the account sends to the internet (S3, EC2, load balancers).`,
      );
    }
    if (extras.snapStart) notes.push(snapStartNote(extras.snapStart.at, extras.snapStart.runtime));
    if (lines.some((l) => l.usd !== 0) && x.usage.region !== "us-east-1") {
      notes.push(`API Gateway, load balancer, X-Ray, CloudWatch Logs and data transfer are priced at us-east-1's rates, the ones in the table; ${x.usage.region}'s may be higher.`);
    }
    return { lines, notes: [...new Set(notes)] };
  });
}
