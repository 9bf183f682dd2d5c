export interface Order {
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number }[];
}

/** The order in a message body, or an error naming what is wrong (which no retry can fix). */
export function parseOrder(body: string): Order {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new InvalidOrderError("the body is not JSON");
  }
  const order = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof order.orderId !== "string" || !/^[\w-]{1,64}$/.test(order.orderId)) problems.push("orderId: 1-64 letters, digits, '-' or '_'");
  if (typeof order.customerId !== "string" || order.customerId.length === 0) problems.push("customerId: a non-empty string");
  const items = Array.isArray(order.items) ? (order.items as unknown[]) : [];
  if (items.length === 0) problems.push("items: at least one");
  for (const [i, raw] of items.entries()) {
    const item = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof item.sku !== "string" || item.sku.length === 0) problems.push(`items[${i}].sku: a non-empty string`);
    if (!Number.isInteger(item.quantity) || (item.quantity as number) < 1) problems.push(`items[${i}].quantity: a positive integer`);
  }
  if (problems.length > 0) throw new InvalidOrderError(problems.join("; "));
  return order as unknown as Order;
}

export class InvalidOrderError extends Error {
  override name = "InvalidOrderError";
}
