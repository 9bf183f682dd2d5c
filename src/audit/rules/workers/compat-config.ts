// Facts: docs/rules/workers/compat-config.md (workers-utils compatibility-date.ts; changelog 2026-08-04-nodejs-compat-default).
import { defineRule } from "../../define-rule.js";
import { COMPAT_DEFAULT_DATE } from "../../compat/workers-node.js";
import { legacyAdvice } from "../../analysis/wrangler-v1.js";
import { newerDateAdvice } from "../../analysis/workerd-tools.js";
import type { SourceLocation } from "../../../project/types.js";
import type { RawFinding, Severity } from "../../types.js";

export default defineRule({
  meta: {
    id: "workers/compat-config",
    description: "Cloudflare Workers compatibility date or flags, or wrangler v1 settings, that fail to deploy or run",
    defaultSeverity: "error",
    platforms: ["cloudflare-workers"],
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    const seen = new Set<string>();
    let suggestedDate = ctx.today;
    const add = (at: SourceLocation, key: string, fnId: string, message: string, fix: string, severity?: Severity, instead?: [string, string]) => {
      // Environments inherit the top-level values: one finding per line, and one missing date per file.
      const id = key === "missing-date" ? `${at.file}:${key}` : `${at.file}:${at.line}:${key}`;
      if (seen.has(id)) return;
      seen.add(id);
      const example = key === "missing-date" ? setting(at.file, "compatibility_date", `"${suggestedDate}"`) : instead ? setting(at.file, ...instead) : undefined;
      const finding: RawFinding = {
        message,
        file: at.file,
        line: at.line,
        column: at.column ?? 1,
        function: fnId,
        fix: example ? { description: fix, example } : { description: fix },
      };
      if (severity) finding.severity = severity;
      findings.push(finding);
    };

    for (const { fn } of ctx.functions) {
      const w = fn.workers;
      if (!w) continue;
      // A framework app's routes point at their own files; its settings live in the wrangler config.
      const configAt = w.locations.config ?? fn.config;
      const file = configAt.file;
      const date = w.compatibilityDate;
      const dateAt = w.locations.compatibilityDate ?? configAt;
      const flagsAt = w.locations.compatibilityFlags ?? dateAt;

      if (!date) {
        // An unreadable value is already a config-error finding.
        if (!w.locations.compatibilityDate) {
          // Today, unless the installed workerd does not know today yet.
          suggestedDate = w.workerdMaxDate && w.workerdMaxDate < ctx.today ? w.workerdMaxDate : ctx.today;
          const add_ = `Add \`${setting(file, "compatibility_date", `"${suggestedDate}"`).replace(/,$/, "")}\` to ${file}`;
          const why = suggestedDate === ctx.today ? "" : ` (the newest date the installed workerd supports)`;
          add(configAt, "missing-date", fn.id,
            `This Worker has no compatibility_date: wrangler refuses to deploy without one, and the date decides which runtime behaviour and Node.js APIs the Worker gets. ${add_}${why}.`,
            `${add_}${why}.`);
        }
      } else if (w.workerdMaxDate && date > w.workerdMaxDate) {
        const advice = newerDateAdvice(w.tools ?? [], date, w.workerdMaxDate);
        add(dateAt, "newer-than-workerd", fn.id, advice.message, advice.fix, advice.severity);
      } else if (date > ctx.today) {
        add(dateAt, "future-date", fn.id,
          `compatibility_date ${date} is in the future: Cloudflare rejects a deploy whose compatibility date has not arrived yet. Set it to ${ctx.today} or earlier.`,
          `Set compatibility_date to ${ctx.today} or earlier.`);
      }

      for (const l of w.legacy ?? []) {
        const advice = legacyAdvice(l, w);
        add(l.at, `legacy-${l.key}`, fn.id, advice.message, advice.fix, advice.severity, advice.instead);
      }

      const compat = w.compatibilityFlags.filter((f) => f === "nodejs_compat" || f === "nodejs_compat_v2");
      if (compat.length === 2) {
        add(flagsAt, "both-compat-flags", fn.id,
          `compatibility_flags lists both nodejs_compat and nodejs_compat_v2, which wrangler refuses ("cannot be used together"). Keep only nodejs_compat.`,
          "Remove nodejs_compat_v2 and keep nodejs_compat.");
      }
      if (date && date >= COMPAT_DEFAULT_DATE && compat.length > 0) {
        const flags = compat.join(" and ");
        add(flagsAt, "redundant-compat-flag", fn.id,
          `${flags} with compatibility_date ${date}: from ${COMPAT_DEFAULT_DATE} Node.js compatibility is on by default and workerd rejects the redundant flag. wrangler strips it, but any tool that passes the flags to workerd unchanged fails to start the Worker. Remove ${flags} from compatibility_flags (opt out with no_nodejs_compat if you must).`,
          `Remove ${flags} from compatibility_flags.`,
          "warning");
      }
    }
    return findings;
  },
});

/** One setting in the wrangler file's own syntax. */
function setting(file: string, key: string, value: string): string {
  return file.endsWith(".toml") ? `${key} = ${value}` : `"${key}": ${value},`;
}
