/**
 * The small always-on server `choose` compares serverless prices with: an AWS Fargate task, because it
 * runs in the same account and region as the Lambda it is compared with and needs no machine to patch.
 * AWS renders the regional rates on https://aws.amazon.com/fargate/pricing/ with JavaScript; the
 * figures are the us-east-1 on-demand Linux/ARM rates as transcribed by public cost tools (checked
 * 2026-12-05, matching the 2026-09-23 transcriptions). 730 hours a month is the AWS calculator's month.
 */
export const SMALL_SERVER = {
  name: "AWS Fargate task, 1 vCPU and 2 GB, Linux/ARM, us-east-1, on demand, running all month",
  vcpus: 1,
  memoryGb: 2,
  usdPerVcpuHour: 0.03238,
  usdPerGbHour: 0.00356,
  hoursPerMonth: 730,
  source: "https://aws.amazon.com/fargate/pricing/ (us-east-1, Linux/ARM)",
  asOf: "2026-12-05",
} as const;

/**
 * The share of a server's CPU the comparison plans to use on average. CPU-heavy work and long jobs are
 * fed from a queue, which lets workers run busy; the rest is headroom for uneven arrival. A stated
 * planning figure, not a measurement.
 */
export const TARGET_UTILISATION = 0.7;

export interface ServerEstimate {
  what: string;
  servers: number;
  monthlyUsd: number;
  /** Average CPU use of the servers for this work, 0..1. */
  utilisation: number;
  source: string;
  asOf: string;
}

const CAPACITY_HOURS = SMALL_SERVER.vcpus * SMALL_SERVER.hoursPerMonth;
/** One server for a month. */
export const SERVER_MONTHLY_USD = SMALL_SERVER.hoursPerMonth * (SMALL_SERVER.vcpus * SMALL_SERVER.usdPerVcpuHour + SMALL_SERVER.memoryGb * SMALL_SERVER.usdPerGbHour);

/** Servers needed for `cpuHours` of work a month at the target utilisation (at least one), and their price. */
export function serverEstimate(cpuHours: number): ServerEstimate {
  const s = SMALL_SERVER;
  const servers = serversFor(cpuHours);
  return { what: s.name, servers, monthlyUsd: servers * SERVER_MONTHLY_USD, utilisation: cpuHours / (servers * CAPACITY_HOURS), source: s.source, asOf: s.asOf };
}

export function serversFor(cpuHours: number): number {
  return Math.max(1, Math.ceil(cpuHours / (CAPACITY_HOURS * TARGET_UTILISATION)));
}

/**
 * The monthly CPU hours above which the servers cost less than paying `usdPerCpuHour` for each hour of
 * work, or undefined when they never do (per-hour pricing cheaper than a busy server).
 */
export function breakEvenCpuHours(usdPerCpuHour: number): number | undefined {
  if (usdPerCpuHour <= 0) return undefined;
  const perServerHours = CAPACITY_HOURS * TARGET_UTILISATION;
  if (usdPerCpuHour * perServerHours <= SERVER_MONTHLY_USD) return undefined;
  // The first server count k whose price the per-hour bill reaches within k servers' capacity.
  for (let k = 1; k < 1e6; k++) {
    const hours = (k * SERVER_MONTHLY_USD) / usdPerCpuHour;
    if (hours <= k * perServerHours) return hours;
  }
  return undefined;
}
