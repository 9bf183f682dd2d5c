/**
 * Applies migrations/*.sql in name order, each once and in its own transaction, recording what ran in
 * `schema_migrations`. Run it against the database itself, not through Hyperdrive:
 *   DATABASE_URL=postgres://user:password@host:5432/db npm run migrate
 * DATABASE_URL may also come from .env. Without it, this migrates the local database `npm run db:local` serves.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const LOCAL = "postgres://postgres:postgres@127.0.0.1:5432/postgres";
const DIR = fileURLToPath(new URL("../migrations/", import.meta.url));

/** Applies the migrations not yet recorded; returns the names it applied. */
export async function migrate(client: pg.Client, dir = DIR): Promise<string[]> {
  await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const done = new Set((await client.query<{ name: string }>("SELECT name FROM schema_migrations")).rows.map((r) => r.name));
  const applied: string[] = [];
  for (const name of (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort()) {
    if (done.has(name)) continue;
    const sql = await readFile(path.join(dir, name), "utf8");
    await client.query("BEGIN");
    try {
      await client.query(sql);
      await client.query("INSERT INTO schema_migrations (name) VALUES ($1)", [name]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    applied.push(name);
  }
  return applied;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL || LOCAL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const applied = await migrate(client);
    console.log(applied.length > 0 ? `Applied ${applied.join(", ")} to ${new URL(url).host}.` : `Nothing to apply: ${new URL(url).host} is up to date.`);
  } catch (error) {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
  }
}
