import { UsageError } from "../errors.js";
import pkg from "../../package.json" with { type: "json" };
import { templateLimits, type Template } from "./registry.js";
import { TARGET_INFO, type ResourceKey } from "./templates.js";

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

type Scope = Pick<Template, "name" | "platform" | "limits">;

const FLAG: Record<ResourceKey, string> = { memory: "--memory", timeout: "--timeout", cpuMs: "--cpu-ms" };

/** Checks resource flags against the template's limits and fills defaults. Throws UsageError, returns warnings. */
export function resolveSettings(template: Scope, flags: ResourceFlags): { settings: Settings; warnings: string[] } {
  const settings: Settings = {};
  const warnings: string[] = [];
  const limits = templateLimits(template);
  for (const key of ["memory", "timeout", "cpuMs"] as const) {
    const value = flags[key];
    const limit = limits[key];
    if (!limit) {
      if (value !== undefined) throw new UsageError(`${FLAG[key]} does not apply to ${template.platform}: ${TARGET_INFO[template.platform].unsupported[key]}.`);
      continue;
    }
    const error = checkLimit(template, key, value);
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
export function checkLimit(template: Scope, key: ResourceKey, value: number | undefined): string | undefined {
  const limit = templateLimits(template)[key];
  if (!limit || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < limit.min || value > limit.max) {
    const where = template.name === template.platform ? template.platform : `the ${template.name} template`;
    return `${limit.flag} ${value} is out of range for ${where}: expected ${limit.min}-${limit.max} (${limit.why}).`;
  }
  return undefined;
}

export function resourceDefault(template: Scope, key: ResourceKey): number | undefined {
  return templateLimits(template)[key]?.default;
}

export function resourceRange(template: Scope, key: ResourceKey): { min: number; max: number } | undefined {
  const limit = templateLimits(template)[key];
  return limit && { min: limit.min, max: limit.max };
}

/**
 * Placeholder values, as the template contract defines them: {{name}}, {{coldstartVersion}} (the
 * exact version the project's audit script installs) and each platform's own.
 */
export function placeholders(template: Scope, name: string, settings: Settings): Record<string, string> {
  return { name, coldstartVersion: pkg.version, ...TARGET_INFO[template.platform].placeholders(settings) };
}
