import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { connectionSource } from "./connection-source.js";
import { clientSites } from "./db-clients.js";
import { resolveImport } from "./handler-reach.js";
import { isKeptAcrossCalls } from "./instance-cache.js";
import { FileCache } from "../context.js";
import { createBoundary } from "../../project/source/boundary.js";
import { exampleEnvValue, readDatasource, urlTraits } from "./prisma-datasource.js";

function parse(code: string): ts.SourceFile {
  return ts.createSourceFile("/p/file.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

describe("clientSites", () => {
  it("recognises constructors by import source, including require and namespace forms", () => {
    const sf = parse(`
      import pg from "pg";
      import { Pool as Local } from "./pool";
      const { createPool } = require("mysql2/promise");
      import * as IORedis from "ioredis";
      new pg.Pool(); new Local(); createPool({}); new IORedis.Cluster([]);
    `);
    expect(clientSites(sf).map((s) => `${s.driver}:${s.what}`)).toEqual(["pg:new pg.Pool()", "mysql2:createPool()", "ioredis:new IORedis.Cluster()"]);
  });

  it("counts drizzle only when it opens its own pool", () => {
    const sf = parse(`
      import { drizzle } from "drizzle-orm/node-postgres";
      drizzle(pool); drizzle({ client: pool }); drizzle(process.env.DATABASE_URL!); drizzle({ connection: { connectionString: url } });
    `);
    expect(clientSites(sf).map((s) => s.node.getStart(sf))).toHaveLength(2);
  });
});

describe("resolveImport", () => {
  const files = ["/p/app/route.ts", "/p/lib/db.ts", "/p/lib/cache/index.ts", "/p/src/functions/index.ts"];
  it("resolves relative paths, .js suffixes, index files and path aliases among the reached files", () => {
    expect(resolveImport("/p/app/route.ts", "../lib/db.js", files)).toBe("/p/lib/db.ts");
    expect(resolveImport("/p/app/route.ts", "../lib/cache", files)).toBe("/p/lib/cache/index.ts");
    expect(resolveImport("/p/app/route.ts", "@/lib/db", files)).toBe("/p/lib/db.ts");
  });
  it("never takes a declared package for an alias", () => {
    expect(resolveImport("/p/app/route.ts", "@vercel/functions", files, new Set(["@vercel/functions"]))).toBeUndefined();
  });
});

describe("isKeptAcrossCalls", () => {
  const kept = (code: string) => {
    const sf = parse(`import { Pool } from "pg";\n${code}`);
    return clientSites(sf).map((s) => isKeptAcrossCalls(s.node, sf));
  };
  it("accepts module-scope and globalThis caches, not locals or parameters", () => {
    expect(kept(`let p: Pool; function a() { p ??= new Pool(); return p; }`)).toEqual([true]);
    expect(kept(`function a() { return (globalThis.pool ??= new Pool()); }`)).toEqual([true]);
    expect(kept(`let p; function a() { const c = new Pool(); p = c; return c; }`)).toEqual([true]);
    expect(kept(`function a() { let p; p = new Pool(); return p; }`)).toEqual([false]);
    expect(kept(`function a(cache: { p?: Pool }) { cache.p = new Pool(); }`)).toEqual([false]);
  });
});

describe("connectionSource", () => {
  const source = (code: string, bindings = ["HYPERDRIVE"]) => {
    const sf = parse(code);
    const call = (sf.statements.at(-1) as ts.ExpressionStatement).expression as ts.CallExpression;
    return connectionSource(call.arguments[0], bindings);
  };
  it("follows local consts and destructuring to the binding", () => {
    expect(source(`const { connectionString } = env.HYPERDRIVE;\nconnect({ connectionString });`).kind).toBe("hyperdrive");
    expect(source(`const url = c.env.DATABASE_URL;\nconnect(url);`)).toEqual({ kind: "direct", what: "c.env.DATABASE_URL" });
    expect(source(`connect("postgres://u:p@h/db");`).kind).toBe("direct");
    expect(source(`connect(options);`).kind).toBe("unknown");
  });
});

describe("Prisma datasource", () => {
  it("reads url and directUrl with their lines, and the documented value", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prisma-ds-"));
    mkdirSync(path.join(dir, "prisma"));
    writeFileSync(path.join(dir, "prisma/schema.prisma"), `// app\ndatasource db {\n  provider = "postgresql" // pg\n  url = env("DATABASE_URL")\n}\n`);
    writeFileSync(path.join(dir, ".env.example"), `# db\nexport DATABASE_URL='postgres://h:5432/db' # local\n`);
    const cache = new FileCache(createBoundary(dir));
    const read = (abs: string) => cache.text(abs);
    const ds = readDatasource(path.join(dir, "prisma/schema.prisma"), read)!;
    expect(ds.provider).toBe("postgresql");
    expect(ds.url).toMatchObject({ value: { env: "DATABASE_URL" }, line: 4, column: 3 });
    expect(ds.directUrl).toBeUndefined();
    expect(exampleEnvValue("DATABASE_URL", [dir], read)).toMatchObject({ value: "postgres://h:5432/db", line: 2, column: 8 });
  });

  it("tells poolers, limits and Accelerate apart", () => {
    expect(urlTraits("postgresql://u:p@ep-x-123-pooler.us-east-2.aws.neon.tech/db")).toMatchObject({ pooler: true, transactionPooler: true });
    expect(urlTraits("postgresql://u:p@db.example.com:6543/db?connection_limit=1")).toMatchObject({ pooler: true, connectionLimit: 1 });
    expect(urlTraits("postgresql://u:p@db.example.com:5432/db")).toMatchObject({ pooler: false, connectionLimit: undefined, accelerate: false });
    expect(urlTraits("postgresql://u:p@app.proxy-abc123.eu-west-1.rds.amazonaws.com/db")).toMatchObject({ pooler: true, transactionPooler: false });
    expect(urlTraits("prisma+postgres://accelerate.prisma-data.net/?api_key=KEY").accelerate).toBe(true);
  });
});

describe("db/client-per-invocation on a helper shared by routes", () => {
  it("reports the site once and names the other functions that reach it", async () => {
    const { runAudit } = await import("../engine.js");
    const root = path.resolve(import.meta.dirname, "../../../fixtures/rules/db/client-per-invocation/invalid/next-shared-helper-two-routes");
    const result = await runAudit({ root, today: "2026-11-25", config: { rules: {} } });
    const found = result.findings.filter((f) => f.ruleId === "db/client-per-invocation");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("through `query()` (lib/db.ts:4)");
    expect(found[0]!.message).toContain("in 1 other function (vercel:app/api/products/route.ts)");
  }, 60_000);
});
