import type { FunctionInfo } from "../../project/types.js";
import type { BundleInfo, Severity } from "../types.js";
import { platformDef } from "../../platforms/index.js";
import type { HardLimit } from "../../platforms/types.js";
import { gzipBound } from "../bundle.js";


/** Wrangler's size reporter turns yellow at 70% and red at 90% of the limit (bundle-reporter.ts). */
export const WARN_SHARE = 0.7;
export const ERROR_SHARE = 0.9;
export const DEFAULT_BUDGET_KB = 1024;

export interface SizeVerdict {
  severity: Severity;
  /** The limit or budget crossed, and by how much, one clause. */
  what: string;
  /** Every limit and the budget, as "78% of ...", for context. */
  context: string[];
}

/** The cold-start budget in bytes: rule option `budgetKb`, else `bundle.budgetKb`, else 1 MB. */
export function budgetBytes(settings: Record<string, unknown>): number {
  const own = settings.budgetKb;
  const section = (settings.bundle as { budgetKb?: unknown } | undefined)?.budgetKb;
  const kb = typeof own === "number" && own > 0 ? own : typeof section === "number" && section > 0 ? section : DEFAULT_BUDGET_KB;
  return kb * 1024;
}

export function hardLimits(fn: FunctionInfo, settings: Record<string, unknown>): HardLimit[] {
  return platformDef(fn).sizeLimits(fn.runtime, settings);
}

/** How the bundle stands against its platform's limits and the budget; undefined when within all. */
export function judgeSize(fn: FunctionInfo, bundle: BundleInfo, settings: Record<string, unknown>): SizeVerdict | undefined {
  const context: string[] = [];
  let worst: { severity: Severity; what: string } | undefined;
  const rank = (s: Severity) => (s === "error" ? 2 : 1);
  for (const limit of hardLimits(fn, settings)) {
    // gzip not measured (yet) is judged at the most it could be: within the limit then is within it.
    const size = limit.measure === "gzip" ? (bundle.gzipBytes ?? gzipBound(bundle.bytes)) : bundle.bytes;
    const share = size / limit.bytes;
    const pct = `${Math.round(share * 100)}% of ${limit.label}`;
    if (share >= 0.1) context.push(pct);
    const severity: Severity | undefined = share >= ERROR_SHARE ? "error" : share >= WARN_SHARE ? "warning" : undefined;
    if (severity && (!worst || rank(severity) > rank(worst.severity))) {
      worst = { severity, what: `${pct} (over ${Math.round((severity === "error" ? ERROR_SHARE : WARN_SHARE) * 100)}%: deploys start failing at 100%)` };
    }
  }
  const budget = budgetBytes(settings);
  const budgetText = `the cold-start budget of ${Math.round(budget / 1024)} KB minified`;
  if (bundle.bytes > budget) {
    context.push(`over ${budgetText}`);
    worst ??= { severity: "warning", what: `over ${budgetText} (\`bundle.budgetKb\`)` };
  }
  if (!worst) return undefined;
  return { severity: worst.severity, what: worst.what, context };
}
