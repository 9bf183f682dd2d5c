// Facts: docs/rules/timeout/no-max-duration.md (Vercel maxDuration: 300 s default; 300 s Hobby / 800 s Pro maximum).
import type { ts } from "ts-morph";
import { OUTBOUND_PRESCAN, firstOutbound, type OutboundSite } from "../../analysis/outbound-io.js";
import { VERCEL_DEFAULT_DURATION_S } from "../../analysis/timeout-limits.js";
import { defineRule } from "../../define-rule.js";
import type { RawFinding } from "../../types.js";
import { inUnusedExport } from "../../analysis/unused-exports.js";
import { alsoReachedBy } from "../../analysis/shared-findings.js";

const KINDS = new Set(["app-route", "pages-api", "vercel-api", "framework"]);
/** A maxDuration written in a form discovery cannot evaluate (`export const maxDuration = LIMIT`) is still set. */
const WRITTEN = /\bexport\s+(?:const|let|var)\s+maxDuration\b|\bmaxDuration\s*:/;


export default defineRule({
  meta: {
    id: "timeout/no-max-duration",
    description: "Vercel function doing outbound I/O without a maxDuration",
    defaultSeverity: "info",
    platforms: ["vercel"],
    // Edge functions have no maxDuration: they must start responding within the Edge Runtime's deadline.
    runtimes: ["nodejs"],
    prescan: OUTBOUND_PRESCAN,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    // Routes deployed as one function share one maxDuration: one finding, naming each route that waits.
    const byUnit = new Map<string, RawFinding>();
    for (const fnCtx of ctx.functions) {
      const { fn } = fnCtx;
      if (!fn.vercel || !KINDS.has(fn.vercel.kind) || fn.vercel.maxDuration) continue;
      if (WRITTEN.test(fnCtx.text(fn.entry) ?? "")) continue;
      let site: { file: string; sf: ts.SourceFile; io: OutboundSite } | undefined;
      for (const file of ctx.candidates(fnCtx)) {
        if (fnCtx.shaken?.has(file)) continue;
        const sf = fnCtx.ast(file);
        // A call in an export this function never uses does not run for it.
        const io = sf && firstOutbound(sf, (node) => !inUnusedExport(fnCtx, file, node));
        if (io) {
          site = { file, sf: sf, io };
          break;
        }
      }
      if (!site) continue;
      const unit = fn.deployUnit === undefined ? undefined : byUnit.get(fn.deployUnit);
      if (unit) {
        alsoReachedBy(unit, fn.id);
        continue;
      }
      const { line } = site.sf.getLineAndCharacterOfPosition(site.io.node.getStart(site.sf));
      const where = `${ctx.relative(site.file)}:${line + 1}`;
      const chain = fnCtx.chainTo(site.file);
      const via = chain.length > 1 ? ` (through ${chain.join(" > ")})` : "";
      const route = fn.vercel.route ?? ctx.relative(fn.entry);
      const how = fn.vercel.advice
        ? fn.vercel.advice.maxDuration
        : fn.vercel.kind === "app-route"
          ? "`export const maxDuration = 30` (seconds) to the route file"
          : fn.vercel.kind === "pages-api"
            ? "`maxDuration: 30` to the route's `export const config`"
            : `\`"${ctx.relative(fn.entry)}": { "maxDuration": 30 }\` under \`functions\` in vercel.json`;
      const finding: RawFinding = {
        message:
          `${route} uses ${site.io.what} at ${where}${via} but sets no maxDuration, so Vercel lets it run for the platform default (${VERCEL_DEFAULT_DURATION_S} s with Fluid compute) when that call hangs: billed while it waits, with the visitor left waiting too. ` +
          `Add ${how}${fn.vercel.kind === "vercel-api" || fn.vercel.advice ? "" : ", or a `functions` entry in vercel.json"}, a little above the slowest legitimate response, and give the calls themselves a shorter timeout.`,
        file: fn.config.file,
        line: Math.max(fn.config.line, 1),
        column: fn.config.column ?? 1,
        function: fn.id,
        fix: { description: `Add ${how}.`, example: fn.vercel.kind === "app-route" ? "export const maxDuration = 30;" : undefined },
      };
      if (fn.deployUnit !== undefined) byUnit.set(fn.deployUnit, finding);
      findings.push(finding);
    }
    return findings;
  },
});
