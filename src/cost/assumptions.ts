import type { FunctionInfo } from "../project/types.js";
import { implicitLambdaDefaults } from "../audit/analysis/timeout-limits.js";
import type { CostConfig } from "./config-schema.js";
import type { LambdaArch, PriceTable, VercelPlan, WorkersPlan } from "./price-table.js";
import { rangeFor, rangeText } from "./limits.js";
import { durationAt } from "./sweep.js";
import type { Assumptions, CostPlatform, Measured, Usage } from "./types.js";

export interface CostFlags {
  invocations?: number;
  duration?: number;
  cpu?: number;
  memory?: number;
  arch?: LambdaArch;
  region?: string;
  plan?: string;
  freeTier?: boolean;
  concurrency?: number;
  coldStartRate?: number;
}

export interface Subject {
  id: string;
  /** Undefined for the hypothetical function of what-if mode. */
  fn?: FunctionInfo;
  measured?: Measured;
}

export interface Settings {
  flags: CostFlags;
  cost: CostConfig | undefined;
  vercelPlan?: "hobby" | "pro";
  workersPlan?: WorkersPlan;
}

export const DEFAULTS = {
  invocations: 1_000_000,
  durationMs: 100,
  cpuShare: 0.2,
  coldStartRate: 0.01,
  initMs: 150,
  lambdaMemoryMb: 128,
  vercelMemoryMb: 2048,
  workersMemoryMb: 128,
  lambdaRegion: "us-east-1",
  vercelRegion: "iad1",
  concurrency: 1,
  ephemeralStorageMb: 512,
} as const;

export const VERCEL_PLANS: readonly VercelPlan[] = ["hobby", "pro", "pro-legacy"];
export const WORKERS_PLANS: readonly WorkersPlan[] = ["free", "paid"];

type Source = "flag" | "measured" | "config" | "project" | "default";

/**
 * Traffic and sizing for one function on one platform. Precedence: flags, then --measure, then
 * cost.functions["<id>"], then cost.defaults, then what the project declares, then stated defaults.
 */
