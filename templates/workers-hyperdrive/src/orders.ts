import type { Queryable } from "./db";

export interface NewOrder {
  customerEmail: string;
  amountCents: number;
  currency: string;
}

export interface Order extends NewOrder {
  /** A bigint in Postgres: sent as a string so no client rounds it. */
  id: string;
  createdAt: string;
}

interface OrderRow {
  id: string;
  customer_email: string;
  amount_cents: number;
  currency: string;
  created_at: Date;
  request_hash?: string;
}

const COLUMNS = "id, customer_email, amount_cents, currency, created_at";
const KEY = /^[A-Za-z0-9_-]{8,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CURRENCY = /^[A-Z]{3}$/;

/** The order in a request body, or every problem with it, so the client can fix them in one go. */
export function parseNewOrder(body: unknown): NewOrder | { problems: string[] } {
  const input = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const { customerEmail, amountCents, currency } = input;
  const problems: string[] = [];
  if (typeof customerEmail !== "string" || customerEmail.length > 254 || !EMAIL.test(customerEmail)) problems.push("customerEmail: an email address");
  if (typeof amountCents !== "number" || !Number.isSafeInteger(amountCents) || amountCents < 1 || amountCents > 100_000_000) problems.push("amountCents: an integer from 1 to 100000000");
  if (typeof currency !== "string" || !CURRENCY.test(currency)) problems.push("currency: three capital letters (ISO 4217), such as EUR");
  if (problems.length > 0) return { problems };
  return { customerEmail: customerEmail as string, amountCents: amountCents as number, currency: currency as string };
}

/** The client's Idempotency-Key: required, so a retried POST can never create a second order. */
export function parseIdempotencyKey(request: Request): string | { problem: string } {
  const key = request.headers.get("idempotency-key");
  if (key === null) return { problem: "Idempotency-Key header: required, so that a retried POST creates the order once" };
  return KEY.test(key) ? key : { problem: "Idempotency-Key header: 8-64 letters, digits, '-' or '_'" };
}

/** `?limit=` (1-100, default 20) and `?before=` (an order id, for the next page). */
export function parsePage(url: URL): { limit: number; before: string | null } | { problem: string } {
  const limit = Number(url.searchParams.get("limit") ?? "20");
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { problem: "limit: an integer from 1 to 100" };
  const before = url.searchParams.get("before");
  if (before !== null && !/^[1-9]\d{0,17}$/.test(before)) return { problem: "before: an order id" };
  return { limit, before };
}

/** SHA-256 of the order's fields: a reused key with a different body is refused, not silently replayed. */
async function requestHash(order: NewOrder): Promise<string> {
  const canonical = JSON.stringify([order.customerEmail, order.amountCents, order.currency]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function toOrder(row: OrderRow): Order {
  return { id: row.id, customerEmail: row.customer_email, amountCents: row.amount_cents, currency: row.currency, createdAt: row.created_at.toISOString() };
}

export type CreateResult = { kind: "created" | "replayed"; order: Order } | { kind: "conflict" };

/**
 * Inserts the order once per idempotency key. A concurrent request with the same key waits on the
 * unique index, then finds the committed order: both answer with the same order.
 */
export async function createOrder(db: Queryable, key: string, order: NewOrder): Promise<CreateResult> {
  const hash = await requestHash(order);
  const inserted = await db.query<OrderRow>(
    `INSERT INTO orders (idempotency_key, request_hash, customer_email, amount_cents, currency)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING ${COLUMNS}`,
    [key, hash, order.customerEmail, order.amountCents, order.currency],
  );
  const row = inserted.rows[0];
  if (row) return { kind: "created", order: toOrder(row) };
  const existing = await db.query<OrderRow>(`SELECT ${COLUMNS}, request_hash FROM orders WHERE idempotency_key = $1`, [key]);
  const found = existing.rows[0];
  if (!found || found.request_hash !== hash) return { kind: "conflict" };
  return { kind: "replayed", order: toOrder(found) };
}

/** Newest first, one page at a time: `before` is the last id of the previous page (keyset, no OFFSET scan). */
export async function listOrders(db: Queryable, page: { limit: number; before: string | null }): Promise<{ orders: Order[]; next: string | null }> {
  const result = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
    [page.before, page.limit],
  );
  const orders = result.rows.map(toOrder);
  const last = orders.at(-1);
  return { orders, next: orders.length === page.limit && last ? last.id : null };
}
