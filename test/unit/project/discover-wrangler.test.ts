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
    expect(top.config).toEqual({ file: "wrangler.jsonc", line: 4, column: 3 });
    expect(top.workers).toMatchObject({
      compatibilityDate: "2025-09-20",
      compatibilityFlags: ["nodejs_compat"],
      limits: { cpuMs: 50 },
      bindings: { kv: ["CACHE"], hyperdrive: ["DB"], d1: [], r2: [], vars: { API_BASE: "https://api.example.com" } },
      environment: undefined,
      name: "orders-api",
      locations: {
        main: { file: "wrangler.jsonc", line: 4, column: 3 },
        compatibilityDate: { file: "wrangler.jsonc", line: 5, column: 3 },
        compatibilityFlags: { file: "wrangler.jsonc", line: 6, column: 3 },
        limits: { file: "wrangler.jsonc", line: 7, column: 3 },
        vars: { file: "wrangler.jsonc", line: 10, column: 3 },
      },
    });

    // Environments inherit main, dates, flags and limits, but not vars or bindings.
    const staging = byId(project, "cloudflare-workers:src/index.ts#env.staging");
    expect(staging.workers).toMatchObject({
      environment: "staging",
      compatibilityDate: "2025-09-20",
      compatibilityFlags: ["nodejs_compat"],
      bindings: { kv: [], hyperdrive: [], d1: ["AUDIT"], vars: { API_BASE: "https://staging.example.com" } },
      locations: { compatibilityDate: { line: 5 }, vars: { line: 14, column: 7 } },
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

describe("wrangler.toml and wrangler.json", () => {
  it("reads TOML tables, arrays of tables, bare dates and environment tables with lines", async () => {
    const project = await discoverFixture("workers-toml");
    expect(project.problems).toEqual([]);
    const top = byId(project, "cloudflare-workers:src/worker.ts");
    expect(top.workers).toMatchObject({
      compatibilityDate: "2025-08-20",
      compatibilityFlags: ["nodejs_compat"],
      limits: { cpuMs: 100 },
      bindings: { r2: ["IMAGES"], kv: ["SIZES"], d1: [], vars: { ORIGIN: "https://images.example.com" } },
      locations: {
        main: { file: "wrangler.toml", line: 2, column: 1 },
        compatibilityDate: { line: 3 },
        compatibilityFlags: { line: 4 },
        limits: { line: 6, column: 2 },
        vars: { line: 9 },
      },
    });
    const production = byId(project, "cloudflare-workers:src/worker.ts#env.production");
    expect(production.config).toEqual({ file: "wrangler.toml", line: 20, column: 6 });
    expect(production.workers).toMatchObject({
      compatibilityDate: "2026-01-10",
      bindings: { d1: ["LOG"], kv: [], r2: [], vars: { ORIGIN: "https://cdn.example.com" } },
      locations: { compatibilityDate: { line: 21, column: 1 }, vars: { line: 23, column: 17 } },
    });
  });

  it("reads wrangler.json before wrangler.toml in the same folder, as wrangler does", async () => {
    const project = await discoverFixture("workers-json-precedence");
    expect(project.functions).toHaveLength(1);
    expect(project.functions[0]!.config).toEqual({ file: "wrangler.json", line: 3, column: 3 });
    expect(project.functions[0]!.workers?.compatibilityDate).toBe("2026-03-01");
  });

  it("reports a main that does not exist, but not one in build output", async () => {
    const project = await discoverFixture("workers-main-missing");
    expect(project.functions).toEqual([]);
    expect(project.problems).toEqual([
      { message: "`main` points at src/nowhere.ts, which does not exist", at: { file: "wrangler.jsonc", line: 3, column: 3 } },
    ]);
    expect(project.notes).toEqual([
      { message: "`main` (env.preview) is build output (.open-next/worker.js); build first to audit it", at: { file: "wrangler.jsonc", line: 6, column: 18 } },
    ]);
  });
});

describe("a Worker whose code lives in api/", () => {
  it("is one Worker, not a set of Vercel api/ functions", async () => {
    const project = await discoverFixture("workers-code-in-api-folder");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual(["cloudflare-workers:api/index.ts"]);
  });
});

describe("a Worker whose entry is given in package.json scripts", () => {
  it("takes the deploy script's entry, located at that script", async () => {
    const project = await discoverFixture("workers-main-in-scripts");
    expect(project.problems).toEqual([]);
    expect(project.notes).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual(["cloudflare-workers:src/worker.ts"]);
    const fn = byId(project, "cloudflare-workers:src/worker.ts");
    expect(fn.config).toEqual({ file: "package.json", line: 7, column: 5 });
    expect(fn.workers?.compatibilityDate).toBe("2025-06-01");
  });

  it("reports a script entry that does not exist at the script", async () => {
    const project = await discoverFixture("workers-main-in-scripts-missing");
    expect(project.functions).toEqual([]);
    expect(project.problems).toEqual([{ message: "`main` points at src/index.ts, which does not exist", at: { file: "package.json", line: 4, column: 16 } }]);
  });
});

describe("wrangler main in its other shapes", () => {
  it("resolves an extensionless main, and notes Python Workers and framework build output instead of failing", async () => {
    const project = await discoverFixture("workers-main-variants");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual(["cloudflare-workers:extensionless/src/app.server.tsx"]);
    expect(project.notes).toEqual([
      { message: "the Worker is written in Python (src/entry.py); coldstart audits JavaScript and TypeScript only", at: { file: "python/wrangler.jsonc", line: 3, column: 3 } },
      { message: "`main` is build output (.svelte-kit/cloudflare/_worker.js); build first to audit it", at: { file: "sveltekit/wrangler.jsonc", line: 3, column: 3 } },
    ]);
  });
});