export function resolveUsage(subject: Subject, platform: CostPlatform, s: Settings, prices: PriceTable): { usage: Usage; assumptions: Assumptions } {
  const perFn = s.cost?.functions?.[subject.id];
  const defs = s.cost?.defaults;
  const defaulted: string[] = [];
  const notes: string[] = [];

  function pick<T>(name: string, candidates: Array<[Source, T | undefined]>, fallback: T, why: string, state = true): T {
    for (const [, value] of candidates) if (value !== undefined) return value;
    if (state) defaulted.push(`${name} ${String(fallback)}${why ? ` (${why})` : ""}`);
    return fallback;
  }

  const m = subject.measured;
  const invocations = pick("invocations/month", [["flag", s.flags.invocations], ["config", perFn?.invocations], ["config", defs?.invocations]], DEFAULTS.invocations, "");
  let durationMs = pick(
    "duration ms",
    [["flag", s.flags.duration], ["measured", m?.wallMs], ["config", perFn?.durationMs], ["config", defs?.durationMs]],
    DEFAULTS.durationMs,
    "",
  );
  const cpuMs = pick(
    "CPU ms",
    [["flag", s.flags.cpu], ["measured", m?.cpuMs], ["config", perFn?.cpuMs], ["config", defs?.cpuMs]],
    durationMs * DEFAULTS.cpuShare,
    `${DEFAULTS.cpuShare * 100}% of wall time, typical of an I/O-bound handler`,
  );
  // Workers bill neither init nor cold starts, so defaults for them would only be noise.
  const billsInit = platform !== "cloudflare-workers";
  const coldStartRate = pick(
    "cold-start rate",
    [["flag", s.flags.coldStartRate], ["config", perFn?.coldStartRate], ["config", defs?.coldStartRate]],
    DEFAULTS.coldStartRate,
    platform === "aws-lambda" ? "AWS reports under 1% of invocations" : "Vercel publishes no rate; AWS reports under 1% on Lambda",
    billsInit,
  );
  const initMs = pick(
    "init ms",
    [["measured", m?.initMs], ["config", perFn?.initMs], ["config", defs?.initMs]],
    DEFAULTS.initMs,
    platform === "aws-lambda" ? "Node.js 22 ZIP init on Lambda is 125-150 ms" : "Vercel publishes no figure; Node.js 22 init on Lambda is 125-150 ms",
    billsInit,
  );
  const concurrency = platform === "vercel"
    ? pick("concurrency", [["flag", s.flags.concurrency], ["config", perFn?.concurrency], ["config", defs?.concurrency]], DEFAULTS.concurrency, "no sharing: upper bound")
    : DEFAULTS.concurrency;
  const ephemeralStorageMb = perFn?.ephemeralStorageMb ?? defs?.ephemeralStorageMb ?? DEFAULTS.ephemeralStorageMb;
  const freeTier = s.flags.freeTier ?? true;
  const fn = subject.fn;
  const sameFn = fn?.platform === platform;

  const warnings: string[] = [];
  /** Memory the project declares, when it is in the platform's range; the rest is not priced. */
  const declaredMemory = (mb: number | undefined): number | undefined => {
    const range = rangeFor("memoryMb", [platform]);
    if (mb === undefined || (Number.isInteger(mb) && mb >= range.min && mb <= range.max)) return mb;
    warnings.push(`The project declares ${mb} MB, outside ${rangeText(range)}; priced as if it declared none.`);
    return undefined;
  };

  let memoryMb: number;
  let region: string;
  let arch: LambdaArch = "x86_64";
  let plan: VercelPlan | WorkersPlan | undefined;
  const given = <T>(...v: Array<T | undefined>) => v.find((x) => x !== undefined);

  if (platform === "cloudflare-workers") {
    memoryMb = DEFAULTS.workersMemoryMb;
    if (given(s.flags.memory, perFn?.memoryMb, defs?.memoryMb) !== undefined) notes.push("Workers memory is fixed at 128 MB; the memory setting is ignored.");
    region = "global";
    const flagPlan = WORKERS_PLANS.includes(s.flags.plan as WorkersPlan) ? (s.flags.plan as WorkersPlan) : undefined;
    plan = pick("plan", [["flag", flagPlan], ["config", s.workersPlan]], "paid" as WorkersPlan, "");
  } else if (platform === "aws-lambda") {
    const declared = declaredMemory(sameFn ? fn?.lambda?.memory?.mb : undefined);
    // The Serverless Framework and SST deploy unset memory as 1,024 MB, not Lambda's 128 MB.
    const implicit = sameFn && fn?.lambda ? implicitLambdaDefaults(fn.lambda) : undefined;
    memoryMb = pick(
      "memory MB",
      [["flag", s.flags.memory], ["config", perFn?.memoryMb], ["config", defs?.memoryMb], ["project", declared]],
      implicit?.memoryMb ?? DEFAULTS.lambdaMemoryMb,
      `${implicit?.by ?? "Lambda"}'s default`,
    );
    const flagRegion = s.flags.region && prices["aws-lambda"].regions[s.flags.region] ? s.flags.region : undefined;
    region = pick("region", [["flag", flagRegion]], DEFAULTS.lambdaRegion, "");
    arch = pick("architecture", [["flag", s.flags.arch], ["project", sameFn ? fn?.lambda?.architecture : undefined]], "x86_64" as LambdaArch, "Lambda's default");
  } else {
    const declared = declaredMemory(sameFn ? fn?.vercel?.memory?.mb : undefined);
    memoryMb = pick("memory MB", [["flag", s.flags.memory], ["config", perFn?.memoryMb], ["config", defs?.memoryMb], ["project", declared]], DEFAULTS.vercelMemoryMb, "Fluid compute's default 2 GB / 1 vCPU");
    const flagRegion = s.flags.region && prices.vercel.regions[s.flags.region] ? s.flags.region : undefined;
    const declaredRegion = sameFn ? fn?.vercel?.regions?.find((r) => prices.vercel.regions[r]) : undefined;
    region = pick("region", [["flag", flagRegion], ["project", declaredRegion]], DEFAULTS.vercelRegion, "Vercel's default");
    const flagPlan = VERCEL_PLANS.includes(s.flags.plan as VercelPlan) ? (s.flags.plan as VercelPlan) : undefined;
    plan = pick("plan", [["flag", flagPlan], ["config", s.vercelPlan]], "pro" as VercelPlan, "credit-based Pro; --plan pro-legacy for the 2025 inclusions");
  }

  if (platform === "vercel" && sameFn && fn?.runtime === "edge") {
    notes.push("Edge runtime: priced on the Fluid model, as Vercel now bills Routing Middleware; legacy Edge Functions were billed per 50 ms CPU unit.");
  }
  if (platform === "aws-lambda") notes.push("Provisioned Concurrency is not priced (its rates are in the price table).");
  if (platform === "aws-lambda" && m && s.flags.duration === undefined) {
    // A local run has a whole core; Lambda gives memory / 1,769 of a vCPU, so the CPU part stretches.
    const mbPerVcpu = prices["aws-lambda"].memory.mbPerVcpu;
    const scaled = durationAt(memoryMb, { durationMs, cpuMs, memoryMb: mbPerVcpu }, mbPerVcpu);
    if (Math.abs(scaled - durationMs) > 1e-9) {
      notes.push(`Measured on a full core: ${durationMs.toFixed(2)} ms wall scaled to ${scaled.toFixed(2)} ms at ${memoryMb} MB (${(Math.min(1, memoryMb / mbPerVcpu)).toFixed(2)} vCPU); init is not scaled.`);
      durationMs = scaled;
    }
  }
  const usage: Usage = { invocations, durationMs, cpuMs, memoryMb, coldStartRate, initMs, arch, ephemeralStorageMb, region, concurrency, plan, freeTier };
  const assumptions: Assumptions = {
    invocationsPerMonth: invocations,
    durationMs,
    cpuMs,
    memoryMb,
    coldStartRate,
    initMs,
    freeTier,
    defaulted,
    notes,
    warnings,
  };
  if (platform !== "cloudflare-workers") assumptions.region = region;
  if (platform === "aws-lambda") {
    assumptions.arch = arch;
    assumptions.ephemeralStorageMb = ephemeralStorageMb;
  }
  if (platform === "vercel") assumptions.concurrency = concurrency;
  if (plan) assumptions.plan = plan;
  if (m) assumptions.measured = m;
  return { usage, assumptions };
}
