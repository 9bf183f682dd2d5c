import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OrderPlacedEvent } from "../src/handlers/order-placed.js";
import { startFakeDynamoDb, type FakeDynamoDb } from "./support/fake-dynamodb.js";
import { startFakeInvoicing, type FakeInvoicing } from "./support/fake-invoicing.js";
import { captureLogs, lambdaContext, loadEvent } from "./support/lambda.js";

let dynamo: FakeDynamoDb;
let invoicing: FakeInvoicing;
let handler: typeof import("../src/handlers/order-placed.js").handler;

beforeAll(async () => {
  dynamo = await startFakeDynamoDb();
  invoicing = await startFakeInvoicing();
  // The handler reads these when its module loads, as Lambda would at cold start.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.IDEMPOTENCY_TABLE = "idempotency";
  process.env.INVOICING_URL = invoicing.url;
  process.env.INVOICING_TIMEOUT_MS = "300";
  ({ handler } = await import("../src/handlers/order-placed.js"));
});

afterAll(async () => {
  await dynamo?.close();
  await invoicing?.close();
});

beforeEach(() => {
  dynamo.items.clear();
  invoicing.requests.length = 0;
  invoicing.mode = "ok";
});

const event = () => loadEvent<OrderPlacedEvent>("order-placed");

describe("order-placed", () => {
  it("invoices the order with the event id as idempotency key, and logs it with the request and event ids", async () => {
    const sample = event();
    const context = lambdaContext("order-placed");
    const { result, logs } = await captureLogs(() => handler(sample, context));
    expect(result).toEqual({ orderId: "ord_7f3a91", invoiceId: "inv_ord_7f3a91" });
    // 2 x 1499 + 1 x 2200 cents.
    expect(invoicing.requests).toEqual([{ idempotencyKey: sample.id, orderId: "ord_7f3a91", totalCents: 5198 }]);
    const issued = logs.find((line) => line.message === "invoice issued");
    expect(issued).toMatchObject({ eventId: sample.id, orderId: "ord_7f3a91", invoiceId: "inv_ord_7f3a91", function_request_id: context.awsRequestId });
  });

  it("invoices once when EventBridge delivers the same event twice", async () => {
    const first = await captureLogs(() => handler(event(), lambdaContext("order-placed")));
    const second = await captureLogs(() => handler(event(), lambdaContext("order-placed")));
    expect(second.result).toEqual(first.result);
    expect(invoicing.requests).toHaveLength(1);
    expect([...dynamo.items.values()].map((item) => item.status?.S)).toEqual(["COMPLETED"]);
  });

  it("invoices again for a new event about the same order (a new id is new work)", async () => {
    await captureLogs(() => handler(event(), lambdaContext("order-placed")));
    await captureLogs(() => handler({ ...event(), id: "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6" }, lambdaContext("order-placed")));
    expect(invoicing.requests.map((r) => r.idempotencyKey)).toEqual([event().id, "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"]);
  });

  it("throws on a detail that does not match the schema, naming the fields, and calls nothing", async () => {
    const bad = event();
    (bad.detail as unknown as Record<string, unknown>).currency = "euro";
    bad.detail.items[0]!.quantity = 0;
    const run = captureLogs(() => handler(bad, lambdaContext("order-placed")));
    await expect(run).rejects.toThrow(/currency: an ISO 4217 code.*items\.0\.quantity/);
    expect(invoicing.requests).toEqual([]);
    expect(dynamo.items.size).toBe(0);
  });

  it("throws when the invoicing service fails, leaving no record, so Lambda's retry does the work", async () => {
    invoicing.mode = "error";
    await expect(captureLogs(() => handler(event(), lambdaContext("order-placed")))).rejects.toThrow("answered 503");
    expect(dynamo.items.size).toBe(0);
    invoicing.mode = "ok";
    const retry = await captureLogs(() => handler(event(), lambdaContext("order-placed")));
    expect(retry.result.invoiceId).toBe("inv_ord_7f3a91");
    expect(invoicing.requests).toHaveLength(2);
  });

  it("gives up on a hung invoicing service after INVOICING_TIMEOUT_MS", async () => {
    invoicing.mode = "hang";
    const started = Date.now();
    await expect(captureLogs(() => handler(event(), lambdaContext("order-placed")))).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
