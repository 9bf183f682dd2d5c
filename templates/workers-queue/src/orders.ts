export interface OrderItem {
  sku: string;
  quantity: number;
}

/** What the API queues: the order, its idempotency key, and the id of the request that queued it. */
export interface OrderMessage {
  key: string;
  requestId: string;
  customerId: string;
  items: OrderItem[];
}

const KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** The order in a request body, or the list of what is wrong with it. */
export function parseOrder(body: unknown): { customerId: string; items: OrderItem[] } | { problems: string[] } {
  const problems: string[] = [];
  const input = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const customerId = input.customerId;
  if (typeof customerId !== "string" || customerId.length === 0 || customerId.length > 64) problems.push("customerId: a string of 1-64 characters");
  const items = Array.isArray(input.items) ? (input.items as unknown[]) : [];
  if (items.length === 0 || items.length > 50) problems.push("items: 1-50 items");
  items.forEach((raw, i) => {
    const item = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof item.sku !== "string" || item.sku.length === 0) problems.push(`items[${i}].sku: a non-empty string`);
    if (!Number.isInteger(item.quantity) || (item.quantity as number) < 1 || (item.quantity as number) > 1000) problems.push(`items[${i}].quantity: an integer 1-1000`);
  });
  if (problems.length > 0) return { problems };
  return { customerId: customerId as string, items: items as OrderItem[] };
}

/** The client's Idempotency-Key when valid, so a retried POST queues the same order once; else a new one. */
export function idempotencyKey(request: Request): string | { problem: string } {
  const given = request.headers.get("idempotency-key");
  if (given === null) return crypto.randomUUID();
  return KEY.test(given) ? given : { problem: "Idempotency-Key: 8-64 letters, digits, '-' or '_'" };
}

export function isOrderMessage(body: unknown): body is OrderMessage {
  if (typeof body !== "object" || body === null) return false;
  const message = body as Record<string, unknown>;
  return typeof message.key === "string" && typeof message.requestId === "string" && !("problems" in parseOrder(message));
}

/** Back off between attempts: 10 s, 40 s, 90 s... capped at the 12 hours Queues allows. */
export function retryDelay(attempts: number): number {
  return Math.min(10 * attempts * attempts, 43_200);
}
