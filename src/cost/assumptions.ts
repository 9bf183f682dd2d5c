import { platformDef, runtimeDef } from "../platforms/index.js";
import type { FunctionInfo } from "../project/types.js";
import { implicitLambdaDefaults } from "../audit/analysis/timeout-limits.js";
import type { CostConfig } from "./config-schema.js";
import { LAMBDA_REGIONS_MISSING, type LambdaArch, type PriceTable, type VercelPlan, type WorkersPlan } from "./price-table.js";
import { rangeFor, rangeText } from "./limits.js";
import { FRONT_DOOR_NAME, lambdaExtras } from "./lambda-extras.js";
import { measuredLogs, measuredResponse } from "./measure-logs.js";
import { configFor } from "./unit-config.js";
import { lambdaTimes, wallOf, workFrom, type Work } from "./work.js";
import type { Assumptions, BindingUsage, CostPlatform, LambdaExtras, LineSource, Measured, Usage } from "./types.js";
import { vercelCdnFor } from "./vercel.js";
import { resolveBindings } from "./workers-bindings.js";

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
  /** A function's id, or a deploy unit's name when many routes deploy as one Worker or function. */
  id: string;
  /** The ids of the routes a deploy unit holds (priced once, as one function). */
  routes?: string[];
  /** Undefined for the hypothetical function of what-if mode. */
  fn?: FunctionInfo;
  measured?: Measured;
}

export interface Settings {
  flags: CostFlags;
  /** Comparing platforms: Lambda's default memory gives it the CPU share the others have. */
  compare?: boolean;
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
  responseBytes: 10_240,
} as const;

const ms = (n: number) => `${Number(n.toPrecision(4)).toLocaleString("en-US")} ms`;

/** The Lambda region: a flag, else the one the project names when it is priced, else the default, with a warning when the project's is not. */
function lambdaRegion(s: Settings, prices: PriceTable, own: FunctionInfo | undefined, pick: PlatformInput["pick"], warnings: string[]): string {
  const regions = prices["aws-lambda"].regions;
  const flagRegion = s.flags.region && regions[s.flags.region] ? s.flags.region : undefined;
  const declared = own?.lambda?.region;
  const region = pick("region", [["flag", flagRegion], ["project", declared && regions[declared.value] ? declared.value : undefined]], DEFAULTS.lambdaRegion, "");
  if (!flagRegion && declared && !regions[declared.value]) {
    warnings.push(
      `The project deploys to ${declared.value} (${declared.at.file}:${declared.at.line}), which the price table lacks${(LAMBDA_REGIONS_MISSING as readonly string[]).includes(declared.value) ? " (a commercial region whose rates coldstart has no source for)" : ""}: priced at ${region} instead. Add its rates with --prices ("aws-lambda".regions).`,
    );
  }
  return region;
}

export const VERCEL_PLANS: readonly VercelPlan[] = ["hobby", "pro", "pro-legacy"];
export const WORKERS_PLANS: readonly WorkersPlan[] = ["free", "paid"];

type Source = "flag" | "measured" | "config" | "project" | "default";

/** Front doors whose responses go back to a client over the internet (a WebSocket route's replies are pushed by the app). */
const ANSWERS_CLIENTS: ReadonlySet<string> = new Set(["http-api", "rest-api", "function-url", "alb"]);

/** Bytes per response: config, then what --measure saw the handler answer, then a stated default. */
function responseBytesOf(subject: Subject, s: Settings, answered: { responseBytes: number; source: LineSource } | undefined): { responseBytes: number; source: LineSource } {
  const configured = configFor(subject, s)?.responseBytes ?? s.cost?.defaults?.responseBytes;
  if (configured !== undefined) return { responseBytes: configured, source: { kind: "config", detail: `cost.functions["${subject.id}"].responseBytes or cost.defaults.responseBytes` } };
  return (
    answered ?? {
      responseBytes: DEFAULTS.responseBytes,
      source: { kind: "default", detail: `assumed ${DEFAULTS.responseBytes.toLocaleString("en-US")} bytes per response, a small compressed JSON or HTML answer (set cost.functions[id].responseBytes)` },
    }
  );
}

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
  warnings: string[];
  work: Work;
}

