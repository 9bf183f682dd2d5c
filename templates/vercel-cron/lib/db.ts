import { neon } from "@neondatabase/serverless";

/**
 * Optional Postgres access, off until DATABASE_URL is set (see README, "Database").
 *
 * The client is created once per function instance, at module scope, so warm invocations reuse it
 * and no request ever constructs one. It talks to Postgres over HTTP (Neon's serverless driver), so
 * a burst of concurrent instances cannot exhaust the database's connection limit the way one TCP
 * connection per instance would.
 */
const QUERY_TIMEOUT_MS = 5_000;

export interface Database {
  query<Row extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
}

const url = process.env.DATABASE_URL;
const sql = url ? neon(url) : undefined;

export const db: Database | undefined = sql && {
  async query<Row extends Record<string, unknown>>(text: string, params: unknown[] = []) {
    // A fresh timeout per query: a hung database must not hold the function until maxDuration.
    const rows = await sql.query(text, params, { fetchOptions: { signal: AbortSignal.timeout(QUERY_TIMEOUT_MS) } });
    return rows as Row[];
  },
};

export async function pingDatabase(database: Database): Promise<"ok" | "error"> {
  try {
    await database.query("select 1 as ok");
    return "ok";
  } catch {
    return "error";
  }
}
