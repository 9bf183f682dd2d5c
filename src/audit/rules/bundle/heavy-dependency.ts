// Facts: docs/rules/bundle/heavy-dependency.md (reference/audit.md section 3; seeds "Large Bundle Sizes").
import { formatSize } from "../../analysis/bytes.js";
import { HEAVY_PRESCAN, heavyPackageFor, type HeavyPackage } from "../../analysis/heavy-packages.js";
import { importSites } from "../../analysis/import-sites.js";
import { defineRule } from "../../define-rule.js";
import type { FunctionContext, RawFinding } from "../../types.js";
import { position } from "../../analysis/file-facts.js";

function weight(fnCtx: FunctionContext, row: HeavyPackage): string {
  const bundle = fnCtx.bundle;
  const measured = bundle?.packages.find((p) => p.name === row.name);
  if (bundle && measured && measured.bytes > 0) {
    const share = bundle.bytes > 0 ? ` (${Math.round((measured.bytes / bundle.bytes) * 100)}% of it)` : "";
    return `adds ${formatSize(measured.bytes)} to this function's minified bundle${share}, measured in the esbuild metafile`;
  }
  const known = row.measured ? `; measured elsewhere: ${row.measured.text} (${row.measured.source})` : "";
  if (bundle?.missingPackages.includes(row.name)) return `is not installed, so its bytes are not counted here${known}`;
  return `is in this function${known}`;
}

function impact(fnCtx: FunctionContext, row: HeavyPackage): string {
  const { fn } = fnCtx;
  if (row.kind === "native-or-browser" && fn.runtime !== "nodejs") {
    return `it cannot run on ${fn.runtime === "workerd" ? "Cloudflare Workers" : "the Edge Runtime"} at all (no native addons, no child processes)`;
  }
  if (fn.platform === "aws-lambda") return "Lambda loads and evaluates it on every cold start, and INIT time is billed";
  if (fn.platform === "cloudflare-workers") return "it counts against the Workers compressed size limit and the 1 s start-up limit";
  if (fn.runtime === "edge") return "it counts against the Edge Runtime's code size and start-up";
  return "every new Vercel function instance loads it on its cold start";
}

export default defineRule({
  meta: {
    id: "bundle/heavy-dependency",
    description: "Known heavy or non-tree-shakable package in a function, with its lighter replacement",
    defaultSeverity: "warning",
    platforms: ["aws-lambda", "vercel", "cloudflare-workers"],
    prescan: HEAVY_PRESCAN,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const fnCtx of ctx.functions) {
      const { fn } = fnCtx;
      for (const file of ctx.candidates(fnCtx)) {
        const sf = fnCtx.ast(file);
        if (!sf) continue;
        const seen = new Set<string>();
        for (const site of importSites(sf)) {
          const row = heavyPackageFor(site.specifier);
          if (!row || seen.has(row.name)) continue;
          // On Lambda, lambda/aws-sdk-v2 reports the v2 SDK (an error there: the runtime no longer ships it).
          if (row.name === "aws-sdk" && fn.platform === "aws-lambda") continue;
          // A browser or image library loaded with import() on the branch that needs it is the advice itself.
          if (row.kind === "native-or-browser" && fn.runtime === "nodejs" && site.kind === "dynamic-import" && !site.topLevel) continue;
          seen.add(row.name);
          const instead = `Instead, ${row.instead}.`;
          findings.push({
            severity: row.kind === "native-or-browser" && fn.runtime !== "nodejs" ? "error" : undefined,
            message: `\`${site.specifier}\` ${weight(fnCtx, row)}: ${row.why}, and ${impact(fnCtx, row)}. ${instead}`,
            file: ctx.relative(file),
            ...position(sf, site.node),
            function: fn.id,
            chain: fnCtx.chainTo(file),
            fix: { description: instead },
          });
        }
      }
    }
    return findings;
  },
});
