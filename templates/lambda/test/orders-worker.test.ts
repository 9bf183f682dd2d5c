import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { handler } from "../src/handlers/orders-worker.js";
import { captureLogs, lambdaContext, loadEvent } from "./support/lambda.js";

// The batch in events/ holds two good orders and one truncated (poison) message.
const POISON_ID = "c80e8021-a70a-42c7-a470-796e1186f753";

describe("orders worker", () => {
  it("reports exactly the poison message as a batch item failure", async () => {
    const event = loadEvent<SQSEvent>("orders-worker-batch");
    expect(event.Records.map((record) => record.messageId)).toContain(POISON_ID);

    const result = await handler(event, lambdaContext("orders-worker"));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: POISON_ID }] });
  });

  it("reports nothing when every message is processed", async () => {
    const event = loadEvent<SQSEvent>("orders-worker-batch");
    const good = event.Records.filter((record) => record.messageId !== POISON_ID);
    expect(await handler({ Records: good }, lambdaContext("orders-worker"))).toEqual({ batchItemFailures: [] });
  });

  it("fails a message that is JSON but not a valid order, and logs why with the ids", async () => {
    const event = loadEvent<SQSEvent>("orders-worker-batch");
    const template = event.Records[0] as SQSRecord;
    const invalid: SQSRecord = { ...template, messageId: "7d0f8a4e-0c4f-4f7e-8f57-3c2b1a09e8d7", body: JSON.stringify({ customerId: "cust_1" }) };
    const context = lambdaContext("orders-worker");

    const { result, logs } = await captureLogs(() => handler({ Records: [template, invalid] }, context));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: invalid.messageId }]);
    const failure = logs.find((line) => line.message === "message failed");
    expect(failure).toMatchObject({ level: "ERROR", requestId: context.awsRequestId, messageId: invalid.messageId });
    expect(JSON.stringify(failure?.error)).toContain("items: expected an array");
    expect(logs.find((line) => line.message === "batch done")).toMatchObject({ received: 2, failed: 1 });
  });
});
