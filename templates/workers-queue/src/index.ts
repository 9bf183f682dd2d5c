import { log, requestId } from "./log";
import { idempotencyKey, isOrderMessage, parseOrder, retryDelay, type OrderMessage } from "./orders";

// KV keeps a processed order for 7 days: longer than any retry, so a redelivered message is recognised.
const PROCESSED_TTL_SECONDS = 7 * 24 * 3600;

export default {
  /** The producer: POST /orders validates the order and queues it (202); the consumer does the work. */
  async fetch(request, env): Promise<Response> {
    const id = requestId(request);
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname === "/health") return Response.json({ status: "ok" });
    if (url.pathname !== "/orders") return Response.json({ error: "not_found" }, { status: 404 });
    if (request.method !== "POST") return Response.json({ error: "method_not_allowed" }, { status: 405, headers: { allow: "POST" } });

    const key = idempotencyKey(request);
    if (typeof key !== "string") return Response.json({ error: "invalid_request", details: [key.problem] }, { status: 400 });
    const body: unknown = await request.json().catch(() => undefined);
    const order = parseOrder(body);
    if ("problems" in order) return Response.json({ error: "invalid_order", details: order.problems }, { status: 422 });

    const message: OrderMessage = { key, requestId: id, ...order };
    try {
      await env.ORDERS_QUEUE.send(message, { contentType: "json" });
    } catch (error) {
      log("error", "queueing the order failed", { requestId: id, key, error: String(error) });
      return Response.json({ error: "unavailable", requestId: id }, { status: 503, headers: { "retry-after": "5" } });
    }
    log("info", "order queued", { requestId: id, key, items: order.items.length });
    return Response.json({ key, status: "queued" }, { status: 202 });
  },

  /**
   * The consumer: each message is acknowledged or retried on its own, so one failure does not redo
   * the batch. Delivery is at least once, so an order already processed is acknowledged, not redone.
   */
  async queue(batch, env): Promise<void> {
    for (const message of batch.messages) {
      const fields = { messageId: message.id, attempts: message.attempts, queue: batch.queue };
      if (!isOrderMessage(message.body)) {
        // Retrying cannot fix a malformed message: after max_retries it lands in the dead-letter queue to inspect.
        log("error", "malformed message", fields);
        message.retry({ delaySeconds: retryDelay(message.attempts) });
        continue;
      }
      const order = message.body;
      const done = `order:${order.key}`;
      try {
        if ((await env.ORDERS.get(done)) !== null) {
          log("info", "duplicate delivery, already processed", { ...fields, key: order.key, requestId: order.requestId });
          message.ack();
          continue;
        }
        const total = order.items.reduce((sum, item) => sum + item.quantity, 0);
        await env.ORDERS.put(done, JSON.stringify({ customerId: order.customerId, items: order.items, total, processedAt: new Date().toISOString() }), {
          expirationTtl: PROCESSED_TTL_SECONDS,
        });
        log("info", "order processed", { ...fields, key: order.key, requestId: order.requestId, total });
        message.ack();
      } catch (error) {
        log("warn", "processing failed, will retry", { ...fields, key: order.key, requestId: order.requestId, error: String(error) });
        message.retry({ delaySeconds: retryDelay(message.attempts) });
      }
    }
  },
} satisfies ExportedHandler<Env, unknown>;
