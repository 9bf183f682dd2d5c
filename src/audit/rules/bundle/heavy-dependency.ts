// Facts: docs/rules/bundle/heavy-dependency.md (reference/audit.md section 3; seeds "Large Bundle Sizes").
import { formatSize } from "../../analysis/bytes.js";
import { HEAVY_PRESCAN, heavyPackageFor, type HeavyPackage } from "../../analysis/heavy-packages.js";
import { importSites } from "../../analysis/import-sites.js";
import { defineRule } from "../../define-rule.js";
import type { FunctionContext, RawFinding } from "../../types.js";
import { position } from "../../analysis/file-facts.js";
import { bundledFiles, packageInOutput } from "../../analysis/in-output.js";
import { platformDef, runtimeDef } from "../../../platforms/index.js";

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
  const runtime = runtimeDef(fn);
  if (row.kind === "native-or-browser" && runtime.isolate) return `it cannot run on ${runtime.label} at all (no native addons, no child processes)`;
  return platformDef(fn).wording.heavyDependency(fn.runtime);
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
      for (const file of bundledFiles(ctx, fnCtx)) {
        const sf = fnCtx.ast(file);
        if (!sf) continue;
        const seen = new Set<string>();
        for (const site of importSites(sf)) {
          const row = heavyPackageFor(site.specifier);
          if (!row || seen.has(row.name) || !packageInOutput(fnCtx, row.name)) continue;
          // Another rule reports it here (on Lambda, lambda/aws-sdk-v2 the v2 SDK, with its v3 replacement).
          if (platformDef(fn).reportedElsewhere?.[row.name]) continue;
          // A browser or image library loaded with import() on the branch that needs it is the advice itself.
          const isolate = runtimeDef(fn).isolate;
          if (row.kind === "native-or-browser" && !isolate && site.kind === "dynamic-import" && !site.topLevel) continue;
          seen.add(row.name);
          const instead = `Instead, ${row.instead}.`;
          findings.push({
            severity: row.kind === "native-or-browser" && isolate ? "error" : undefined,
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
