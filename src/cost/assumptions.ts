import { platformDef, runtimeDef } from "../platforms/index.js";
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
/** What the common part of resolveUsage hands a platform's own part. */
interface PlatformInput {
  subject: Subject;
  s: Settings;
  prices: PriceTable;
  /** The function being priced on its own platform (what it declares applies), else undefined. */
  own: FunctionInfo | undefined;
  pick: <T>(name: string, candidates: Array<[Source, T | undefined]>, fallback: T, why: string, state?: boolean) => T;
  declaredMemory: (mb: number | undefined) => number | undefined;
  notes: string[];
  durationMs: number;
  cpuMs: number;
}

interface PlatformPart {
  memoryMb: number;
  region?: string;
  arch?: LambdaArch;
  plan?: VercelPlan | WorkersPlan;
  /** Set when the platform reshapes the wall time (Lambda's CPU share at a memory size). */
  durationMs?: number;
  concurrency?: number;
}

const given = <T>(...v: Array<T | undefined>) => v.find((x) => x !== undefined);

/** Each platform's own sizing: memory, region, architecture, plan. A table, so a new platform cannot be forgotten. */
const PLATFORM_PART: Record<CostPlatform, (i: PlatformInput) => PlatformPart> = {
  "cloudflare-workers": ({ s, subject, notes, pick }) => {
    const perFn = s.cost?.functions?.[subject.id];
    if (given(s.flags.memory, perFn?.memoryMb, s.cost?.defaults?.memoryMb) !== undefined) notes.push("Workers memory is fixed at 128 MB; the memory setting is ignored.");
    const flagPlan = WORKERS_PLANS.includes(s.flags.plan as WorkersPlan) ? (s.flags.plan as WorkersPlan) : undefined;
    return { memoryMb: DEFAULTS.workersMemoryMb, plan: pick("plan", [["flag", flagPlan], ["config", s.workersPlan]], "paid", "") };
  },
  "aws-lambda": ({ s, subject, prices, own, pick, declaredMemory, notes, durationMs, cpuMs }) => {
    const perFn = s.cost?.functions?.[subject.id];
    // The Serverless Framework and SST deploy unset memory as 1,024 MB, not Lambda's 128 MB.
    const implicit = own?.lambda ? implicitLambdaDefaults(own.lambda) : undefined;
    const memoryMb = pick(
      "memory MB",
      [["flag", s.flags.memory], ["config", perFn?.memoryMb], ["config", s.cost?.defaults?.memoryMb], ["project", declaredMemory(own?.lambda?.memory?.mb)]],
      implicit?.memoryMb ?? DEFAULTS.lambdaMemoryMb,
      `${implicit?.by ?? "Lambda"}'s default`,
    );
    const flagRegion = s.flags.region && prices["aws-lambda"].regions[s.flags.region] ? s.flags.region : undefined;
    const region = pick("region", [["flag", flagRegion]], DEFAULTS.lambdaRegion, "");
    const arch = pick("architecture", [["flag", s.flags.arch], ["project", own?.lambda?.architecture]], "x86_64", "Lambda's default");
    notes.push("Provisioned Concurrency is not priced (its rates are in the price table).");
    let scaled: number | undefined;
    if (subject.measured && s.flags.duration === undefined) {
      // A local run has a whole core; Lambda gives memory / 1,769 of a vCPU, so the CPU part stretches.
      const mbPerVcpu = prices["aws-lambda"].memory.mbPerVcpu;
      const at = durationAt(memoryMb, { durationMs, cpuMs, memoryMb: mbPerVcpu }, mbPerVcpu);
      if (Math.abs(at - durationMs) > 1e-9) {
        notes.push(`Measured on a full core: ${durationMs.toFixed(2)} ms wall scaled to ${at.toFixed(2)} ms at ${memoryMb} MB (${(Math.min(1, memoryMb / mbPerVcpu)).toFixed(2)} vCPU); init is not scaled.`);
        scaled = at;
      }
    }
    return { memoryMb, region, arch, ...(scaled === undefined ? {} : { durationMs: scaled }) };
  },
  vercel: ({ s, subject, prices, own, pick, declaredMemory, notes }) => {
    const perFn = s.cost?.functions?.[subject.id];
    const defs = s.cost?.defaults;
    const memoryMb = pick("memory MB", [["flag", s.flags.memory], ["config", perFn?.memoryMb], ["config", defs?.memoryMb], ["project", declaredMemory(own?.vercel?.memory?.mb)]], DEFAULTS.vercelMemoryMb, "Fluid compute's default 2 GB / 1 vCPU");
    const flagRegion = s.flags.region && prices.vercel.regions[s.flags.region] ? s.flags.region : undefined;
    const declaredRegion = own?.vercel?.regions?.find((r) => prices.vercel.regions[r]);
    const region = pick("region", [["flag", flagRegion], ["project", declaredRegion]], DEFAULTS.vercelRegion, "Vercel's default");
    const flagPlan = VERCEL_PLANS.includes(s.flags.plan as VercelPlan) ? (s.flags.plan as VercelPlan) : undefined;
    const plan = pick("plan", [["flag", flagPlan], ["config", s.vercelPlan]], "pro", "credit-based Pro; --plan pro-legacy for the 2025 inclusions");
    const concurrency = pick("concurrency", [["flag", s.flags.concurrency], ["config", perFn?.concurrency], ["config", defs?.concurrency]], DEFAULTS.concurrency, "no sharing: upper bound");
    if (own && runtimeDef(own).isolate) {
      notes.push("Edge runtime: priced on the Fluid model, as Vercel now bills Routing Middleware; legacy Edge Functions were billed per 50 ms CPU unit.");
    }
    return { memoryMb, region, plan, concurrency };
  },
};