interface PlatformPart {
  memoryMb: number;
  region?: string;
  arch?: LambdaArch;
  plan?: VercelPlan | WorkersPlan;
  /** Set when the platform reshapes the times (Lambda's CPU share at a memory size). */
  durationMs?: number;
  initMs?: number;
  concurrency?: number;
  lambda?: LambdaExtras;
  bindings?: BindingUsage[];
  vercelCdn?: Usage["vercelCdn"];
  /** The CPU the work gets on this platform, stated for comparisons. */
  cpuShare: string;
  timeout?: Usage["timeout"];
  /** What HTTP requests come through, and what it costs. */
  frontDoor: string;
}

const given = <T>(...v: Array<T | undefined>) => v.find((x) => x !== undefined);

/** Each platform's own sizing: memory, region, architecture, plan. A table, so a new platform cannot be forgotten. */
const PLATFORM_PART: Record<CostPlatform, (i: PlatformInput) => PlatformPart> = {
  "cloudflare-workers": ({ s, subject, prices, notes, warnings, pick, own }) => {
    const perFn = configFor(subject, s);
    if (given(s.flags.memory, perFn?.memoryMb, s.cost?.defaults?.memoryMb) !== undefined) notes.push("Workers memory is fixed at 128 MB; the memory setting is ignored.");
    const bindings = resolveBindings(subject, own, s, prices, notes, warnings);
    const flagPlan = WORKERS_PLANS.includes(s.flags.plan as WorkersPlan) ? (s.flags.plan as WorkersPlan) : undefined;
    return {
      memoryMb: DEFAULTS.workersMemoryMb,
      plan: pick("plan", [["flag", flagPlan], ["config", s.workersPlan]], "paid", ""),
      cpuShare: "the isolate's CPU, billed as CPU time; wall time is not billed",
      frontDoor: "none needed: a Worker answers HTTP itself, billed per request",
      ...(bindings.length > 0 ? { bindings } : {}),
    };
  },
  "aws-lambda": ({ s, subject, prices, own, pick, declaredMemory, notes, warnings, work }) => {
    const perFn = configFor(subject, s);
    const l = prices["aws-lambda"];
    // The Serverless Framework and SST deploy unset memory as 1,024 MB, not Lambda's 128 MB.
    const implicit = own?.lambda ? implicitLambdaDefaults(own.lambda) : undefined;
    const [fallbackMb, fallbackWhy] = s.compare && !own
      ? [l.memory.mbPerVcpu, "one full vCPU, the CPU share of Vercel's 2 GB default and of a Workers isolate, so the platforms compare like for like"]
      : [implicit?.memoryMb ?? DEFAULTS.lambdaMemoryMb, `${implicit?.by ?? "Lambda"}'s default`];
    const memoryMb = pick(
      "memory MB",
      [["flag", s.flags.memory], ["config", perFn?.memoryMb], ["config", s.cost?.defaults?.memoryMb], ["project", declaredMemory(own?.lambda?.memory?.mb)]],
      fallbackMb,
      fallbackWhy,
    );
    const region = lambdaRegion(s, prices, own, pick, warnings);
    const arch = pick("architecture", [["flag", s.flags.arch], ["project", own?.lambda?.architecture]], "x86_64", "Lambda's default");
    const t = lambdaTimes(work, memoryMb, l.memory.mbPerVcpu);
    if (t.share < 1) {
      notes.push(
        `At ${memoryMb.toLocaleString("en-US")} MB Lambda gives ${t.share.toFixed(3)} of a vCPU: ${ms(work.cpuMs)} of CPU work takes ${ms(work.cpuMs / t.share)}, plus ${ms(work.ioMs)} of I/O wait = ${ms(t.durationMs)} per invocation; ${
          work.initScales === false
            ? `INIT ${ms(t.initMs)} is a figure observed on Lambda, not stretched.`
            : `INIT ${ms(work.initMs)} on a full vCPU takes ${ms(t.initMs)} (an upper bound for light inits: measured hello-world inits barely change from 128 to 1,024 MB).`
        }`,
      );
    }
    const extras = lambdaExtras(subject, own, s);
    // Bytes the handler logged under --measure stand in for the default, never for a configured figure.
    const logged = extras.logs.source.kind === "default" && own ? measuredLogs(subject.measured) : undefined;
    const response = ANSWERS_CLIENTS.has(extras.frontDoor.kind) ? responseBytesOf(subject, s, own ? measuredResponse(subject.measured) : undefined) : undefined;
    const lambda = { ...extras, ...(logged ? { logs: logged } : {}), ...(response ? { response: { bytes: response.responseBytes, source: response.source } } : {}) };
    const door = FRONT_DOOR_NAME[lambda.frontDoor.kind];
    return {
      memoryMb,
      region,
      arch,
      durationMs: t.durationMs,
      initMs: t.initMs,
      lambda,
      ...(own?.lambda?.timeout ? { timeout: { ms: own.lambda.timeout.seconds * 1000, at: `${own.lambda.timeout.at.file}:${own.lambda.timeout.at.line}` } } : {}),
      cpuShare: `${Number(t.share.toFixed(3))} vCPU at ${memoryMb.toLocaleString("en-US")} MB (${l.memory.mbPerVcpu.toLocaleString("en-US")} MB = 1 vCPU)`,
      frontDoor: `${door} (${lambda.frontDoor.source.kind}: ${lambda.frontDoor.source.detail})`,
    };
  },
  vercel: ({ s, subject, prices, own, pick, declaredMemory, notes, warnings }) => {
    const perFn = configFor(subject, s);
    const defs = s.cost?.defaults;
    const memoryMb = pick("memory MB", [["flag", s.flags.memory], ["config", perFn?.memoryMb], ["config", defs?.memoryMb], ["project", declaredMemory(own?.vercel?.memory?.mb)]], DEFAULTS.vercelMemoryMb, "Fluid compute's default 2 GB / 1 vCPU");
    const flagRegion = s.flags.region && prices.vercel.regions[s.flags.region] ? s.flags.region : undefined;
    const declared = own?.vercel?.regions ?? [];
    const declaredRegion = declared.find((r) => prices.vercel.regions[r]);
    const region = pick("region", [["flag", flagRegion], ["project", declaredRegion]], DEFAULTS.vercelRegion, "Vercel's default");
    const unpriced = declared.filter((r) => !prices.vercel.regions[r]);
    if (!flagRegion && unpriced.length > 0) {
      warnings.push(
        `The project declares Vercel region${unpriced.length > 1 ? "s" : ""} ${unpriced.join(", ")}, which the price table lacks: priced at ${region} instead. Add the region's rates with --prices (vercel.regions) to price it there.`,
      );
    }
    const flagPlan = VERCEL_PLANS.includes(s.flags.plan as VercelPlan) ? (s.flags.plan as VercelPlan) : undefined;
    const plan = pick("plan", [["flag", flagPlan], ["config", s.vercelPlan]], "pro", "credit-based Pro; --plan pro-legacy for the 2025 inclusions");
    const concurrency = pick("concurrency", [["flag", s.flags.concurrency], ["config", perFn?.concurrency], ["config", defs?.concurrency]], DEFAULTS.concurrency, "no sharing: upper bound");
    const vercelCdn = responseBytesOf(subject, s, own ? measuredResponse(subject.measured) : undefined);
    if (own && runtimeDef(own).isolate) {
      notes.push("Edge runtime: priced on the Fluid model, as Vercel now bills Routing Middleware; legacy Edge Functions were billed per 50 ms CPU unit.");
    }
    return {
      memoryMb,
      region,
      plan,
      concurrency,
      vercelCdn,
      cpuShare: "a full vCPU for the CPU work (Fluid's 2 GB default is 1 vCPU), billed as Active CPU",
      frontDoor: vercelCdnFor(prices, region, plan)
        ? `Vercel's CDN routes requests to the function: Edge Requests, Fast Origin Transfer and Fast Data Transfer priced from ${prices.vercel.cdn ? "the supplied CDN rates" : `the table's ${region} CDN rates`}`
        : `none needed: Vercel's CDN routes requests to the function (Edge Requests and data transfer are not priced: no first-party ${plan === "hobby" ? "Hobby overage" : `rates for ${region}`} in the table)`,
    };
  },
};

