import { Client } from "pg";
import { log } from "./log";

/** What a query needs from the client: `Client` itself, or a stand-in in tests. */
export type Queryable = Pick<Client, "query">;

/**
 * One client per request, as Cloudflare's Hyperdrive docs advise: the binding's connection string
 * points at Hyperdrive, which keeps the pooled connections to the database, so connecting here is a
 * short hop and a client cannot outlive the request that opened it (Workers do not share I/O objects
 * between requests). The caller closes it with `ctx.waitUntil(client.end())`.
 * https://developers.cloudflare.com/hyperdrive/examples/connect-to-postgres/postgres-drivers-and-libraries/node-postgres/
 */
export async function connect(env: Env, requestId: string): Promise<Client> {
  const client = new Client({
    connectionString: env.HYPERDRIVE.connectionString,
    // Give up on a connection or a query that hangs, rather than holding the request until the client disconnects.
    connectionTimeoutMillis: 5_000,
    query_timeout: timeoutMs(env) + 1_000,
  });
  // A connection error outside a query (the socket closing as the client ends) is emitted as an event:
  // without a listener it would be an uncaught exception.
  client.on("error", (error) => log("warn", "database connection error", { requestId, error: String(error) }));
  await client.connect();
  return client;
}

export function timeoutMs(env: Env): number {
  const ms = Number(env.STATEMENT_TIMEOUT_MS);
  return Number.isInteger(ms) && ms > 0 ? ms : 5_000;
}

/**
 * Runs `work` in a transaction whose statements Postgres cancels after `ms`. Hyperdrive pools in
 * transaction mode, so a session-level `SET` would not stay with this client: `SET LOCAL` lasts
 * exactly as long as the transaction, on whichever pooled connection runs it.
 * https://developers.cloudflare.com/hyperdrive/configuration/connection-pooling/
 */
export async function inTransaction<T>(client: Queryable, ms: number, work: (db: Queryable) => Promise<T>): Promise<T> {
  // One round trip: BEGIN and the timeout travel in the same simple-protocol message.
  await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.trunc(ms)}`);
  try {
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
