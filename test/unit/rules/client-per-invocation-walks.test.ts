import path from "node:path";
import type { ts } from "ts-morph";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import clientPerInvocation from "../../../src/audit/rules/db/client-per-invocation.js";
import { tempProject } from "../audit/_temp-project.js";

/** How often the walk asked whether a call in each file is kept across calls: once per call node it meets. */
const asked = new Map<string, number>();

// Workers share one module graph (vitest.config.ts): this file starts from fresh modules and leaves none mocked.
vi.hoisted(() => vi.resetModules());

vi.mock("../../../src/audit/analysis/instance-cache.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../src/audit/analysis/instance-cache.js")>();
  return {
    ...real,
    isKeptAcrossCalls: (node: ts.Expression, sf: ts.SourceFile) => {
      const file = path.basename(sf.fileName);
      asked.set(file, (asked.get(file) ?? 0) + 1);
      return real.isKeptAcrossCalls(node, sf);
    },
  };
});

afterAll(() => {
  vi.doUnmock("../../../src/audit/analysis/instance-cache.js");
  vi.resetModules();
});

/** `routes` Vercel functions that all reach the same service, which opens a pool on every call. */
function shop(routes: number) {
  const { root, write } = tempProject(`walks-${routes}`);
  write("package.json", JSON.stringify({ name: "shop", private: true, type: "module", dependencies: { pg: "^8.13.0" } }));
  write("vercel.json", JSON.stringify({ functions: { "api/*.ts": { maxDuration: 10 } } }));
  write(
    "lib/db.ts",
    [
      'import { Pool } from "pg";',
      "",
      "export async function query(text: string) {",
      "  const pool = new Pool({ connectionString: process.env.DATABASE_URL });",
      "  const { rows } = await pool.query(text);",
      "  return rows;",
      "}",
      "",
    ].join("\n"),
  );
  write(
    "lib/service.ts",
    [
      'import { query } from "./db";',
      "",
      'const label = (row: unknown) => String(row).trim().toLowerCase();',
      "",
      "export async function list(table: string) {",
      "  const rows = await query(`select * from ${table}`);",
      '  console.log("listed", table, rows.length);',
      "  return Response.json(rows.map((row) => label(row)).filter(Boolean));",
      "}",
      "",
    ].join("\n"),
  );
  for (let i = 0; i < routes; i++) {
    write(`api/table${i}.ts`, `import { list } from "../lib/service";\n\nexport default async function handler() {\n  return list("table${i}");\n}\n`);
  }
  return root;
}

async function audit(root: string) {
  asked.clear();
  const result = await runAudit({ root, rules: [clientPerInvocation], today: "2026-12-06" });
  return { findings: result.findings, asked: new Map(asked) };
}

/** Two functions whose shared helper imports `~/db`, an alias the bundler cannot resolve: each function's own db.ts is the guess. */
function twoApps() {
  const { root, write } = tempProject("walks-apps");
  write("package.json", JSON.stringify({ name: "apps", private: true, type: "module", dependencies: { pg: "^8.13.0" } }));
  write("vercel.json", JSON.stringify({ functions: { "api/*.ts": { maxDuration: 10 } } }));
  write("lib/helper.ts", 'import { query } from "~/db";\n\nexport async function run(text: string) {\n  return Response.json(await query(text));\n}\n');
  for (const app of ["orders", "users"]) {
    write(`${app}/db.ts`, `import { Pool } from "pg";\n\nexport async function query(text: string) {\n  const pool = new Pool({ application_name: "${app}" });\n  return (await pool.query(text)).rows;\n}\n`);
    write(`api/${app}.ts`, `import { run } from "../lib/helper";\nimport { query } from "../${app}/db";\n\nexport default async function handler() {\n  void query;\n  return run("select 1");\n}\n`);
  }
  return root;
}

/** `routes` Next.js routes that all use a Prisma client made by the globalThis singleton's factory. */
function singleton(routes: number) {
  const { root, write } = tempProject(`walks-singleton-${routes}`);
  write("package.json", JSON.stringify({ name: "shop", private: true, dependencies: { next: "15.0.0", "@prisma/client": "^6.0.0" } }));
  write("lib/prisma.ts", 'import { PrismaClient } from "@prisma/client";\n\nconst make = () => new PrismaClient();\n\nexport const prisma = (globalThis as { prisma?: ReturnType<typeof make> }).prisma ?? make();\n');
  for (let i = 0; i < routes; i++) {
    write(`app/api/t${i}/route.ts`, `import { prisma } from "../../../lib/prisma";\n\nexport async function GET() {\n  return Response.json(await prisma.user.findMany({ take: ${i + 1} }));\n}\n`);
  }
  return root;
}

describe("db/client-per-invocation walks each shared function once per run", { timeout: 120_000 }, () => {
  it("asks about the calls of a file every function reaches as often for six functions as for two", async () => {
    const two = await audit(shop(2));
    const six = await audit(shop(6));
    // Each route's own file is walked for its own function only; the shared files once per run.
    expect(six.asked.get("service.ts")).toBeGreaterThan(0);
    expect(six.asked.get("service.ts")).toBe(two.asked.get("service.ts"));
    expect(six.asked.get("db.ts")).toBe(two.asked.get("db.ts"));
  });

  it("still reports the pool opened per request, once, with the path from the handler and the other functions", async () => {
    const { findings } = await audit(shop(6));
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ ruleId: "db/client-per-invocation", file: "lib/db.ts", line: 4, function: "vercel:api/table0.ts", chain: ["api/table0.ts", "lib/service.ts", "lib/db.ts"] });
    expect(finding!.message).toContain("from the exported `default`, through `list()` (lib/service.ts:5) → `query()` (lib/db.ts:3)");
    expect(finding!.message).toContain("in 5 other functions (vercel:api/table1.ts, vercel:api/table2.ts, vercel:api/table3.ts, …)");
  });

  it("walks no handler for a construction only a module-scope singleton's factory makes", async () => {
    const { findings, asked } = await audit(singleton(3));
    expect(findings).toEqual([]);
    // The construction itself is asked about; no route's handler is walked to look for the factory.
    expect(asked.get("prisma.ts")).toBeGreaterThan(0);
    expect([...asked.keys()]).toEqual(["prisma.ts"]);
  });

  it("gives a function whose imports resolve otherwise its own callees, not an earlier function's", async () => {
    const { findings } = await audit(twoApps());
    expect(findings.map((f) => [f.function, f.file])).toEqual([
      ["vercel:api/orders.ts", "orders/db.ts"],
      ["vercel:api/users.ts", "users/db.ts"],
    ]);
    expect(findings[1]!.message).toContain("through `run()` (lib/helper.ts:3) → `query()` (users/db.ts:3)");
  });
});