/**
 * Traffic and sizing for one function on one platform. Precedence: flags, then --measure, then
 * cost.functions["<id>"], then cost.defaults, then what the project declares, then stated defaults.
 */
export function resolveUsage(subject: Subject, platform: CostPlatform, s: Settings, prices: PriceTable): { usage: Usage; assumptions: Assumptions } {
  const perFn = configFor(subject, s);
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
  const initGiven = given(m?.initMs, perFn?.initMs, defs?.initMs);
  const initMs = pick("init ms", [["measured", m?.initMs], ["config", perFn?.initMs], ["config", defs?.initMs]], DEFAULTS.initMs, def.cost.initWhy, billsInit);
  const ephemeralStorageMb = perFn?.ephemeralStorageMb ?? defs?.ephemeralStorageMb ?? DEFAULTS.ephemeralStorageMb;
  const freeTier = s.flags.freeTier ?? true;
  const own = subject.fn?.platform === platform ? subject.fn : undefined;

  const warnings: string[] = [];
  const stated = workFrom(wallMs, cpuMs, initMs);
  if (stated.warning) warnings.push(stated.warning);
  // A default init is a figure observed on Lambda itself, not work on a full vCPU: it is not stretched.
  const work: Work = initGiven === undefined ? { ...stated.work, initScales: false } : stated.work;
  /** Memory the project declares, when it is in the platform's range; the rest is not priced. */
  const declaredMemory = (mb: number | undefined): number | undefined => {
    const range = rangeFor("memoryMb", [platform]);
    if (mb === undefined || (Number.isInteger(mb) && mb >= range.min && mb <= range.max)) return mb;
    warnings.push(`The project declares ${mb} MB, outside ${rangeText(range)}; priced as if it declared none.`);
    return undefined;
  };
  const part = PLATFORM_PART[platform]({ subject, s, prices, own, pick, declaredMemory, notes, warnings, work });
  const durationMs = part.durationMs ?? wallOf(work);
  const platformInitMs = part.initMs ?? work.initMs;
  const { memoryMb } = part;
  const usage: Usage = {
    invocations,
    durationMs,
    cpuMs: work.cpuMs,
    memoryMb,
    coldStartRate,
    initMs: platformInitMs,
    arch: part.arch ?? "x86_64",
    ephemeralStorageMb,
    region: part.region ?? "global",
    concurrency: part.concurrency ?? DEFAULTS.concurrency,
    plan: part.plan,
    freeTier,
    work,
    ...(part.lambda ? { lambda: part.lambda } : {}),
    ...(part.bindings ? { bindings: part.bindings } : {}),
    ...(part.vercelCdn ? { vercelCdn: part.vercelCdn } : {}),
    ...(part.timeout ? { timeout: part.timeout } : {}),
  };
  const assumptions: Assumptions = {
    invocationsPerMonth: invocations,
    durationMs,
    cpuMs: work.cpuMs,
    ioWaitMs: work.ioMs,
    cpuShare: part.cpuShare,
    frontDoor: part.frontDoor,
    memoryMb,
    coldStartRate,
    initMs: platformInitMs,
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
  if (subject.routes) assumptions.routes = subject.routes;
  if (part.bindings) assumptions.bindings = part.bindings;
  return { usage, assumptions };
}
