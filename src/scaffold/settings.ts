import pkg from "../../package.json" with { type: "json" };
import { UsageError } from "../errors.js";
import { TEMPLATES, type ResourceKey, type Target } from "./templates.js";

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

const FLAG: Record<ResourceKey, string> = { memory: "--memory", timeout: "--timeout", cpuMs: "--cpu-ms" };

/** Checks resource flags against the target's limits and fills defaults. Throws UsageError, returns warnings. */
export function resolveSettings(target: Target, flags: ResourceFlags): { settings: Settings; warnings: string[] } {
  const settings: Settings = {};
  const warnings: string[] = [];
  for (const key of ["memory", "timeout", "cpuMs"] as const) {
    const value = flags[key];
    const limit = TEMPLATES[target].limits[key];
    if (!limit) {
      if (value !== undefined) throw new UsageError(`${FLAG[key]} does not apply to ${target}: ${TEMPLATES[target].unsupported[key]}.`);
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
  const limit = TEMPLATES[target].limits[key];
  if (!limit || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < limit.min || value > limit.max) {
    return `${limit.flag} ${value} is out of range for ${target}: expected ${limit.min}-${limit.max} (${limit.why}).`;
  }
  return undefined;
}

export function resourceDefault(target: Target, key: ResourceKey): number | undefined {
  return TEMPLATES[target].limits[key]?.default;
}

export function resourceRange(target: Target, key: ResourceKey): { min: number; max: number } | undefined {
  const limit = TEMPLATES[target].limits[key];
  return limit && { min: limit.min, max: limit.max };
}

/**
 * Placeholder values, as the template contract defines them; each template states its own.
 * `coldstartVersion` pins the GitHub Action in the generated CI to the coldstart that made it.
 */
export function placeholders(target: Target, name: string, settings: Settings): Record<string, string> {
  return { name, coldstartVersion: pkg.version, ...TEMPLATES[target].placeholders(settings) };
}
