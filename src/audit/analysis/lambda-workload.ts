import { formatSize } from "./bytes.js";
import { position } from "./file-facts.js";
import { bareRoot } from "../../project/source/specifiers.js";
import { bundledFiles } from "./in-output.js";
import { firstOutbound, isDataPackage, OUTBOUND_PRESCAN } from "./outbound-io.js";
import type { FunctionContext, RuleContext, Severity } from "../types.js";

/**
 * A bundle this big loads in 38-79 ms at full CPU (76-158 ms per MB, cold-start.ts); at 128 MB a
 * function gets 128/1,769 of a vCPU, so about 0.5-1.1 s of its 3 s goes to loading code alone.
 */
const HEAVY_BUNDLE_BYTES = 500_000;

/** What a Lambda function does, as far as its bundle shows: the reason its default memory or timeout matters. */
export interface Workload {
  severity: Severity;
  /** One sentence for the message: what the function does, or that it does nothing that needs more. */
  why: string;
}

const cache = new WeakMap<FunctionContext, Workload>();

const NETWORK_BUILTIN = /^(?:node:)?(?:https?|http2|net|tls|dgram)$/;

function isServiceClient(name: string): boolean {
  return name === "aws-sdk" || name.startsWith("@aws-sdk/") || isDataPackage(name) || NETWORK_BUILTIN.test(name);
}

/**
 * Warning when the function makes network, database or SDK calls or ships a large bundle, or when
 * its code could not be bundled (unknown); info when it does none of these: the default is then
 * probably right, and setting it explicitly only records the decision.
 */
export function lambdaWorkload(ctx: RuleContext, fnCtx: FunctionContext): Workload {
  const cached = cache.get(fnCtx);
  if (cached) return cached;
  const result = judge(ctx, fnCtx);
  cache.set(fnCtx, result);
  return result;
}

function judge(ctx: RuleContext, fnCtx: FunctionContext): Workload {
  const bundle = fnCtx.bundle;
  if (!bundle) return { severity: "warning", why: "Its code could not be bundled, so what it does is unknown." };
  for (const file of bundledFiles(ctx, fnCtx)) {
    if (!OUTBOUND_PRESCAN.test(fnCtx.text(file) ?? "")) continue;
    const sf = fnCtx.ast(file);
    const site = sf ? firstOutbound(sf) : undefined;
    if (sf && site) return { severity: "warning", why: `It makes network calls (${site.what} at ${ctx.relative(file)}:${position(sf, site.node).line}).` };
  }
  const used = [...bundle.packages.filter((p) => p.bytes > 0).map((p) => p.name), ...fnCtx.externalImports.map((e) => bareRoot(e.specifier))];
  const client = used.find(isServiceClient);
  if (client) return { severity: "warning", why: `It uses \`${client}\`, so each call waits on a database or AWS service.` };
  if (bundle.bytes >= HEAVY_BUNDLE_BYTES) {
    return { severity: "warning", why: `Its bundle is ${formatSize(bundle.bytes)} minified, and loading that much code on a fraction of a vCPU takes a large part of the default.` };
  }
  return {
    severity: "info",
    why: `It makes no network, database or SDK call coldstart can see and its bundle is ${formatSize(bundle.bytes)}, so the default is probably enough; setting it explicitly makes that a decision.`,
  };
}