/**
 * Traffic and sizing for one function on one platform. Precedence: flags, then --measure, then
 * cost.functions["<id>"], then cost.defaults, then what the project declares, then stated defaults.
 */
export function resolveUsage(subject: Subject, platform: CostPlatform, s: Settings, prices: PriceTable): { usage: Usage; assumptions: Assumptions } {
  const perFn = s.cost?.functions?.[subject.id];
  const defs = s.cost?.defaults;
  const defaulted: string[] = [];
  const notes: string[] = [];
  const def = platformDef(platform);

  function pick<T>(name: string, candidates: Array<[Source, T | undefined]>, fallback: T, why: string, state = true): T {
    for (const [, value] of candidates) if (value !== undefined) return value;
    if (state) defaulted.push(`${name} ${String(fallback)}${why ? ` (${why})` : ""}`);
    return fallback;
  }

  const m = subject.measured;
  const invocations = pick("invocations/month", [["flag", s.flags.invocations], ["config", perFn?.invocations], ["config", defs?.invocations]], DEFAULTS.invocations, "");
  const wallMs = pick(
    "duration ms",
    [["flag", s.flags.duration], ["measured", m?.wallMs], ["config", perFn?.durationMs], ["config", defs?.durationMs]],
    DEFAULTS.durationMs,
    "",
  );
  const cpuMs = pick(
    "CPU ms",
    [["flag", s.flags.cpu], ["measured", m?.cpuMs], ["config", perFn?.cpuMs], ["config", defs?.cpuMs]],
    wallMs * DEFAULTS.cpuShare,
    `${DEFAULTS.cpuShare * 100}% of wall time, typical of an I/O-bound handler`,
  );
  // A platform that bills neither init nor cold starts (Workers) gets no defaults for them: only noise.
  const billsInit = def.cost.billsInit;
  const coldStartRate = pick(
    "cold-start rate",
    [["flag", s.flags.coldStartRate], ["config", perFn?.coldStartRate], ["config", defs?.coldStartRate]],
    DEFAULTS.coldStartRate,
    def.cost.coldStartRateWhy,
    billsInit,
  );
  const initMs = pick("init ms", [["measured", m?.initMs], ["config", perFn?.initMs], ["config", defs?.initMs]], DEFAULTS.initMs, def.cost.initWhy, billsInit);
  const ephemeralStorageMb = perFn?.ephemeralStorageMb ?? defs?.ephemeralStorageMb ?? DEFAULTS.ephemeralStorageMb;
  const freeTier = s.flags.freeTier ?? true;
  const own = subject.fn?.platform === platform ? subject.fn : undefined;

  const warnings: string[] = [];
  /** Memory the project declares, when it is in the platform's range; the rest is not priced. */
  const declaredMemory = (mb: number | undefined): number | undefined => {
    const range = rangeFor("memoryMb", [platform]);
    if (mb === undefined || (Number.isInteger(mb) && mb >= range.min && mb <= range.max)) return mb;
    warnings.push(`The project declares ${mb} MB, outside ${rangeText(range)}; priced as if it declared none.`);
    return undefined;
  };
  const part = PLATFORM_PART[platform]({ subject, s, prices, own, pick, declaredMemory, notes, durationMs: wallMs, cpuMs });
  const durationMs = part.durationMs ?? wallMs;
  const { memoryMb } = part;
  const usage: Usage = {
    invocations,
    durationMs,
    cpuMs,
    memoryMb,
    coldStartRate,
    initMs,
    arch: part.arch ?? "x86_64",
    ephemeralStorageMb,
    region: part.region ?? "global",
    concurrency: part.concurrency ?? DEFAULTS.concurrency,
    plan: part.plan,
    freeTier,
  };
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
  if (part.region) assumptions.region = part.region;
  if (part.arch) {
    assumptions.arch = part.arch;
    assumptions.ephemeralStorageMb = ephemeralStorageMb;
  }
  if (part.concurrency !== undefined) assumptions.concurrency = part.concurrency;
  if (part.plan) assumptions.plan = part.plan;
  if (m) assumptions.measured = m;
  return { usage, assumptions };
}
