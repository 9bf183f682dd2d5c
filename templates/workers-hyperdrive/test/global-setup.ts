/**
 * A real Postgres for the tests, with no server to install: PGlite (Postgres compiled to WebAssembly)
 * behind its wire-protocol server, on a free port. The migrations are applied by the same code as
 * `npm run migrate`, and the Worker's Hyperdrive binding is pointed at it (vitest.config.ts).
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../scripts/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const db = await PGlite.create();
  // Several connections at once: each request opens its own client, and a test may check the table from another.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 10 });
  await server.start();
  const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migrate(client);
  } finally {
    await client.end();
  }
  project.provide("databaseUrl", url);
  return async () => {
    await server.stop();
    await db.close();
  };
}
