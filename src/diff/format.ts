import { usd } from "../cost/format.js";
import { platformName } from "../platforms/index.js";
import { formatBytes, plural } from "../report/shared.js";
import type { BeforeAfter, BudgetBreach, DiffResult, FunctionDiff } from "./types.js";

function signed(delta: number, unit: (n: number) => string): string {
  if (delta === 0) return "±0";
  return `${delta > 0 ? "+" : "−"}${unit(Math.abs(delta))}`;
}

function percent(base: number, head: number): string {
  if (base <= 0 || head === base) return "";
  const p = ((head - base) / base) * 100;
  return `, ${p > 0 ? "+" : "−"}${Math.abs(p) < 10 ? Math.abs(p).toFixed(1) : Math.round(Math.abs(p)).toLocaleString("en-US")}%`;
}

/** "121 B → 45.3 kB (+45.2 kB, +37,336%)", "45.3 kB" when unchanged, "— → 45.3 kB" when added. */
export function change(v: BeforeAfter<number | null>, unit: (n: number) => string): string {
  const { base, head } = v;
  if (base === null && head === null) return "—";
  if (base === null) return `new, ${unit(head!)}`;
  if (head === null) return `was ${unit(base)}`;
  if (Math.abs(head - base) < 1e-9) return unit(head);
  return `${unit(base)} → ${unit(head)} (${signed(head - base, unit)}${percent(base, head)})`;
}

export const bytes = (n: number) => formatBytes(Math.round(n));
export const money = (n: number) => `${usd(n)}/mo`;
export const millis = (n: number) => `${Math.round(n)} ms`;

export function statusCounts(result: DiffResult): string {
  const count = (s: FunctionDiff["status"]) => result.functions.filter((fn) => fn.status === s).length;
  const parts = [`${count("changed")} changed`, `${count("added")} added`, `${count("removed")} removed`, `${count("unchanged")} unchanged`];
  return `${plural(result.functions.length, "function")}: ${parts.join(", ")}`;
}

export function findingCounts(result: DiffResult): { added: number; fixed: number } {
  const all = [result.findings, ...result.functions.map((fn) => fn.findings)];
  return { added: all.reduce((n, f) => n + f.added.length, 0), fixed: all.reduce((n, f) => n + f.fixed.length, 0) };
}

export function breachText(b: BudgetBreach): string {
  const subject = b.scope === "total" ? "the monthly total" : b.scope;
  const what = b.kind === "cost" ? `monthly cost ${usd(b.base)} → ${usd(b.head)}` : `minified size ${bytes(b.base)} → ${bytes(b.head)}`;
  return `${subject}: ${what}, more than the ${b.limit} allowed by ${b.from}`;
}

export function priceLines(result: DiffResult): string[] {
  return Object.entries(result.sources.prices).map(([p, s]) => `${platformName(p as never)} prices: ${s.source}, as of ${s.asOf}`);
}

export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

/** The functions a reader should see first: every one that changed. */
export function moved(result: DiffResult): FunctionDiff[] {
  return result.functions.filter((fn) => fn.status !== "unchanged");
}
