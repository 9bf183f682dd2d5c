import type { Settings, Subject } from "./assumptions.js";
import type { CostConfig } from "./config-schema.js";

type FunctionConfig = NonNullable<CostConfig["functions"]>[string];

/**
 * The traffic config of a subject. A deploy unit (many routes in one Worker or function) takes its
 * own entry first, then what its routes' entries add up to: invocations summed, wall and CPU time
 * weighted by invocations; any other setting from the first route that gives it.
 */
export function configFor(subject: Subject, s: Settings): FunctionConfig | undefined {
  const own = s.cost?.functions?.[subject.id];
  const routes = (subject.routes ?? []).flatMap((id) => s.cost?.functions?.[id] ?? []);
  if (routes.length === 0) return own;
  const counted = routes.filter((r) => r.invocations !== undefined);
  const invocations = counted.reduce((sum, r) => sum + r.invocations!, 0);
  const weighted = (field: "durationMs" | "cpuMs") => {
    const with_ = counted.filter((r) => r[field] !== undefined);
    const weight = with_.reduce((sum, r) => sum + r.invocations!, 0);
    if (with_.length === 0) return routes.find((r) => r[field] !== undefined)?.[field];
    return weight > 0 ? with_.reduce((sum, r) => sum + r.invocations! * r[field]!, 0) / weight : with_[0]![field];
  };
  // The first route that gives a setting wins: later routes are spread first.
  const merged = [...routes].reverse().reduce<FunctionConfig>((acc, r) => ({ ...acc, ...r }), {});
  const sums: FunctionConfig = {};
  if (counted.length > 0) sums.invocations = invocations;
  const durationMs = weighted("durationMs");
  const cpuMs = weighted("cpuMs");
  if (durationMs !== undefined) sums.durationMs = durationMs;
  if (cpuMs !== undefined) sums.cpuMs = cpuMs;
  return { ...merged, ...sums, ...own };
}
