/**
 * What coldstart knows about a platform and a runtime, in one object each (knip's plugin idea):
 * everything else — types, CLI choices, `choose`, `create`, cost and the rules — derives from
 * these. Nothing here imports a heavy module: the CLI reads the registry on every start.
 */

/**
 * The runtime a function's code runs in:
 * - `edge`: the Vercel / Next.js Edge Runtime (middleware, `runtime = "edge"`)
 * - `nodejs`: Node.js on Vercel or Lambda
 * - `workerd`: Cloudflare Workers
 */
export type RuntimeKind = "edge" | "nodejs" | "workerd";

export interface RuntimeDef {
  kind: RuntimeKind;
  /** How a message names it: "the Edge Runtime", "Cloudflare Workers", "Node.js". */
  label: string;
  /** How esbuild bundles code for it: its platform and package-export conditions. */
  bundle: { platform: "node" | "browser"; conditions: readonly string[] };
  /** A V8 isolate, not a process: no native addons, no child processes, Node APIs only as the platform provides. */
  isolate: boolean;
  /** Which table decides its Node.js built-ins, for the edge rules (undefined: all of Node). */
  nodeApis: "vercel-edge" | "workers" | undefined;
  /** A TCP connection can outlive the request that opened it (false in isolates: sockets belong to a request). */
  sharesConnections: boolean;
  /** Start-up cost before any of the function's code runs, when it is the same on every platform. */
  isolateStart?: { lowMs: number; highMs: number; what: string; source: string };
}

/** A size the platform refuses to deploy past. */
export interface HardLimit {
  /** Which measure of the bundle it applies to. */
  measure: "gzip" | "minified";
  bytes: number;
  /** "the Workers Free plan's 3 MiB compressed limit". */
  label: string;
  source: string;
}

/** A published limit or default, with where it is published and when that was read. */
export interface Sourced {
  source: string;
  asOf: string;
}

/**
 * The limits a function's settings must stay within. Rules, `create`, `choose` and the cost
 * ranges read them from here; the price table quotes them.
 */
export interface Limits {
  /** Memory a function may be given (MB); `hobbyMax` where the entry plan allows less. */
  memoryMb?: Sourced & { min: number; max: number; hobbyMax?: number };
  /** Memory fixed by the platform, when it is not a setting. */
  fixedMemoryMb?: Sourced & { mb: number };
  /** Wall time per invocation (s): the default when unset and the maximum; `hobbyMax` for the entry plan. */
  durationS?: Sourced & { default: number; max: number; hobbyMax?: number };
  /** CPU time per invocation (ms), when the platform bills and caps CPU instead of wall time. */
  cpuMs?: Sourced & { default: number; max: number };
}

/** The parts of coldstart's config a platform's limits depend on (plans), already validated. */
export type Settings = Record<string, unknown>;

export interface PlatformDef<Id extends string = string> {
  id: Id;
  /** "AWS Lambda". */
  name: string;
  /** The name `coldstart create --target` and `choose` use. */
  createTarget: string;
  runtimes: readonly RuntimeKind[];
  limits: Limits;
  /** Hard deploy-size limits of a function on this runtime, with sources. */
  sizeLimits(runtime: RuntimeKind, settings: Settings): HardLimit[];
  /** Whether one instance serves several requests at once (Vercel Fluid compute). */
  concurrentRequests: boolean;
  /** Packages another rule reports on this platform (so `bundle/heavy-dependency` leaves them alone). */
  reportedElsewhere?: Readonly<Record<string, string>>;
  /** How `coldstart cost` treats it; the rates themselves are in src/cost/price-table.ts. */
  cost: {
    /** Whether init time and cold starts are billed (Workers bill neither). */
    billsInit: boolean;
    /** Whether memory is fixed by the platform (Workers: 128 MB), so a memory setting means nothing. */
    fixedMemory: boolean;
    /** Whether memory sets the CPU share and the price, so `--memory-sweep` sweeps it (Lambda). */
    memorySweep: boolean;
    /** Where the default cold-start rate comes from, for this platform. */
    coldStartRateWhy: string;
    /** Where the default init time comes from, for this platform. */
    initWhy: string;
  };
  wording: {
    /** Where a secret belongs instead of the code or config. */
    secretStore: string;
    /** The command or config that stores one, for a variable `name`. */
    secretExample(name: string): string;
    /** Why a heavy dependency costs on this platform (per runtime, when they differ). */
    heavyDependency(runtime: RuntimeKind): string;
    /** Extra advice for a big bundle (a plan to set), if any. */
    sizeAdvice?: string;
    /** A limit on start-up work, said after a size finding. */
    startupLimit?: string;
    /** What a fetch that never answers costs, ending "...until X" or "and Y". */
    hungFetch(runtime: RuntimeKind): string;
    /** Why a database client per invocation hurts here. */
    clientPerInvocation: string;
    /** How many connections one instance needs, and the pool size to set for `limit`. */
    poolSize: { why: string; set: (limit: number) => string };
  };
}
