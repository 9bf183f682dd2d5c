import { PLATFORM_IDS, PLATFORMS, type Platform } from "../platforms/index.js";
import type { BindingKind, LambdaArch, VercelPlan, WorkersPlan } from "./price-table.js";
import type { Work } from "./work.js";

/** Every platform is priced: the registry's list (src/platforms/). */
export type CostPlatform = Platform;
export const COST_PLATFORMS: readonly CostPlatform[] = PLATFORM_IDS;
export const PLATFORM_NAME: Readonly<Record<CostPlatform, string>> = Object.fromEntries(PLATFORMS.map((p) => [p.id, p.name])) as Record<CostPlatform, string>;

/** What one function does in a month: the inputs to every formula. */
export interface Usage {
  invocations: number;
  durationMs: number;
  cpuMs: number;
  memoryMb: number;
  coldStartRate: number;
  initMs: number;
  /** Lambda only. */
  arch: LambdaArch;
  ephemeralStorageMb: number;
  /** Lambda or Vercel region id; unused for Workers (billing is global). */
  region: string;
  /** Vercel: mean number of invocations sharing one instance. */
  concurrency: number;
  plan: VercelPlan | WorkersPlan | undefined;
  freeTier: boolean;
  /** CPU work, I/O wait and init on one full vCPU: durationMs and initMs above derive from it. */
  work: Work;
  /** Lambda: the rest of the bill (front door, tracing, logs, Provisioned Concurrency). */
  lambda?: LambdaExtras;
  /** Vercel: bytes each response carries through the CDN, and where that figure came from. */
  vercelCdn?: { responseBytes: number; source: LineSource };
  /** Workers: bound storage and messaging with a month's use given in config. */
  bindings?: BindingUsage[];
  /** The timeout the project declares, with where: an invocation stops (and is billed) there. */
  timeout?: { ms: number; at: string };
}

/** Where an input or a line came from. */
export interface LineSource {
  kind: "project" | "measured" | "config" | "flag" | "default";
  detail: string;
}

/** A month's use of one Worker binding, by meter (the keys of the price table's meters). */
export interface BindingUsage {
  name: string;
  kind: BindingKind;
  meters: Record<string, number>;
  source: LineSource;
}

export type FrontDoor = "http-api" | "rest-api" | "websocket-api" | "function-url" | "alb" | "none";

export interface LambdaExtras {
  frontDoor: {
    kind: FrontDoor;
    source: LineSource;
    /** WebSocket API: messages per invocation, and the month's connection minutes (a total, or per message). */
    webSocket?: { messagesPerInvocation: number; connectionMinutes: { total: number } | { perMessage: number }; source: LineSource };
    /** ALB: the load balancer's LCUs in an average hour, when config gives them (else derived from traffic). */
    alb?: { lcus: number | undefined; source: LineSource };
  };
  /** SnapStart turned on in the project: where, and the runtime (it is not priced for runtimes it does not support). */
  snapStart?: { at: string; runtime: string | undefined };
  tracing: { active: boolean; source: LineSource };
  logs: { bytesPerInvocation: number; source: LineSource };
  /** Response bytes sent to the internet through the front door; undefined when nothing answers a client (queues, schedules, WebSocket pushes). */
  response?: { bytes: number; source: LineSource };
  provisionedConcurrency: { units: number; source: LineSource };
}

export interface Line {
  item: string;
  quantity: number;
  unit: string;
  unitPriceUsd: number;
  usd: number;
  /** Where the usage behind the line came from, for lines that are not the platform's own meters. */
  source?: LineSource;
}

export interface Assumptions {
  invocationsPerMonth: number;
  durationMs: number;
  cpuMs: number;
  /** Wall time not spent on the CPU (on a full vCPU): the part no memory size shortens. */
  ioWaitMs: number;
  /** The CPU the work gets on this platform. */
  cpuShare: string;
  /** What HTTP requests come through before the function. */
  frontDoor: string;
  memoryMb: number;
  coldStartRate: number;
  initMs: number;
  freeTier: boolean;
  region?: string;
  arch?: LambdaArch;
  plan?: string;
  concurrency?: number;
  ephemeralStorageMb?: number;
  /** Each input that was not given, with the default used and why. */
  defaulted: string[];
  /** How this platform bills, and approximations made. */
  notes: string[];
  warnings: string[];
  measured?: Measured;
  /** A deploy unit's routes: all of them run in this one Worker or function. */
  routes?: string[];
  /** Workers: the bindings priced, with the month's use of each (from config). */
  bindings?: BindingUsage[];
}

export interface Estimate {
  function: string;
  platform: CostPlatform;
  monthlyUsd: number;
  lines: Line[];
  assumptions: Assumptions;
}

export interface PricedFunction {
  id: string;
  usage: Usage;
}

/** A formula's result for one function, before the report attaches the assumptions. */
export interface Priced {
  id: string;
  lines: Line[];
  notes: string[];
  warnings: string[];
}

export function line(item: string, quantity: number, unit: string, unitPriceUsd: number, source?: LineSource): Line {
  return { item, quantity, unit, unitPriceUsd, usd: quantity * unitPriceUsd, ...(source ? { source } : {}) };
}

/** Sum of lines; credits that cancel a charge leave float residue like 1e-16, which is zero. */
export function total(lines: Line[]): number {
  const sum = lines.reduce((s, l) => s + l.usd, 0);
  return Math.abs(sum) < 1e-9 ? 0 : sum;
}

/** p50, p90 and p99, nearest rank (weighted by traffic share when the inputs have weights). */
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

/** One input a function was measured with (an event file, a request): its own figures and its share of traffic. */
export interface MeasuredInput {
  /** "event events/api-post-order.json", "GET /health", "a synthetic HTTP API event". */
  input: string;
  /** Share of the traffic, 0-1; a function's inputs add up to 1. */
  weight: number;
  /** Mean of the warm runs (2..N). */
  wallMs: number;
  cpuMs: number;
  firstWallMs: number;
  /** Runs with this input (each cold start's first run counted). */
  runs: number;
  wallPercentilesMs?: Percentiles;
  cpuPercentilesMs?: Percentiles;
  /** Lambda: bytes of log lines a warm run wrote (its output plus the runtime's per-line prefix). */
  logBytes?: number;
  /** Bytes of the response body a warm run returned. */
  responseBytes?: number;
}

/** What `cost --measure` found for one function. */
export interface Measured {
  initMs: number;
  /** The inputs' warm-run means (runs 2..N), weighted by their share; the first run (JIT warm-up) is reported apart. */
  wallMs: number;
  cpuMs: number;
  firstWallMs?: number;
  runs: number;
  /** Where and how it was measured: runtime, input, and what the figures leave out. */
  how: string;
  /** p50, p90 and p99 of the warm runs' wall times, each run weighted by its input's share. */
  wallPercentilesMs?: Percentiles;
  /** The same for CPU time. */
  cpuPercentilesMs?: Percentiles;
  /** Each cold start's init time (initMs is their median). */
  initSamplesMs?: number[];
  /** Each input with its own figures and weight, in the order measured. */
  inputs?: MeasuredInput[];
  /** Where the inputs' weights came from: config `cost.functions[id].events`, or every input alike. */
  weighting?: { from: "config" | "equal"; detail: string };
  /** Lambda: log bytes per invocation from the handler (weighted), without the START/END/REPORT lines. */
  logBytes?: number;
  /** Response body bytes per invocation (weighted). */
  responseBytes?: number;
}
