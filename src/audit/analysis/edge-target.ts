import type { FunctionInfo } from "../../project/types.js";
import { nodeCompatMode, type NodeCompatMode } from "../compat/workers-node.js";
import { runtimeDef } from "../../platforms/index.js";

/** The edge runtime a function runs on, with what decides its Node.js support. */
export type EdgeTarget =
  | { platform: "vercel-edge"; fn: FunctionInfo }
  | { platform: "workers"; fn: FunctionInfo; date: string | undefined; flags: string[]; mode: NodeCompatMode };

export function edgeTarget(fn: FunctionInfo): EdgeTarget | undefined {
  const apis = runtimeDef(fn).nodeApis;
  if (apis === "vercel-edge") return { platform: "vercel-edge", fn };
  if (apis !== "workers") return undefined;
  const date = fn.workers?.compatibilityDate;
  const flags = fn.workers?.compatibilityFlags ?? [];
  return { platform: "workers", fn, date, flags, mode: nodeCompatMode(date, flags) };
}

/** "compatibility_date 2024-05-01 and flags [nodejs_compat]", for messages. */
export function describeWorkersConfig(t: Extract<EdgeTarget, { platform: "workers" }>): string {
  const date = t.date ? `compatibility_date ${t.date}` : "no compatibility_date";
  const flags = t.flags.length ? `compatibility_flags [${t.flags.join(", ")}]` : "no compatibility_flags";
  return `${date} and ${flags}`;
}

/** The file that sets the Worker's flags, for "add X to ..." advice. */
export function wranglerFile(t: EdgeTarget): string {
  // A Pages project without a wrangler config keeps its settings in the dashboard.
  if (!t.fn.workers) return "a wrangler config (the project has none; or in the Cloudflare dashboard, where its settings are kept without one)";
  const at = t.fn.workers.locations;
  return at.compatibilityFlags?.file ?? at.config?.file ?? t.fn.config.file;
}

/** How to move a Vercel function off the Edge Runtime. */
export function leaveEdgeAdvice(fn: FunctionInfo): string {
  if (fn.vercel?.advice?.leaveEdge) return `or ${fn.vercel.advice.leaveEdge}`;
  const kind = fn.vercel?.kind;
  if (kind === "middleware") {
    return (fn.vercel?.nextMajor ?? 0) >= 16
      ? "or move this logic to proxy.ts, which runs on Node.js"
      : "or run the middleware on Node.js (`export const config = { runtime: \"nodejs\" }`, Next.js 15.5 and later)";
  }
  if (kind === "pages-api" || kind === "vercel-api") return "or run this function on Node.js (remove `runtime: \"edge\"` from its `export const config`)";
  if (kind === "framework") {
    const at = fn.vercel?.runtimeAt;
    if (at) return `or run it on Vercel's Node.js runtime (the edge runtime is chosen at ${at.file}:${at.line})`;
    return "or deploy the app to Vercel's Node.js runtime (the Nitro preset \"vercel\" instead of \"vercel-edge\", or the deploy adapter's Node.js runtime option)";
  }
  return "or run this function on Node.js (remove `export const runtime = \"edge\"`)";
}
