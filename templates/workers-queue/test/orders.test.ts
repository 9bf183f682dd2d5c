import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import worker from "../src/index";
import { retryDelay, type OrderMessage } from "../src/orders";

const order = { customerId: "cust_1042", items: [{ sku: "MUG-STEEL", quantity: 2 }] };

let info: MockInstance<typeof console.log>;

beforeEach(() => {
  info = vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** The producer with a stand-in queue binding, to see exactly what it sends. */
async function post(body: unknown, headers: Record<string, string> = {}) {
  const sent: unknown[] = [];
  const queue = { send: async (message: unknown) => void sent.push(message), sendBatch: async () => {} } as unknown as Queue;
  const request = new Request("https://worker.test/orders", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const response = await worker.fetch!(request as Request<unknown, IncomingRequestCfProperties>, { ...env, ORDERS_QUEUE: queue });
  return { response, sent };
}

function message(id: string, body: unknown, attempts = 1) {
  return { id, timestamp: new Date(), attempts, body };
}

describe("the producer", () => {
  it("queues a valid order with its idempotency key and request id, and answers 202", async () => {
    const { response, sent } = await post(order, { "idempotency-key": "order-2026-0001", "cf-ray": "8f1e2d3c4b5a6978-AMS" });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ key: "order-2026-0001", status: "queued" });
    expect(sent).toEqual([{ key: "order-2026-0001", requestId: "8f1e2d3c4b5a6978-AMS", ...order }]);
  });

  it("refuses an invalid order (422) and a malformed idempotency key (400) without queueing", async () => {
    const invalid = await post({ customerId: "", items: [{ sku: "X", quantity: 0 }] });
    expect(invalid.response.status).toBe(422);
    expect((await invalid.response.json<{ details: string[] }>()).details).toEqual(["customerId: a string of 1-64 characters", "items[0].quantity: an integer 1-1000"]);
    const badKey = await post(order, { "idempotency-key": "no spaces allowed" });
    expect(badKey.response.status).toBe(400);
    expect([...invalid.sent, ...badKey.sent]).toEqual([]);
  });

  it("answers 503 with Retry-After when the queue refuses the message", async () => {
    const queue = { send: () => Promise.reject(new Error("Queue is overloaded")) } as unknown as Queue;
    const request = new Request("https://worker.test/orders", { method: "POST", body: JSON.stringify(order) });
    const response = await worker.fetch!(request as Request<unknown, IncomingRequestCfProperties>, { ...env, ORDERS_QUEUE: queue });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });
});

describe("the consumer", () => {
  it("acknowledges each processed message and retries only the ones that cannot be processed", async () => {
    const good: OrderMessage = { key: "order-2026-0002", requestId: "req-1", ...order };
    const batch = createMessageBatch("orders", [message("m-good", good), message("m-bad", { nonsense: true }, 2)]);
    const ctx = createExecutionContext();
    await worker.queue!(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m-good"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-bad"]);
    expect(result.retryBatch.retry).toBe(false);
    const stored = await env.ORDERS.get<{ total: number }>("order:order-2026-0002", "json");
    expect(stored?.total).toBe(2);
  });

  it("processes a redelivered order once (idempotent on the key)", async () => {
    const body: OrderMessage = { key: "order-2026-0003", requestId: "req-2", ...order };
    const first = createMessageBatch("orders", [message("m-1", body)]);
    await worker.queue!(first, env);
    const processedAt = (await env.ORDERS.get<{ processedAt: string }>("order:order-2026-0003", "json"))?.processedAt;
    const again = createMessageBatch("orders", [message("m-2", body, 2)]);
    const ctx = createExecutionContext();
    await worker.queue!(again, env);
    expect((await getQueueResult(again, ctx)).explicitAcks).toEqual(["m-2"]);
    expect((await env.ORDERS.get<{ processedAt: string }>("order:order-2026-0003", "json"))?.processedAt).toBe(processedAt);
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ message: "duplicate delivery, already processed", messageId: "m-2", requestId: "req-2" }));
  });

  it("retries the message when storage fails", async () => {
    const failing = { ...env, ORDERS: { get: () => Promise.reject(new Error("KV unavailable")) } as unknown as KVNamespace };
    const batch = createMessageBatch("orders", [message("m-3", { key: "order-2026-0004", requestId: "req-3", ...order }, 3)]);
    const ctx = createExecutionContext();
    await worker.queue!(batch, failing);
    expect((await getQueueResult(batch, ctx)).retryMessages.map((m) => m.msgId)).toEqual(["m-3"]);
  });

  it("backs off between attempts, within the 12 hours Queues allows", () => {
    expect([1, 2, 3].map(retryDelay)).toEqual([10, 40, 90]);
    expect(retryDelay(100)).toBe(43_200);
  });
});

describe("through the real local queue", () => {
  it("an order posted to the Worker is consumed and stored", async () => {
    const response = await exports.default.fetch(
      new Request("https://worker.test/orders", { method: "POST", headers: { "idempotency-key": "order-2026-0005" }, body: JSON.stringify(order) }),
    );
    expect(response.status).toBe(202);
    await vi.waitFor(async () => expect(await env.ORDERS.get("order:order-2026-0005")).not.toBeNull(), { timeout: 15_000, interval: 250 });
  }, 20_000);

  it("answers the health check, and 404/405 elsewhere", async () => {
    expect((await exports.default.fetch(new Request("https://worker.test/health"))).status).toBe(200);
    expect((await exports.default.fetch(new Request("https://worker.test/nope"))).status).toBe(404);
    expect((await exports.default.fetch(new Request("https://worker.test/orders"))).status).toBe(405);
  });
});
