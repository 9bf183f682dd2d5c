import type { Settings } from "../cost/assumptions.js";
import { estimateAll } from "../cost/estimate.js";
import { DEFAULT_PRICES } from "../cost/price-table.js";
import { breakEvenCpuHours, serverEstimate, type ServerEstimate } from "../cost/server.js";
import type { CostPlatform } from "../cost/types.js";
import { LAMBDA_MAX_SECONDS } from "./facts.js";

/** Used when the volume matters and was not given; stated in the answer. The issue's own example. */
export const DEFAULT_MONTHLY_INVOCATIONS = 100_000;

export interface PlatformCost {
  platform: CostPlatform;
  monthlyUsd: number;
  /** How it was priced, in words. */
  setup: string;
  source: string;
  asOf: string;
}

export interface CostComparison {
  invocationsPerMonth: number;
  /** True when the volume was not given and DEFAULT_MONTHLY_INVOCATIONS was used. */
  volumeAssumed: boolean;
  secondsEach: number;
  serverless: PlatformCost;
  /** Workers, when nothing rules them out and one run fits their CPU limit. */
  workers?: PlatformCost;
  server: ServerEstimate;
  cheaper: "serverless" | "server";
  /** Runs a month above which the servers cost less than Lambda, if they ever do. */
  breakEvenInvocations: number | null;
}

/**
 * Prices `invocations` runs of `seconds` each, all of it CPU work at one full vCPU (an upper bound for
 * work that also waits), on Lambda through coldstart's cost model, and compares it with the small
 * servers that would do the same work. The month priced is the server table's date, so the result
 * does not depend on today's date.
 */
export function compareWithServer(invocations: number, volumeAssumed: boolean, seconds: number, withWorkers: boolean): CostComparison {
  const prices = DEFAULT_PRICES;
  // A run longer than one invocation is priced as durable steps of at most 15 minutes each.
  const steps = Math.ceil(seconds / LAMBDA_MAX_SECONDS);
  const ms = (seconds / steps) * 1000;
  const server = serverEstimate((invocations * seconds) / 3600);
  const billingDate = server.asOf;
  const mbPerVcpu = prices["aws-lambda"].memory.mbPerVcpu;
  // The free tier is per account and shared with everything else in it, so a new workload is priced without it.
  const settings: Settings = {
    flags: { invocations: invocations * steps, duration: ms, cpu: ms, memory: mbPerVcpu, arch: "arm64", region: "us-east-1", freeTier: false },
    cost: { defaults: { frontDoor: "none" } },
  };
  const [lambda] = estimateAll([{ subject: { id: "task" }, platform: "aws-lambda" }], settings, prices, { billingDate });
  const serverless: PlatformCost = {
    platform: "aws-lambda",
    monthlyUsd: lambda?.monthlyUsd ?? 0,
    setup: `AWS Lambda, arm64, ${mbPerVcpu.toLocaleString("en-US")} MB (one full vCPU), us-east-1, no front door, free tier not applied${steps > 1 ? `, each run as ${steps} steps of up to 15 minutes` : ""}`,
    source: prices["aws-lambda"].source,
    asOf: prices["aws-lambda"].asOf,
  };
  const comparison: CostComparison = {
    invocationsPerMonth: invocations,
    volumeAssumed,
    secondsEach: seconds,
    serverless,
    server,
    cheaper: serverless.monthlyUsd <= server.monthlyUsd ? "serverless" : "server",
    breakEvenInvocations: null,
  };
  const cpuHours = (invocations * seconds) / 3600;
  const hours = breakEvenCpuHours(serverless.monthlyUsd / cpuHours);
  if (hours !== undefined) comparison.breakEvenInvocations = Math.ceil((hours * 3600) / seconds);
  if (withWorkers) {
    const [workers] = estimateAll([{ subject: { id: "task" }, platform: "cloudflare-workers" }], { flags: { invocations, duration: ms, cpu: ms, plan: "paid", freeTier: true }, cost: undefined }, prices, { billingDate });
    const w = prices["cloudflare-workers"];
    comparison.workers = {
      platform: "cloudflare-workers",
      monthlyUsd: workers?.monthlyUsd ?? 0,
      setup: "Cloudflare Workers Paid: CPU time and requests, the plan's $5 base and inclusions counted, 128 MB per isolate",
      source: w.source,
      asOf: w.asOf,
    };
  }
  return comparison;
}
