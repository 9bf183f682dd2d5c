import * as z from "zod";
import { COST_LIMIT_HELP, parseCostLimit, parseSizeLimit, SIZE_LIMIT_HELP, type Limit } from "./limits.js";
import type { BudgetBreach, FunctionDiff } from "./types.js";

const costLimit = z.string().refine((s) => parseCostLimit(s) !== undefined, { error: `expected ${COST_LIMIT_HELP}` });
const sizeLimit = z.string().refine((s) => parseSizeLimit(s) !== undefined, { error: `expected ${SIZE_LIMIT_HELP}` });

const functionBudget = z.strictObject({
  failOnIncrease: costLimit.optional().describe("fail `coldstart diff` when this function's monthly cost rises by more than this"),
  maxSizeIncrease: sizeLimit.optional().describe("fail `coldstart diff` when this function's minified bundle grows by more than this"),
});

/** The `diff` section of coldstart.config.json: budgets that make `coldstart diff` exit 1. */
export const diffConfigSchema = z.strictObject({
  failOnIncrease: costLimit.optional().describe("fail when the monthly total rises by more than this (\"10%\" or \"$5\")"),
  maxSizeIncrease: sizeLimit.optional().describe("fail when any function's minified bundle grows by more than this (\"10%\", \"20kB\")"),
  functions: z.record(z.string().min(1), functionBudget).optional().describe("budgets for one function, by its id; they replace the project-wide size budget for it"),
});

export type DiffConfig = z.infer<typeof diffConfigSchema>;

export interface Budgets {
  cost?: { limit: Limit; from: string };
  size?: { limit: Limit; from: string };
  functions: Record<string, { cost?: { limit: Limit; from: string }; size?: { limit: Limit; from: string } }>;
}

/** Flags win over the config's project-wide budgets; per-function budgets come from the config. */
export function budgetsFrom(config: DiffConfig | undefined, flags: { failOnIncrease?: Limit; maxSizeIncrease?: Limit }): Budgets {
  const fromConfig = (text: string | undefined, parse: (t: string) => Limit | undefined, at: string) =>
    text === undefined ? undefined : { limit: parse(text)!, from: at };
  const budgets: Budgets = { functions: {} };
  const cost = flags.failOnIncrease ? { limit: flags.failOnIncrease, from: "--fail-on-increase" } : fromConfig(config?.failOnIncrease, parseCostLimit, "config diff.failOnIncrease");
  const size = flags.maxSizeIncrease ? { limit: flags.maxSizeIncrease, from: "--max-size-increase" } : fromConfig(config?.maxSizeIncrease, parseSizeLimit, "config diff.maxSizeIncrease");
  if (cost) budgets.cost = cost;
  if (size) budgets.size = size;
  for (const [id, fn] of Object.entries(config?.functions ?? {})) {
    const own: Budgets["functions"][string] = {};
    const c = fromConfig(fn.failOnIncrease, parseCostLimit, `config diff.functions["${id}"].failOnIncrease`);
    const s = fromConfig(fn.maxSizeIncrease, parseSizeLimit, `config diff.functions["${id}"].maxSizeIncrease`);
    if (c) own.cost = c;
    if (s) own.size = s;
    budgets.functions[id] = own;
  }
  return budgets;
}

/**
 * Whether `head` exceeds `base` by more than the limit. A percentage needs a base above zero (a
 * share of nothing says nothing: a new function is held to an amount, not a percentage).
 */
export function exceeds(limit: Limit, base: number | null, head: number | null): boolean {
  if (head === null) return false;
  const from = base ?? 0;
  if ("percent" in limit) return from > 0 && head - from > (from * limit.percent) / 100 + 1e-9;
  return head - from > limit.amount + 1e-9;
}

export function checkBudgets(budgets: Budgets, functions: FunctionDiff[], total: { base: number; head: number }): { checked: number; exceeded: BudgetBreach[] } {
  const exceeded: BudgetBreach[] = [];
  let checked = 0;
  const check = (scope: string, kind: BudgetBreach["kind"], budget: { limit: Limit; from: string } | undefined, base: number | null, head: number | null) => {
    if (!budget) return;
    checked++;
    if (exceeds(budget.limit, base, head)) exceeded.push({ scope, kind, limit: budget.limit.text, from: budget.from, base: base ?? 0, head: head! });
  };
  check("total", "cost", budgets.cost, total.base, total.head);
  for (const fn of functions) {
    const own = budgets.functions[fn.id];
    check(fn.id, "size", own?.size ?? budgets.size, fn.sizeBytes.base, fn.sizeBytes.head);
    check(fn.id, "cost", own?.cost, fn.monthlyUsd.base, fn.monthlyUsd.head);
  }
  return { checked, exceeded };
}
