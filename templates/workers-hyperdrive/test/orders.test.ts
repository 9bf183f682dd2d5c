import { env, exports } from "cloudflare:workers";
import { Client } from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { inTransaction } from "../src/db";
import type { Order } from "../src/orders";

/** The JSON log lines the Worker wrote during the test, whatever their level. */
const logged: unknown[] = [];
/** A client of the tests' own, through the same Hyperdrive binding, to look at the table. */
let db: Client;

beforeAll(async () => {
  db = new Client({ connectionString: env.HYPERDRIVE.connectionString });
  db.on("error", () => {});
  await db.connect();
});
afterAll(() => db.end());
beforeEach(async () => {
  await db.query("TRUNCATE orders");
  logged.length = 0;
  for (const method of ["log", "warn", "error"] as const) vi.spyOn(console, method).mockImplementation((line: unknown) => void logged.push(line));
});
afterEach(() => vi.restoreAllMocks());

/** Requests go through the Worker's default export, as they do in production. */
function request(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`https://worker.test${path}`, init));
}

function post(body: unknown, key: string | null, headers: Record<string, string> = {}): Promise<Response> {
  return request("/orders", { method: "POST", headers: { "content-type": "application/json", ...(key === null ? {} : { "idempotency-key": key }), ...headers }, body: JSON.stringify(body) });
}

const order = { customerEmail: "ada@example.com", amountCents: 4_250, currency: "EUR" };

async function count(): Promise<number> {
  return Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM orders")).rows[0]?.n);
}

describe("POST /orders", () => {
  it("stores the order in Postgres and logs it with the request id (cf-ray)", async () => {
    const response = await post(order, "order-2026-0001", { "cf-ray": "8f1e2d3c4b5a6978-AMS" });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("8f1e2d3c4b5a6978-AMS");
    const created = await response.json<Order>();
    expect(created).toMatchObject({ ...order, id: expect.stringMatching(/^\d+$/) });
    const rows = await db.query("SELECT idempotency_key, customer_email, amount_cents, currency FROM orders WHERE id = $1", [created.id]);
    expect(rows.rows).toEqual([{ idempotency_key: "order-2026-0001", customer_email: "ada@example.com", amount_cents: 4_250, currency: "EUR" }]);
    expect(logged).toContainEqual(expect.objectContaining({ level: "info", message: "order created", requestId: "8f1e2d3c4b5a6978-AMS", key: "order-2026-0001", orderId: created.id }));
  });

  it("creates one order for a retried POST (same key, same body), even when the retries race", async () => {
    const [first, second] = await Promise.all([post(order, "retry-key-0001"), post(order, "retry-key-0001")]);
    const third = await post(order, "retry-key-0001");
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 201]);
    expect(third.status).toBe(200);
    expect(third.headers.get("idempotent-replayed")).toBe("true");
    const ids = new Set([(await first.json<Order>()).id, (await second.json<Order>()).id, (await third.json<Order>()).id]);
    expect(ids.size).toBe(1);
    expect(await count()).toBe(1);
  });

  it("refuses a key reused for a different order, and changes nothing", async () => {
    expect((await post(order, "reused-key-01")).status).toBe(201);
    const response = await post({ ...order, amountCents: 9_999 }, "reused-key-01");
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: "idempotency_key_reused" });
    expect((await db.query("SELECT amount_cents FROM orders")).rows).toEqual([{ amount_cents: 4_250 }]);
    expect(logged).toContainEqual(expect.objectContaining({ level: "warn", message: "idempotency key reused with a different order", key: "reused-key-01" }));
  });

  it("rejects bad input before touching the database: no key (400), a malformed body (422)", async () => {
    const noKey = await post(order, null);
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toEqual({ error: "invalid_request", details: [expect.stringContaining("Idempotency-Key header: required")] });
    const bad = await post({ customerEmail: "not-an-email", amountCents: 12.5, currency: "eur" }, "bad-body-0001");
    expect(bad.status).toBe(422);
    expect((await bad.json<{ details: string[] }>()).details).toEqual([
      "customerEmail: an email address",
      "amountCents: an integer from 1 to 100000000",
      "currency: three capital letters (ISO 4217), such as EUR",
    ]);
    expect(await count()).toBe(0);
  });
});

describe("GET /orders", () => {
  it("lists newest first, one page at a time", async () => {
    for (let i = 1; i <= 3; i++) expect((await post({ ...order, amountCents: i * 100 }, `page-key-000${i}`)).status).toBe(201);
    const first = await (await request("/orders?limit=2")).json<{ orders: Order[]; next: string | null }>();
    expect(first.orders.map((o) => o.amountCents)).toEqual([300, 200]);
    expect(first.next).toBe(first.orders[1]?.id);
    const second = await (await request(`/orders?limit=2&before=${first.next}`)).json<{ orders: Order[]; next: string | null }>();
    expect(second.orders.map((o) => o.amountCents)).toEqual([100]);
    expect(second.next).toBeNull();
    expect((await request("/orders?limit=500")).status).toBe(400);
  });
});

describe("database access", () => {
  it("bounds every statement with a transaction-local statement_timeout, gone after the transaction", async () => {
    const inside = await inTransaction(db, 1_234, async (tx) => (await tx.query<{ statement_timeout: string }>("SHOW statement_timeout")).rows[0]?.statement_timeout);
    expect(inside).toBe("1234ms");
    expect((await db.query<{ statement_timeout: string }>("SHOW statement_timeout")).rows[0]?.statement_timeout).toBe("0");
  });

  it("rolls the transaction back when the work fails", async () => {
    await expect(inTransaction(db, 1_000, async (tx) => {
      await tx.query("INSERT INTO orders (idempotency_key, request_hash, customer_email, amount_cents, currency) VALUES ('rollback-0001', 'x', 'a@b.co', 1, 'EUR')");
      throw new Error("payment provider said no");
    })).rejects.toThrow("payment provider said no");
    expect(await count()).toBe(0);
  });

  it("answers 503 with the request id when the database fails, and logs the cause without leaking it", async () => {
    await db.query("ALTER TABLE orders RENAME TO orders_moved");
    try {
      const response = await request("/orders", { headers: { "cf-ray": "8f1e2d3c4b5a0000-LHR" } });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: "unavailable", requestId: "8f1e2d3c4b5a0000-LHR" });
      expect(logged).toContainEqual(expect.objectContaining({ level: "error", message: "database request failed", requestId: "8f1e2d3c4b5a0000-LHR", code: "42P01" }));
    } finally {
      await db.query("ALTER TABLE orders_moved RENAME TO orders");
    }
  });

  it("answers JSON 404 and 405 for unknown routes and methods", async () => {
    expect((await request("/nope")).status).toBe(404);
    const response = await request("/orders", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });
});
