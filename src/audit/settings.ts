import type { Severity, SeveritySetting } from "./types.js";

/** The parts of coldstart.config.json the audit reads (validated by src/config before it gets here). */
export interface AuditConfig {
  /** id -> severity, or an object with `severity` and rule options. */
  rules?: Record<string, unknown>;
  ignore?: string[];
  [section: string]: unknown;
}

function normalize(value: unknown): SeveritySetting | undefined {
  if (value === "warn") return "warning";
  if (value === "error" || value === "warning" || value === "info" || value === "off") return value;
  return undefined;
}

/** The user's severity for a rule, else the fallback (the finding's or the rule's default). */
export function severityFor(config: AuditConfig, id: string, fallback: Severity): SeveritySetting {
  const entry = config.rules?.[id];
  const direct = normalize(entry);
  if (direct) return direct;
  if (entry && typeof entry === "object") return normalize((entry as { severity?: unknown }).severity) ?? fallback;
  return fallback;
}

/** Rule options: the object form of `rules.<id>` plus the per-platform sections. */
export function settingsFor(config: AuditConfig, id: string): Record<string, unknown> {
  const { rules: _rules, ignore: _ignore, ...sections } = config;
  const entry = config.rules?.[id];
  const options = entry && typeof entry === "object" ? { ...(entry as Record<string, unknown>) } : {};
  delete options.severity;
  return { ...sections, ...options };
}
