export interface OrderItem {
  sku: string;
  quantity: number;
}

export interface NewOrder {
  customerId: string;
  items: OrderItem[];
}

/** What travels on the queue: the validated order plus the id the API handed back. */
export interface QueuedOrder extends NewOrder {
  orderId: string;
  createdAt: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const MAX_ITEMS = 50;
const MAX_QUANTITY = 1000;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks untrusted input and returns a clean copy (unknown fields dropped), or every problem found. */
export function parseNewOrder(input: unknown): Validation<NewOrder> {
  if (!isRecord(input)) return { ok: false, errors: ["body: expected a JSON object"] };
  const errors: string[] = [];

  const { customerId, items } = input;
  if (typeof customerId !== "string" || !ID_PATTERN.test(customerId)) {
    errors.push("customerId: expected 1-64 letters, digits, '-' or '_'");
  }

  const clean: OrderItem[] = [];
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) {
    errors.push(`items: expected an array of 1-${MAX_ITEMS} items`);
  } else {
    items.forEach((item: unknown, index) => {
      if (!isRecord(item)) {
        errors.push(`items[${index}]: expected an object`);
        return;
      }
      const { sku, quantity } = item;
      if (typeof sku !== "string" || !ID_PATTERN.test(sku)) {
        errors.push(`items[${index}].sku: expected 1-64 letters, digits, '-' or '_'`);
      }
      if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
        errors.push(`items[${index}].quantity: expected a whole number from 1 to ${MAX_QUANTITY}`);
      }
      if (typeof sku === "string" && typeof quantity === "number") clean.push({ sku, quantity });
    });
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { customerId: customerId as string, items: clean } };
}

export function parseQueuedOrder(input: unknown): Validation<QueuedOrder> {
  const order = parseNewOrder(input);
  const errors = order.ok ? [] : [...order.errors];
  const orderId = isRecord(input) ? input.orderId : undefined;
  const createdAt = isRecord(input) ? input.createdAt : undefined;
  if (typeof orderId !== "string" || orderId.length === 0) errors.push("orderId: expected a non-empty string");
  if (typeof createdAt !== "string" || Number.isNaN(Date.parse(createdAt))) errors.push("createdAt: expected an ISO date");
  if (!order.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...order.value, orderId: orderId as string, createdAt: createdAt as string } };
}
