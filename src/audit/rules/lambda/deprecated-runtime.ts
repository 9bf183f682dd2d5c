// Facts: docs/rules/lambda/deprecated-runtime.md (reference/audit.md section 1c).
import type { LambdaSettings } from "../../../project/types.js";
import { defineRule } from "../../define-rule.js";
import type { RawFinding, Severity } from "../../types.js";
import { NODE_RUNTIMES, OLDEST_LISTED, currentRuntime, daysBetween, nodeMajor, type RuntimeDates } from "../../analysis/lambda-runtimes.js";
import { isLambda } from "../../analysis/timeout-limits.js";
import * as z from "zod";

const DEFAULT_WARN_DAYS = 90;

function warnDays(settings: Record<string, unknown>): number {
  const value = settings.warnDays;
  return typeof value === "number" && value >= 0 ? value : DEFAULT_WARN_DAYS;
}

interface Verdict {
  severity: Severity;
  /** What has happened or is about to, one clause. */
  stage: string;
}

/** Where `today` falls in a listed runtime's lifecycle; undefined while it is comfortably supported. */
function judge(r: RuntimeDates, today: string, warn: number): Verdict | undefined {
  if (today >= r.blockUpdate) {
    return { severity: "error", stage: `was deprecated on ${r.deprecation} and since ${r.blockUpdate} AWS blocks updating functions on it (creating them since ${r.blockCreate}), so the next deploy fails` };
  }
  if (today >= r.blockCreate) {
    return { severity: "error", stage: `was deprecated on ${r.deprecation} and since ${r.blockCreate} AWS blocks creating functions on it, so deploying this stack to a new account or region fails; updates are blocked from ${r.blockUpdate} (in ${daysBetween(today, r.blockUpdate)} days)` };
  }
  if (today >= r.deprecation) {
    return { severity: "warning", stage: `was deprecated on ${r.deprecation} (no more security patches); AWS blocks creating functions on it from ${r.blockCreate} (in ${daysBetween(today, r.blockCreate)} days) and updating them from ${r.blockUpdate}` };
  }
  const left = daysBetween(today, r.deprecation);
  if (left <= warn) {
    return { severity: "warning", stage: `is deprecated on ${r.deprecation} (in ${left} days), after which it gets no security patches; AWS blocks creating functions on it from ${r.blockCreate} and updating them from ${r.blockUpdate}` };
  }
  return undefined;
}

/** Node runtimes older than the table: deprecated before its oldest entry, so at least as far along. */
function judgeOlder(runtime: string, today: string): Verdict {
  const blocked = today >= OLDEST_LISTED.blockUpdate;
  return {
    severity: blocked ? "error" : "warning",
    stage: `is older than ${OLDEST_LISTED.id}, which was itself deprecated on ${OLDEST_LISTED.deprecation}${blocked ? ` and blocked for updates since ${OLDEST_LISTED.blockUpdate}` : ""}, so ${runtime} gets no security patches and deploys of it ${blocked ? "fail" : "are about to fail"}`,
  };
}

function example(source: LambdaSettings["source"], id: string): string {
  if (source === "cdk") return `runtime: Runtime.NODEJS_${nodeMajor(id)}_X,`;
  if (source === "sst") return `runtime: "${id}",`;
  return source === "serverless" ? `runtime: ${id}` : `Runtime: ${id}`;
}

function listNames(names: string[]): string {
  if (names.length === 1) return names[0]!;
  if (names.length <= 3) return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${names.slice(0, 2).join(", ")} and ${names.length - 2} more functions`;
}

export default defineRule({
  meta: {
    id: "lambda/deprecated-runtime",
    description: "Lambda Node.js runtime that is deprecated, blocked for create or update, or about to be",
    defaultSeverity: "error",
    platforms: ["aws-lambda"],
    options: z.strictObject({ warnDays: z.number().int().nonnegative().optional().describe("warn this many days before a runtime's deprecation (default 90)") }),
  },
  check(ctx) {
    // One finding per place the runtime is written: a SAM Globals runtime covers many functions.
    const byPlace = new Map<string, RawFinding & { names: string[] }>();
    const warn = warnDays(ctx.settings);
    const target = currentRuntime(ctx.today);
    for (const { fn } of ctx.functions) {
      if (!isLambda(fn) || !fn.lambda.runtime) continue;
      const runtime = fn.lambda.runtime.value.trim();
      const major = nodeMajor(runtime);
      if (major === undefined) continue;
      const listed = NODE_RUNTIMES.find((r) => r.id === runtime);
      const oldest = nodeMajor(OLDEST_LISTED.id)!;
      const verdict = listed ? judge(listed, ctx.today, warn) : major < oldest ? judgeOlder(runtime, ctx.today) : undefined;
      if (!verdict) continue;
      const at = fn.lambda.runtime.at;
      const key = `${at.file}:${at.line}:${at.column ?? 1}`;
      const same = byPlace.get(key);
      if (same) {
        same.names.push(fn.lambda.name);
        continue;
      }
      const instead = `Instead, set the runtime to ${target.id} (not deprecated until ${target.deprecation}) and test the function on it`;
      byPlace.set(key, {
        names: [fn.lambda.name],
        severity: verdict.severity,
        message: `{names} on ${runtime}, which ${verdict.stage}. ${instead}; the Node.js major upgrade can change behaviour (check the Node.js release notes and your dependencies' engines).`,
        file: at.file,
        line: Math.max(at.line, 1),
        column: at.column ?? 1,
        function: fn.id,
        fix: { description: `${instead}.`, example: example(fn.lambda.source, target.id) },
      });
    }
    return [...byPlace.values()].map(({ names, ...finding }) => ({ ...finding, message: finding.message.replace("{names} on", `${listNames(names)} ${names.length > 1 ? "run" : "runs"} on`) }));
  },
});
