import { platformDef } from "../platforms/index.js";
import type { CostReport } from "./estimate.js";
import { compactCount, ms, usd } from "./format.js";
import type { SweepRow } from "./sweep.js";
import { PLATFORM_NAME, type Estimate, type Line, type Measured } from "./types.js";

/** One line describing what an estimate assumes, shared by the text reports. */
export function assumptionLine(e: Estimate): string {
  const a = e.assumptions;
  const parts = [`${compactCount(a.invocationsPerMonth)} invocations/month`, `${ms(a.durationMs)} wall`, `${ms(a.cpuMs)} CPU work and ${ms(a.ioWaitMs)} I/O wait on a full vCPU`];
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

/** What an estimate's total is made of: its charged items, without credits, by name. */
export function includes(e: Estimate): string[] {
  return [...new Set(e.lines.filter((l) => l.usd > 0).map((l) => l.item.split(",")[0]!))];
}

/** "from the project: HTTP API event at template.yaml:40" for a line that says where its usage came from. */
export function sourceText(l: Line): string | undefined {
  if (!l.source) return undefined;
  const from = { project: "from the project", measured: "measured", config: "from config", flag: "from a flag", default: "a default" }[l.source.kind];
  return `${from}: ${l.source.detail}`;
}

/** The marks of a sweep row, in words. */
export function sweepMarks(r: SweepRow): string {
  return [r.configured ? "configured" : "", r.timesOut ? "times out" : "", r.cheapest ? "cheapest" : "", r.fastest ? "fastest" : "", r.balanced ? "balanced" : ""].filter(Boolean).join(", ");
}

/** One sentence per compared platform: its total, the CPU share, the front door and what the total includes. */
export function comparisonLines(estimates: Estimate[]): string[] {
  return estimates.map((e) => `${PLATFORM_NAME[e.platform]}: ${usd(e.monthlyUsd)}/month; CPU: ${e.assumptions.cpuShare}; front door: ${e.assumptions.frontDoor}; includes ${includes(e).join(", ")}.`);
}

/** What --measure found, as every format says it. */
export function measuredLine(m: Measured): string {
  const init = m.initSamplesMs && m.initSamplesMs.length > 1 ? `init ${ms(m.initMs)} (median of ${m.initSamplesMs.length} cold starts, ${ms(Math.min(...m.initSamplesMs))} to ${ms(Math.max(...m.initSamplesMs))})` : `init ${ms(m.initMs)}`;
  const spread = [m.wallPercentilesMs ? `wall ${percentileText(m.wallPercentilesMs)}` : "", m.cpuPercentilesMs ? `CPU ${percentileText(m.cpuPercentilesMs)}` : ""].filter(Boolean).join("; ");
  const mix = (m.inputs?.length ?? 1) > 1 ? ` over the ${m.weighting?.from === "config" ? "weighted" : "even"} mix of ${m.inputs!.length} inputs` : "";
  return `Measured locally ${m.how}, over ${m.runs} runs (this ran project code): ${init}, first run ${ms(m.firstWallMs ?? 0)}, then wall ${ms(m.wallMs)} and CPU ${ms(m.cpuMs)} on average${mix}${spread ? ` (${spread})` : ""}${bytesText(m)}`;
}

/** Each input's own figures and share, when there are several, and where the shares came from. */
export function measuredInputLines(m: Measured): string[] {
  const inputs = m.inputs ?? [];
  if (inputs.length < 2) return [];
  const weights = m.weighting?.from === "config" ? `Inputs weighted by config ${m.weighting.detail}:` : "Inputs weighted alike (no cost.functions[id].events in config):";
  return [
    weights,
    ...inputs.map((i) => {
      const p = [i.wallPercentilesMs ? `wall ${percentileText(i.wallPercentilesMs)}` : "", i.cpuPercentilesMs ? `CPU ${percentileText(i.cpuPercentilesMs)}` : ""].filter(Boolean).join("; ");
      return `${i.input}, ${Number((i.weight * 100).toPrecision(3))}% of traffic: wall ${ms(i.wallMs)}, CPU ${ms(i.cpuMs)}, first run ${ms(i.firstWallMs)}, ${i.runs} runs${p ? ` (${p})` : ""}${bytesText(i)}`;
    }),
  ];
}

function percentileText(p: { p50: number; p90: number; p99: number }): string {
  return `p50 ${ms(p.p50)}, p90 ${ms(p.p90)}, p99 ${ms(p.p99)}`;
}

function bytesText(x: { logBytes?: number; responseBytes?: number }): string {
  const parts = [x.logBytes !== undefined ? `${Math.round(x.logBytes).toLocaleString("en-US")} bytes logged` : "", x.responseBytes !== undefined ? `${Math.round(x.responseBytes).toLocaleString("en-US")} bytes answered` : ""].filter(Boolean);
  return parts.length ? `; ${parts.join(" and ")} per invocation` : "";
}

/** A deploy unit's routes, as every format lists them. */
export function routesLine(routes: string[]): string {
  const shown = routes.slice(0, 20);
  const more = routes.length - shown.length;
  return `Priced once, as the one ${routes.length === 1 ? "function" : "unit"} its ${routes.length} route${routes.length === 1 ? "" : "s"} deploy as: ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}
