// Facts: docs/rules/bundle/size-budget.md (reference/audit.md sections 1a, 1b, 3; wrangler's bundle-reporter thresholds).
import { biggestPackages, formatSize } from "../../analysis/bytes.js";
import { estimateColdStart, formatEstimate } from "../../analysis/cold-start.js";
import { judgeSize } from "../../analysis/size-limits.js";
import { gzipBound } from "../../bundle.js";
import { defineRule } from "../../define-rule.js";
import type { BundleInfo, FunctionContext, RawFinding } from "../../types.js";
import { platformDef } from "../../../platforms/index.js";
import * as z from "zod";

function advice(fnCtx: FunctionContext): string {
  const parts = [
    "replace or drop the biggest packages (see bundle/heavy-dependency)",
    "load code that only some requests need with `await import()` on that branch",
    "or split the function",
  ];
  const extra = platformDef(fnCtx.fn).wording.sizeAdvice;
  if (extra) parts.push(extra);
  return `Instead, ${parts.join(", ")}.`;
}

/**
 * The size of several routes bundled as one: each input counted once, at the most bytes any route
 * kept of it; gzip at the routes' own compression ratio (bundling them again would cost a build).
 */
function unitBundle(members: FunctionContext[]): BundleInfo {
  const inputs = new Map<string, number>();
  let bytes = 0;
  let gzip = 0;
  for (const { bundle } of members) {
    bytes += bundle!.bytes;
    gzip += bundle!.gzipBytes ?? gzipBound(bundle!.bytes);
    for (const input of bundle!.inputs ?? bundle!.topInputs) inputs.set(input.path, Math.max(inputs.get(input.path) ?? 0, input.bytes));
  }
  const union = [...inputs.values()].reduce((a, b) => a + b, 0);
  const packages = new Map<string, number>();
  for (const { bundle } of members) for (const p of bundle!.packages) packages.set(p.name, Math.max(packages.get(p.name) ?? 0, p.bytes));
  return {
    bytes: union,
    gzipBytes: bytes > 0 ? Math.round((union * gzip) / bytes) : 0,
    topInputs: [],
    packages: [...packages].map(([name, b]) => ({ name, bytes: b })).sort((a, b) => b.bytes - a.bytes),
    missingPackages: [...new Set(members.flatMap((m) => m.bundle!.missingPackages))].sort(),
    source: "union of the routes' esbuild metafiles",
  };
}

/** "312 KB gzip"; a gzip the audit could not measure (its bundle failed when built again) is said to be so. */
function gzipText(bundle: BundleInfo): string {
  return bundle.gzipBytes === undefined ? "gzip not measured" : `${formatSize(bundle.gzipBytes)} gzip`;
}

export default defineRule({
  meta: {
    id: "bundle/size-budget",
    description: "Function bundle near its platform's size limit or over the cold-start budget",
    defaultSeverity: "warning",
    platforms: ["aws-lambda", "vercel", "cloudflare-workers"],
    options: z.strictObject({ budgetKb: z.number().positive().optional().describe("cold-start budget per function, minified KB (default: bundle.budgetKb, else 1024)") }),
  },
  async check(ctx) {
    const findings: RawFinding[] = [];
    const units = new Map<string, FunctionContext[]>();
    for (const fnCtx of ctx.functions) {
      if (fnCtx.fn.deployUnit && fnCtx.bundle) units.set(fnCtx.fn.deployUnit, [...(units.get(fnCtx.fn.deployUnit) ?? []), fnCtx]);
    }
    const single = ctx.functions.filter((c) => !c.fn.deployUnit);
    // gzip is measured where it can decide or is printed: a bundle within every limit at the most its
    // gzip could be (judgeSize without it) has no finding, and its gzip is not needed here.
    const near = [...single.filter((c) => c.bundle && judgeSize(c.fn, c.bundle, ctx.settings)), ...[...units.values()].filter((members) => judgeSize(members[0]!.fn, unitBundle(members), ctx.settings)).flat()];
    if (near.length > 0) await ctx.gzip?.(near);
    // A whole app deployed as one Worker is judged as one bundle, at its first route.
    const judged = [...units.values()].map((members) => ({ ...members[0]!, bundle: unitBundle(members), unit: members }));
    for (const fnCtx of [...single, ...judged]) {
      const { fn, bundle } = fnCtx;
      if (!bundle) continue;
      const unit: FunctionContext[] | undefined = "unit" in fnCtx ? (fnCtx.unit as FunctionContext[]) : undefined;
      const verdict = judgeSize(fn, bundle, ctx.settings);
      if (!verdict) continue;
      const estimate = estimateColdStart(fn, bundle);
      const others = verdict.context.filter((c) => !verdict.what.startsWith(c));
      const limit = platformDef(fn).wording.startupLimit;
      const startup = limit ? ` ${limit}` : "";
      const missing = bundle.missingPackages.length > 0 ? ` Not installed, so not counted: ${bundle.missingPackages.join(", ")}.` : "";
      const instead = advice(fnCtx);
      const what = unit
        ? `The ${unit.length} routes deployed together as ${fn.deployUnit} bundle to about ${formatSize(bundle.bytes)} minified, ${gzipText(bundle)} (the union of their esbuild metafiles; gzip scaled from the routes' own ratio; the framework's runtime is not counted)`
        : `The function ${fn.id} bundles to ${formatSize(bundle.bytes)} minified, ${gzipText(bundle)} (esbuild metafile)`;
      findings.push({
        severity: verdict.severity,
        message:
          `${what}: ${verdict.what}` +
          `${others.length ? `; ${others.join("; ")}` : ""}.${startup} Code load alone is estimated at ${formatEstimate(estimate.load)} per cold start (${estimate.load.source}).` +
          ` Biggest packages in the output: ${biggestPackages(bundle.packages)}.${missing} ${instead}`,
        file: ctx.relative(fn.entry),
        line: 1,
        column: 1,
        function: fn.id,
        chain: [ctx.relative(fn.entry)],
        fix: { description: instead },
      });
    }
    return findings;
  },
});
