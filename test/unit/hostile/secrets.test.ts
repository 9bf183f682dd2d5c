import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditEveryWay, cacheEntries, expectContained, plantCase } from "./_hostile.js";

// Each raw value planted in fixtures/hostile/secrets-in-every-output, and how it must show.
const SECRETS = [
  { raw: "sk_live_Zq81mXv2LpR7tKs9WbN3yHd6", shown: "sk_live_…yHd6" },
  { raw: "q8Zt3mNv7LpX2rKs9WbY4hJd6Fg1Tc5VeA0uRiOp", shown: '"…RiOp"' },
  { raw: "Xk29fLq8ZpW3mN7vR1tY6uH0", shown: "https://hooks.slack.com/services/T04QZ8K2M/…6uH0" },
  { raw: "Vz8Qm2Lx7KpR4tNw", shown: "rediss://:****@orders-cache" },
  { raw: "sk_live_Hq7TzP2wLx9KmB4vNc8RdY3e", shown: "sk_live_…dY3e" },
];

describe("no detected secret leaves coldstart unmasked", { timeout: 120_000 }, () => {
  it("in code frames, parse errors, config errors, every format, the baseline and the step summary", async () => {
    const planted = plantCase("secrets-in-every-output");
    const result = await auditEveryWay(planted);
    expectContained(result, { markers: SECRETS.map((s) => s.raw) });
    // The cache between runs holds what the reports hold: masked findings, never a raw value.
    const stored = cacheEntries(planted.project);
    expect(stored.length).toBeGreaterThan(0);
    for (const text of stored) {
      for (const s of SECRETS) expect(text).not.toContain(s.raw);
    }
    const pretty = result.runs[0]!.stdout;
    // The findings are still there, masked: each secret is reported, and the frames show the mask.
    for (const s of SECRETS) expect(pretty + result.written["report.json"], s.raw).toContain(s.shown);
    expect(pretty).toMatch(/^error parse-error · [^\n]*\n(?:.*\n)*? {2}src\/billing\.ts:2:/m);
    expect(pretty).toMatch(/> *1 \| export const billing = \{ key: "sk_live_…yHd6" \};/);
    expect(pretty).toMatch(/^\w+ config-error · [^\n]*\n(?:.*\n)*? {2}infra\/template\.yaml:10:/m);
    expect(result.written["baseline.json"]).toMatch(/sk_live_…/);
    expect(result.written["step-summary.md"]).toContain("secrets/hardcoded");
    // The fix names the variable the config uses, or the usual name for that kind of secret.
    expect(pretty).toContain("npx wrangler secret put SLACK_WEBHOOK\n");
    expect(pretty).toContain("npx wrangler secret put AWS_SECRET_ACCESS_KEY\n");
  });
});
