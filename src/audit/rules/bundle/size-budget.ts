// Facts: docs/rules/bundle/size-budget.md (reference/audit.md sections 1a, 1b, 3; wrangler's bundle-reporter thresholds).
import { biggestPackages, formatSize } from "../../analysis/bytes.js";
import { estimateColdStart, formatEstimate } from "../../analysis/cold-start.js";
import { judgeSize } from "../../analysis/size-limits.js";
import { defineRule } from "../../define-rule.js";
import type { FunctionContext, RawFinding } from "../../types.js";

function advice(fnCtx: FunctionContext): string {
  const parts = [
    "replace or drop the biggest packages (see bundle/heavy-dependency)",
    "load code that only some requests need with `await import()` on that branch",
    "or split the function",
  ];
  if (fnCtx.fn.platform === "cloudflare-workers") parts.push("and set `\"workers\": { \"plan\": \"paid\" }` in coldstart.config.json if the Worker is on the Paid plan (10 MiB)");
  return `Instead, ${parts.join(", ")}.`;
}

export default defineRule({
  meta: {
    id: "bundle/size-budget",
    description: "Function bundle near its platform's size limit or over the cold-start budget",
    defaultSeverity: "warning",
    platforms: ["aws-lambda", "vercel", "cloudflare-workers"],
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const fnCtx of ctx.functions) {
      const { fn, bundle } = fnCtx;
      if (!bundle) continue;
      const verdict = judgeSize(fn, bundle, ctx.settings);
      if (!verdict) continue;
      const estimate = estimateColdStart(fn, bundle);
      const others = verdict.context.filter((c) => !verdict.what.startsWith(c));
      const startup = fn.platform === "cloudflare-workers" ? " Its global scope must also run within the Workers 1 s start-up limit." : "";
      const missing = bundle.missingPackages.length > 0 ? ` Not installed, so not counted: ${bundle.missingPackages.join(", ")}.` : "";
      const instead = advice(fnCtx);
      findings.push({
        severity: verdict.severity,
        message:
          `The function ${fn.id} bundles to ${formatSize(bundle.bytes)} minified, ${formatSize(bundle.gzipBytes)} gzip (esbuild metafile): ${verdict.what}` +
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
