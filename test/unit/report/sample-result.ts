import type { AuditResult } from "../../../src/audit/result.js";
import { BUILTIN_RULES } from "../../../src/audit/builtin-rules.js";

/** A hand-made result with the awkward cases: chains, fixes, a finding without a function, special characters. */
export function sampleResult(): AuditResult {
  const findings: AuditResult["findings"] = [
    {
      ruleId: "edge/node-builtin",
      severity: "error",
      message: "node:path is not available on the Edge Runtime: 100% of requests fail, a, b: c",
      file: "lib/geo.ts",
      line: 2,
      column: 1,
      function: "vercel:middleware.ts",
      chain: ["middleware.ts", "lib/geo.ts"],
      fix: { description: "Use URL and string methods instead of path.", example: "new URL(p, base).pathname" },
      fingerprint: "aaaaaaaaaaaaaaaaaaaa",
    },
    {
      ruleId: "timeout/fetch-no-signal",
      severity: "warning",
      message: "fetch without a timeout | hangs\nuntil the platform kills it",
      file: "app/api/orders/route.ts",
      line: 5,
      column: 25,
      function: "vercel:app/api/orders/route.ts",
      fingerprint: "bbbbbbbbbbbbbbbbbbbb",
    },
    {
      ruleId: "config-error",
      severity: "info",
      message: "wrangler.toml: unknown key",
      file: "workers/my worker/wrangler.toml",
      line: 0,
      column: 1,
      fingerprint: "cccccccccccccccccccc",
    },
  ];
  return {
    root: "/projects/shop",
    functions: [
      {
        id: "vercel:middleware.ts",
        platform: "vercel",
        runtime: "edge",
        entry: "middleware.ts",
        config: { file: "middleware.ts", line: 1 },
        bundle: {
          bytes: 12_345,
          gzipBytes: 4_321,
          topInputs: [{ path: "lib/geo.ts", bytes: 9000 }, { path: "middleware.ts", bytes: 3000 }],
          packages: [{ name: "(project)", bytes: 12000 }],
          missingPackages: ["next"],
          source: "test",
        },
      },
      {
        id: "vercel:app/api/orders/route.ts",
        platform: "vercel",
        runtime: "nodejs",
        entry: "app/api/orders/route.ts",
        config: { file: "app/api/orders/route.ts", line: 1 },
        bundle: undefined,
      },
      {
        id: "cloudflare-workers:src/index.ts",
        platform: "cloudflare-workers",
        runtime: "workerd",
        entry: "src/index.ts",
        config: { file: "wrangler.toml", line: 2 },
        bundle: { bytes: 800, gzipBytes: 500, topInputs: [], packages: [], missingPackages: [], source: "test" },
      },
    ],
    findings,
    unfiltered: findings,
    rules: [
      {
        id: "edge/node-builtin",
        description: "Node built-in imported in edge code",
        defaultSeverity: "error",
        platforms: ["vercel", "cloudflare-workers"],
        docsUrl: "https://example.test/docs/rules/edge/node-builtin.md",
      },
      {
        id: "timeout/fetch-no-signal",
        description: "Outbound call without a timeout",
        defaultSeverity: "warning",
        platforms: ["vercel", "cloudflare-workers", "aws-lambda"],
        docsUrl: "https://example.test/docs/rules/timeout/fetch-no-signal.md",
      },
      ...BUILTIN_RULES,
    ],
    notes: [{ message: "Fn runs python3.12; coldstart audits JavaScript and TypeScript only", file: "template.yaml", line: 12 }],
    excerpts: {
      "lib/geo.ts": { 1: "// geo helpers", 2: 'import path from "node:path";', 3: "" },
    },
    summary: {
      functions: 3,
      files: 4,
      findings: 3,
      bySeverity: { error: 1, warning: 1, info: 1 },
      byRule: { "edge/node-builtin": 1, "timeout/fetch-no-signal": 1, "config-error": 1 },
      suppressed: 2,
      baselined: 0,
      durationMs: 1234,
    },
  };
}
