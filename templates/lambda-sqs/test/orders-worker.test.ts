import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeDynamoDb, type FakeDynamoDb } from "./support/fake-dynamodb.js";
import { startFakeFulfilment, type FakeFulfilment } from "./support/fake-fulfilment.js";
import { captureLogs, lambdaContext, loadEvent } from "./support/lambda.js";

let dynamo: FakeDynamoDb;
let fulfilment: FakeFulfilment;
let handler: typeof import("../src/handlers/orders-worker.js").handler;

beforeAll(async () => {
  dynamo = await startFakeDynamoDb();
  fulfilment = await startFakeFulfilment();
  // The handler reads these when its module loads, as Lambda would at cold start.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
  process.env.IDEMPOTENCY_TABLE = "idempotency";
  process.env.FULFILMENT_URL = fulfilment.url;
  process.env.FULFILMENT_TIMEOUT_MS = "300";
  ({ handler } = await import("../src/handlers/orders-worker.js"));
});

afterAll(async () => {
  await dynamo?.close();
  await fulfilment?.close();
});

beforeEach(() => {
  dynamo.items.clear();
  fulfilment.requests.length = 0;
  fulfilment.mode = "ok";
});

const batch = () => loadEvent<SQSEvent>("orders-worker-batch");

describe("orders-worker", () => {
  it("fulfils the valid orders and reports only the malformed message as failed", async () => {
    const event = batch();
    const { result, logs } = await captureLogs(() => handler(event, lambdaContext("orders-worker")));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[2]!.messageId }] });
    // Records are processed concurrently: compare without order.
    expect([...fulfilment.requests].sort((a, b) => a.orderId.localeCompare(b.orderId))).toEqual([
      { idempotencyKey: "ord_7f3a91", orderId: "ord_7f3a91" },
      { idempotencyKey: "ord_7f3a92", orderId: "ord_7f3a92" },
    ]);
    const fulfilled = logs.filter((line) => line.message === "order fulfilled");
    expect(fulfilled.map((line) => line.messageId).sort()).toEqual([event.Records[0]!.messageId, event.Records[1]!.messageId].sort());
    const failed = logs.filter((line) => line.message === "record failed, SQS will redeliver it");
    expect(failed.map((line) => line.messageId)).toEqual([event.Records[2]!.messageId]);
    // Powertools Logger adds the Lambda request id to every line.
    expect(fulfilled.every((line) => typeof line.function_request_id === "string")).toBe(true);
  });

  it("ships an order once, even when SQS delivers it again or the producer sent it twice", async () => {
    const event = batch();
    await captureLogs(() => handler(event, lambdaContext("orders-worker")));
    const again = batch();
    again.Records[0]!.messageId = "a-new-message-for-the-same-order";
    const { result } = await captureLogs(() => handler(again, lambdaContext("orders-worker")));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([again.Records[2]!.messageId]);
    expect(fulfilment.requests.map((r) => r.orderId).sort()).toEqual(["ord_7f3a91", "ord_7f3a92"]);
    expect(dynamo.items.size).toBe(2);
  });

  it("reports every record when the fulfilment service fails, and ships them on redelivery", async () => {
    fulfilment.mode = "error";
    const event = batch();
    const { result, logs } = await captureLogs(() => handler(event, lambdaContext("orders-worker")));
    expect(result.batchItemFailures).toHaveLength(3);
    expect(logs.filter((line) => line.level === "ERROR" && JSON.stringify(line.error).includes("answered 503")).map((line) => line.messageId).sort()).toEqual(
      [event.Records[0]!.messageId, event.Records[1]!.messageId].sort(),
    );
    // A failed attempt leaves no idempotency record behind, so the retry does the work.
    fulfilment.mode = "ok";
    const retry = await captureLogs(() => handler(batch(), lambdaContext("orders-worker")));
    expect(retry.result.batchItemFailures).toHaveLength(1);
    expect(fulfilment.requests.filter((r) => r.orderId === "ord_7f3a91")).toHaveLength(2);
  });

  it("gives up on a hung fulfilment service after FULFILMENT_TIMEOUT_MS", async () => {
    fulfilment.mode = "hang";
    const started = Date.now();
    const { result } = await captureLogs(() => handler(batch(), lambdaContext("orders-worker")));
    expect(result.batchItemFailures).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
