import { UsageError } from "../errors.js";
import type { ResourceKey, Target } from "./templates.js";

export interface ResourceFlags {
  memory?: number | undefined;
  timeout?: number | undefined;
  cpuMs?: number | undefined;
}

/** The values written into the template, in platform terms. */
export interface Settings {
  memory?: number;
  timeout?: number;
  cpuMs?: number;
}

interface Limit {
  flag: string;
  min: number;
  max: number;
  /** Above this the value needs a paid plan: accepted with a warning. */
  warnAbove?: number;
  warning?: string;
  why?: string;
  default?: number;
}

const LIMITS: Record<Target, Partial<Record<ResourceKey, Limit>>> = {
  lambda: {
    memory: { flag: "--memory", min: 128, max: 10240, default: 512, why: "Lambda MemorySize is 128-10240 MB" },
    timeout: {
      flag: "--timeout",
      min: 1,
      max: 29,
      default: 10,
      why: "the template's HTTP API integration gives up after 30 s, so a longer Lambda Timeout only hides failures (Lambda itself allows 900)",
    },
  },
  vercel: {
    memory: {
      flag: "--memory",
      min: 128,
      max: 4096,
      default: 1024,
      warnAbove: 2048,
      warning: "Hobby allows up to 2048 MB; more needs a Pro or Enterprise plan",
      why: "Vercel functions take 128-4096 MB",
    },
    timeout: {
      flag: "--timeout",
      min: 1,
      max: 800,
      default: 30,
      warnAbove: 300,
      warning: "Hobby allows maxDuration up to 300 s; more needs a Pro or Enterprise plan",
      why: "Vercel maxDuration is 1-800 s with Fluid compute",
    },
  },
  workers: {
    cpuMs: { flag: "--cpu-ms", min: 1, max: 300000, why: "Workers limits.cpu_ms is 1-300000 (paid plan)" },
  },
};

const NOT_FOR: Record<ResourceKey, Partial<Record<Target, string>>> = {
  memory: { workers: "Workers have a fixed 128 MB per isolate; cap CPU time with --cpu-ms instead" },
  timeout: { workers: "Workers have no wall-clock limit to set; cap CPU time with --cpu-ms instead" },
  cpuMs: { lambda: "Lambda bills wall time; use --timeout and --memory", vercel: "Vercel has no CPU cap; use --timeout and --memory" },
};

const FLAG: Record<ResourceKey, string> = { memory: "--memory", timeout: "--timeout", cpuMs: "--cpu-ms" };

/** Checks resource flags against the target's limits and fills defaults. Throws UsageError, returns warnings. */
export function resolveSettings(target: Target, flags: ResourceFlags): { settings: Settings; warnings: string[] } {
  const settings: Settings = {};
  const warnings: string[] = [];
  for (const key of ["memory", "timeout", "cpuMs"] as const) {
    const value = flags[key];
    const limit = LIMITS[target][key];
    if (!limit) {
      if (value !== undefined) throw new UsageError(`${FLAG[key]} does not apply to ${target}: ${NOT_FOR[key][target]}.`);
      continue;
    }
    const error = checkLimit(target, key, value);
    if (error) throw new UsageError(error);
    const chosen = value ?? limit.default;
    if (chosen !== undefined) settings[key] = chosen;
    if (value !== undefined && limit.warnAbove !== undefined && value > limit.warnAbove) {
      warnings.push(`${limit.flag} ${value}: ${limit.warning}.`);
    }
  }
  return { settings, warnings };
}

/** One-line problem with a value, or undefined when it is within the limits (also used by prompts). */
export function checkLimit(target: Target, key: ResourceKey, value: number | undefined): string | undefined {
  const limit = LIMITS[target][key];
  if (!limit || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < limit.min || value > limit.max) {
    return `${limit.flag} ${value} is out of range for ${target}: expected ${limit.min}-${limit.max} (${limit.why}).`;
  }
  return undefined;
}

export function resourceDefault(target: Target, key: ResourceKey): number | undefined {
  return LIMITS[target][key]?.default;
}

export function resourceRange(target: Target, key: ResourceKey): { min: number; max: number } | undefined {
  const limit = LIMITS[target][key];
  return limit && { min: limit.min, max: limit.max };
}

const LIMITS_COMMENT = `// "limits": { "cpu_ms": 50 }, // Paid plan: cap CPU time per request (coldstart create --cpu-ms)`;

/** Placeholder values, as the template contract defines them. */
export function placeholders(target: Target, name: string, settings: Settings): Record<string, string> {
  const values: Record<string, string> = { name };
  if (settings.memory !== undefined) values.memory = String(settings.memory);
  if (settings.timeout !== undefined) values.timeout = String(settings.timeout);
  if (target === "lambda" && settings.timeout !== undefined) values.visibilityTimeout = String(settings.timeout * 6);
  if (target === "workers") {
    values.limits = settings.cpuMs === undefined ? LIMITS_COMMENT : `"limits": { "cpu_ms": ${settings.cpuMs} },`;
  }
  return values;
}
