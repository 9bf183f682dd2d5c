import { db, type Database } from "@/lib/db";

/**
 * Where cron runs are claimed, so a job delivered twice for the same run does the work once.
 * Vercel may invoke a cron path more than once; a claim is the idempotency key.
 */
export interface RunStore {
  /** True when this call claimed `key`; false when a run with that key already exists. */
  claim(key: string): Promise<boolean>;
  complete(key: string, result: Record<string, unknown>): Promise<void>;
  /** Gives a failed run's key back, so the next delivery (or a manual re-run) tries again. */
  release(key: string): Promise<void>;
}

/** Without DATABASE_URL: claims live as long as the function instance (enough for local runs and tests). */
export function memoryRunStore(): RunStore {
  const runs = new Map<string, Record<string, unknown> | null>();
  return {
    async claim(key) {
      if (runs.has(key)) return false;
      runs.set(key, null);
      return true;
    },
    async complete(key, result) {
      runs.set(key, result);
    },
    async release(key) {
      runs.delete(key);
    },
  };
}

/** Postgres over HTTP (db/schema.sql): the primary key decides the claim, across every instance. */
export function postgresRunStore(database: Database): RunStore {
  return {
    async claim(key) {
      const rows = await database.query("insert into cron_runs (key) values ($1) on conflict (key) do nothing returning key", [key]);
      return rows.length === 1;
    },
    async complete(key, result) {
      await database.query("update cron_runs set finished_at = now(), result = $2 where key = $1", [key, JSON.stringify(result)]);
    },
    async release(key) {
      await database.query("delete from cron_runs where key = $1 and finished_at is null", [key]);
    },
  };
}

export const runStore: RunStore = db ? postgresRunStore(db) : memoryRunStore();
