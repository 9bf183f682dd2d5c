import { orderTotalCents, type OrderPlaced } from "./order-placed.js";

export interface Invoice {
  orderId: string;
  invoiceId: string;
}

/**
 * Asks the invoicing service for the order's invoice: the side effect that must happen once per event,
 * which is why the handler wraps it in an idempotency check. The event id goes along as the
 * Idempotency-Key, so the service can deduplicate too. The request is capped well inside the function
 * timeout, so a hung service fails this invocation (and Lambda retries it) instead of running it out.
 */
export async function issueInvoice(order: OrderPlaced, eventId: string, url: string, timeoutMs: number): Promise<Invoice> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": eventId },
    body: JSON.stringify({ orderId: order.orderId, customerId: order.customerId, currency: order.currency, totalCents: orderTotalCents(order) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`the invoicing service answered ${response.status}`);
  const body = (await response.json()) as { invoiceId?: unknown };
  if (typeof body.invoiceId !== "string") throw new Error("the invoicing service returned no invoiceId");
  return { orderId: order.orderId, invoiceId: body.invoiceId };
}
