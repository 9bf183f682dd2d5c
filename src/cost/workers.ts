import type { PriceTable } from "./price-table.js";
import { line, type Line, type Priced, type PricedFunction } from "./types.js";
import { DAYS_PER_MONTH, priceBindings } from "./workers-bindings.js";

function share(allowance: number, mine: number, all: number): number {
  return all > 0 ? (Math.min(allowance, all) * mine) / all : 0;
}

/**
 * Standard usage model: $5 minimum, requests and CPU-ms beyond the inclusions. No duration or memory
 * charge. Inclusions and the minimum are per account, shared by usage.
 */
export function priceWorkers(fns: PricedFunction[], prices: PriceTable): Priced[] {
  const w = prices["cloudflare-workers"];
  const allReq = fns.reduce((s, f) => s + f.usage.invocations, 0);
  const allCpu = fns.reduce((s, f) => s + f.usage.invocations * f.usage.cpuMs, 0);
  const bindings = priceBindings(fns, prices);

  return fns.map(({ id, usage: u }, index) => {
    const bound = bindings[index] ?? { lines: [], warnings: [] };
    const cpuMs = u.invocations * u.cpuMs;
    const notes = [
      "Bills requests and CPU time only: time waiting on I/O, memory (128 MB) and duration are not billed.",
      "Cold starts are not billed separately; isolates start in a few ms.",
    ];
    const warnings: string[] = [];
    const lines: Line[] = [];
    if (u.plan === "free") {
      lines.push(line("Requests (Free plan)", u.invocations, "requests", 0));
      lines.push(line("CPU time (Free plan)", cpuMs, "CPU-ms", 0));
      const perDay = u.invocations / DAYS_PER_MONTH;
      if (perDay > w.free.requestsPerDay) {
        warnings.push(
          `${Math.round(perDay).toLocaleString("en-US")} requests/day (over ${DAYS_PER_MONTH} days) exceeds the Free plan's ${w.free.requestsPerDay.toLocaleString("en-US")}/day: requests past it fail. Use --plan paid.`,
        );
      }
      if (u.cpuMs > w.free.cpuMsPerInvocation) {
        warnings.push(`${u.cpuMs} ms CPU per request exceeds the Free plan's ${w.free.cpuMsPerInvocation} ms limit. Use --plan paid.`);
      }
      notes.push("Free plan: 100,000 requests/day and 10 ms CPU per request, no charge.");
      return { id, lines: [...lines, ...bound.lines], notes, warnings: [...warnings, ...bound.warnings] };
    }
    const perReq = w.paid.requestsPerMillion / 1e6;
    const perCpu = w.paid.cpuMsPerMillion / 1e6;
    const baseShare = allReq > 0 ? u.invocations / allReq : 1 / fns.length;
    lines.push(line(fns.length > 1 ? "Paid plan minimum (account share)" : "Paid plan minimum", baseShare, "month", w.paid.baseUsd));
    lines.push(line("Requests", u.invocations, "requests", perReq));
    if (u.freeTier) {
      const inc = share(w.paid.includedRequests, u.invocations, allReq);
      if (inc > 0) lines.push(line(`Included requests (account share of ${(w.paid.includedRequests / 1e6).toLocaleString("en-US")}M)`, -inc, "requests", perReq));
    }
    lines.push(line("CPU time", cpuMs, "CPU-ms", perCpu));
    if (u.freeTier) {
      const inc = share(w.paid.includedCpuMs, cpuMs, allCpu);
      if (inc > 0) lines.push(line(`Included CPU time (account share of ${(w.paid.includedCpuMs / 1e6).toLocaleString("en-US")}M CPU-ms)`, -inc, "CPU-ms", perCpu));
    }
    if (u.cpuMs > w.limits.maxCpuMs) {
      warnings.push(`${u.cpuMs} ms CPU per request is over Workers' ${w.limits.maxCpuMs.toLocaleString("en-US")} ms maximum.`);
    } else if (u.cpuMs > w.limits.defaultCpuMs) {
      warnings.push(`${u.cpuMs} ms CPU per request is over the ${w.limits.defaultCpuMs.toLocaleString("en-US")} ms default: raise limits.cpu_ms in the wrangler config.`);
    }
    return { id, lines: [...lines, ...bound.lines], notes, warnings: [...warnings, ...bound.warnings] };
  });
}
