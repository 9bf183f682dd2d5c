import type { Order } from "./orders.js";

export interface Fulfilment {
  orderId: string;
  shipmentId: string;
}

/**
 * Asks the fulfilment service to ship the order: the side effect that must happen once per order,
 * which is why the handler wraps it in an idempotency check. The request is capped well inside the
 * function timeout, so a hung service fails this record instead of the whole batch.
 */
export async function requestShipment(order: Order, url: string, timeoutMs: number): Promise<Fulfilment> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": order.orderId },
    body: JSON.stringify({ orderId: order.orderId, customerId: order.customerId, items: order.items }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`the fulfilment service answered ${response.status}`);
  const body = (await response.json()) as { shipmentId?: unknown };
  if (typeof body.shipmentId !== "string") throw new Error("the fulfilment service returned no shipmentId");
  return { orderId: order.orderId, shipmentId: body.shipmentId };
}
