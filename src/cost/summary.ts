import { platformDef } from "../platforms/index.js";
import type { CostReport } from "./estimate.js";
import { compactCount, ms } from "./format.js";
import { PLATFORM_NAME, type Estimate } from "./types.js";

/** One line describing what an estimate assumes, shared by the text reports. */
export function assumptionLine(e: Estimate): string {
  const a = e.assumptions;
  const parts = [`${compactCount(a.invocationsPerMonth)} invocations/month`, `${ms(a.durationMs)} wall`, `${ms(a.cpuMs)} CPU`];
  const { cost } = platformDef(e.platform);
  if (!cost.fixedMemory) parts.push(`${a.memoryMb} MB`);
  if (a.arch) parts.push(a.arch);
  if (a.region) parts.push(a.region);
  if (a.plan) parts.push(`plan ${a.plan}`);
  if (a.concurrency !== undefined) parts.push(`concurrency ${a.concurrency}`);
  if (cost.billsInit) parts.push(`${Number((a.coldStartRate * 100).toPrecision(3))}% cold starts x ${ms(a.initMs)} init`);
  parts.push(a.freeTier ? "free tier on" : "free tier off");
  return parts.join(", ");
}

export function title(e: Estimate): string {
  return `${e.function} on ${PLATFORM_NAME[e.platform]}`;
}

export function heading(report: CostReport): string {
  const fns = new Set(report.estimates.map((e) => e.function)).size;
  if (report.mode === "what-if") return `coldstart cost: what-if, one hypothetical function${report.modeNote ? ` (${report.modeNote})` : ""}`;
  return `coldstart cost: ${fns} function${fns === 1 ? "" : "s"}${report.compare ? ", compared on all three platforms" : ""}`;
}

export function byFunction(report: CostReport): Map<string, Estimate[]> {
  const map = new Map<string, Estimate[]>();
  for (const e of report.estimates) map.set(e.function, [...(map.get(e.function) ?? []), e]);
  return map;
}
