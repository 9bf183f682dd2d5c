import { connect, inTransaction, timeoutMs } from "./db";
import { log, requestId } from "./log";
import { createOrder, listOrders, parseIdempotencyKey, parseNewOrder, parsePage } from "./orders";

const json = (id: string, body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "x-request-id": id, ...headers } });

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const id = requestId(request);
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname === "/health") return json(id, { status: "ok" });
    if (url.pathname !== "/orders") return json(id, { error: "not_found" }, 404);
    if (request.method !== "GET" && request.method !== "POST") return json(id, { error: "method_not_allowed" }, 405, { allow: "GET, POST" });

    // Check the input before opening a connection: a bad request costs the database nothing.
    const input = request.method === "POST" ? await readOrder(request) : parsePage(url);
    if ("problem" in input || "problems" in input) {
      const details = "problem" in input ? [input.problem] : input.problems;
      return json(id, { error: "invalid_request", details }, "problems" in input ? 422 : 400);
    }

    const started = Date.now();
    let client: Awaited<ReturnType<typeof connect>> | undefined;
    try {
      client = await connect(env, id);
      const ms = timeoutMs(env);
      if ("order" in input) {
        const result = await inTransaction(client, ms, (tx) => createOrder(tx, input.key, input.order));
        if (result.kind === "conflict") {
          log("warn", "idempotency key reused with a different order", { requestId: id, key: input.key });
          return json(id, { error: "idempotency_key_reused", details: ["This Idempotency-Key was used for a different order; use a new key."] }, 422);
        }
        log("info", result.kind === "created" ? "order created" : "order replayed", { requestId: id, key: input.key, orderId: result.order.id, ms: Date.now() - started });
        return json(id, result.order, result.kind === "created" ? 201 : 200, result.kind === "replayed" ? { "idempotent-replayed": "true" } : {});
      }
      const page = await inTransaction(client, ms, (tx) => listOrders(tx, input));
      log("info", "orders listed", { requestId: id, count: page.orders.length, ms: Date.now() - started });
      return json(id, page);
    } catch (error) {
      // The driver's message may name the host or the query: it goes to the log, never to the client.
      log("error", "database request failed", { requestId: id, code: (error as { code?: unknown }).code, error: String(error), ms: Date.now() - started });
      return json(id, { error: "unavailable", requestId: id }, 503, { "retry-after": "2" });
    } finally {
      // Closing tells Hyperdrive the connection is free; waitUntil does it after the response is sent.
      if (client) ctx.waitUntil(client.end().catch(() => undefined));
    }
  },
} satisfies ExportedHandler<Env>;

async function readOrder(request: Request) {
  const key = parseIdempotencyKey(request);
  if (typeof key !== "string") return key;
  const body: unknown = await request.json().catch(() => undefined);
  const order = parseNewOrder(body);
  return "problems" in order ? order : { key, order };
}
