import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeBilling {
  url: string;
  customers: number;
  /** Every statement run asked for, in order. */
  runs: Array<{ idempotencyKey: string; month: string; offset: number; limit: number }>;
  /** How the next requests are answered: normally, 503, 422 (a batch it refuses), or never. */
  mode: "ok" | "unavailable" | "refuse" | "hang";
  close(): Promise<void>;
}

/** A local billing service: GET /customers/count and POST /statement-runs. */
export async function startFakeBilling(): Promise<FakeBilling> {
  const fake: Omit<FakeBilling, "url" | "close"> = { customers: 450, runs: [], mode: "ok" };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (fake.mode === "hang") return;
    response.setHeader("content-type", "application/json");
    if (fake.mode === "unavailable" || fake.mode === "refuse") {
      response.statusCode = fake.mode === "unavailable" ? 503 : 422;
      response.end(JSON.stringify({ error: fake.mode === "refuse" ? "customer range is locked" : "unavailable" }));
      return;
    }
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/customers/count") {
      response.end(JSON.stringify({ count: fake.customers }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { month: string; offset: number; limit: number };
    fake.runs.push({ idempotencyKey: String(request.headers["idempotency-key"]), ...body });
    response.end(JSON.stringify({ statements: body.limit }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
