import { describe, expect, it } from "vitest";
import { byId, discoverFixture } from "./_fixtures.js";

describe("wrangler.jsonc", () => {
  it("reads settings with comments and trailing commas, and one worker per named environment", async () => {
    const project = await discoverFixture("workers-jsonc-environments");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual([
      "cloudflare-workers:src/index.ts",
      "cloudflare-workers:src/index.ts#env.staging",
      "cloudflare-workers:src/index.ts#env.legacy",
    ]);
    const top = byId(project, "cloudflare-workers:src/index.ts");
    expect(top.runtime).toBe("workerd");
    expect(top.config).toEqual({ file: "wrangler.jsonc", line: 4 });
    expect(top.workers).toMatchObject({
      compatibilityDate: "2025-09-20",
      compatibilityFlags: ["nodejs_compat"],
      limits: { cpuMs: 50 },
      bindings: { kv: ["CACHE"], hyperdrive: ["DB"], d1: [], r2: [], vars: { API_BASE: "https://api.example.com" } },
      environment: undefined,
      name: "orders-api",
      locations: {
        main: { file: "wrangler.jsonc", line: 4 },
        compatibilityDate: { file: "wrangler.jsonc", line: 5 },
        compatibilityFlags: { file: "wrangler.jsonc", line: 6 },
        limits: { file: "wrangler.jsonc", line: 7 },
        vars: { file: "wrangler.jsonc", line: 10 },
      },
    });

    // Environments inherit main, dates, flags and limits, but not vars or bindings.
    const staging = byId(project, "cloudflare-workers:src/index.ts#env.staging");
    expect(staging.workers).toMatchObject({
      environment: "staging",
      compatibilityDate: "2025-09-20",
      compatibilityFlags: ["nodejs_compat"],
      bindings: { kv: [], hyperdrive: [], d1: ["AUDIT"], vars: { API_BASE: "https://staging.example.com" } },
      locations: { compatibilityDate: { line: 5 }, vars: { line: 14 } },
    });
    const legacy = byId(project, "cloudflare-workers:src/index.ts#env.legacy");
    expect(legacy.workers).toMatchObject({
      environment: "legacy",
      compatibilityDate: "2024-01-15",
      compatibilityFlags: [],
      bindings: { vars: {} },
      locations: { compatibilityDate: { line: 18 }, compatibilityFlags: { line: 19 } },
    });
    expect(legacy.workers?.locations.vars).toBeUndefined();
  });
});
