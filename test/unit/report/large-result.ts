import type { AuditResult } from "../../../src/audit/result.js";
import type { Finding } from "../../../src/audit/types.js";
import { sampleResult } from "./sample-result.js";

const MISSING = Array.from({ length: 30 }, (_, i) => `pkg-${String(i).padStart(2, "0")}`);

/**
 * A monorepo-sized result: `n` route functions in apps/web that all import lib/upstream.ts, whose
 * un-timed fetch is one finding shared by every function; one info per route (each its own message);
 * 20 warnings with the same message in 20 files; 30 packages not installed in every function.
 */
export function largeResult(n = 500): AuditResult {
  const base = sampleResult();
  const ids = Array.from({ length: n }, (_, i) => `vercel:apps/web/app/api/r${i}/route.ts`);
  const functions: AuditResult["functions"] = ids.map((id, i) => ({
    id,
    platform: "vercel",
    runtime: "nodejs",
    entry: `apps/web/app/api/r${i}/route.ts`,
    config: { file: `apps/web/app/api/r${i}/route.ts`, line: 1 },
    package: "apps/web",
    bundle: { bytes: 10_000 + i * 100, gzipBytes: 4_000 + i * 10, topInputs: [], packages: [{ name: "(project)", bytes: 10_000 + i * 100 }], missingPackages: MISSING, source: "test" },
  }));
  const shared: Finding = {
    ruleId: "timeout/fetch-no-signal",
    severity: "warning",
    message: "fetch without a timeout holds the function until maxDuration ends it.",
    file: "apps/web/lib/upstream.ts",
    line: 3,
    column: 10,
    function: ids[0]!,
    functions: ids,
    chain: ["apps/web/app/api/r0/route.ts", "apps/web/lib/upstream.ts"],
  };
  const same: Finding[] = Array.from({ length: 20 }, (_, i) => ({
    ruleId: "timeout/fetch-no-signal",
    severity: "warning",
    message: "fetch without a timeout holds the function until maxDuration ends it.",
    file: `apps/web/app/api/r${i}/route.ts`,
    line: 5,
    column: 3,
    function: ids[i]!,
  }));
  const infos: Finding[] = ids.map((id, i) => ({
    ruleId: "timeout/no-max-duration",
    severity: "info",
    message: `/api/r${i} calls an upstream service but sets no maxDuration, so Vercel lets it run for the platform default when that call hangs. Add \`export const maxDuration = 30\`.`,
    file: `apps/web/app/api/r${i}/route.ts`,
    line: 1,
    column: 1,
    function: id,
  }));
  const findings = [shared, ...same, ...infos];
  return {
    ...base,
    root: "/projects/monorepo",
    functions,
    findings,
    unfiltered: findings,
    rules: [...base.rules, { id: "timeout/no-max-duration", description: "Vercel function doing outbound I/O without a maxDuration", defaultSeverity: "info", platforms: ["vercel"], docsUrl: "https://example.test/docs/rules/timeout/no-max-duration.md" }],
    excerpts: { "apps/web/lib/upstream.ts": { 1: "export async function upstream() {", 2: "  // no timeout", 3: "  return fetch(URL);", 4: "}" } },
    notes: [],
    summary: {
      functions: n,
      files: n + 1,
      findings: findings.length,
      bySeverity: { error: 0, warning: 21, info: n },
      byRule: { "timeout/fetch-no-signal": 21, "timeout/no-max-duration": n },
      suppressed: 0,
      baselined: 0,
      durationMs: 61_000,
    },
  };
}
