import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseQueuedOrder } from "../src/lib/orders.js";
import { type FakeSqs, startFakeSqs } from "./support/fake-sqs.js";
import { captureLogs, lambdaContext, loadEvent } from "./support/lambda.js";

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

let sqs: FakeSqs;
let handler: Handler;

beforeAll(async () => {
  sqs = await startFakeSqs();
  process.env.AWS_ENDPOINT_URL_SQS = sqs.endpoint;
  process.env.ORDERS_QUEUE_URL = sqs.queueUrl;
  // Imported after the environment is set, as Lambda loads the module in a configured environment.
  ({ handler } = await import("../src/handlers/api.js"));
});

afterEach(() => {
  sqs.sent.length = 0;
  sqs.failWith(undefined);
});

afterAll(() => sqs.close());

function invoke(event: APIGatewayProxyEventV2) {
  return handler(event, lambdaContext("api"));
}

function bodyOf(response: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  expect(response.headers?.["content-type"]).toMatch(/^application\/json/);
  return JSON.parse(response.body ?? "") as Record<string, unknown>;
}

describe("GET /health", () => {
  it("answers 200 without touching SQS", async () => {
    const response = await invoke(loadEvent("api-get-health"));
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ status: "ok" });
    expect(sqs.sent).toHaveLength(0);
  });
});

describe("POST /orders", () => {
  it("queues a valid order and answers 202 with its id", async () => {
    const event = loadEvent<APIGatewayProxyEventV2>("api-post-order");
    const response = await invoke(event);

    expect(response.statusCode).toBe(202);
    const body = bodyOf(response);
    expect(body.status).toBe("queued");
    expect(body.orderId).toMatch(/^[0-9a-f-]{36}$/);

    expect(sqs.sent).toHaveLength(1);
    expect(sqs.sent[0]?.queueUrl).toBe(sqs.queueUrl);
    const message = JSON.parse(sqs.sent[0]?.body ?? "") as Record<string, unknown>;
    expect(message).toMatchObject({ ...JSON.parse(event.body ?? ""), orderId: body.orderId });
    // What the API sends must be what the worker accepts.
    expect(parseQueuedOrder(message).ok).toBe(true);
  });

  it("decodes a base64 body", async () => {
    const response = await invoke(loadEvent("api-post-order-base64"));
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(sqs.sent[0]?.body ?? "")).toMatchObject({ customerId: "cust_7" });
  });

  it("answers 422 with every problem and queues nothing for an invalid order", async () => {
    const response = await invoke(loadEvent("api-post-order-invalid"));
    expect(response.statusCode).toBe(422);
    const body = bodyOf(response);
    expect(body.error).toBe("Invalid order");
    expect(body.details).toEqual([expect.stringMatching(/^customerId:/), expect.stringMatching(/^items\[0\]\.quantity:/)]);
    expect(sqs.sent).toHaveLength(0);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await invoke(loadEvent("api-post-order-malformed"));
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error).toBe("Body is not valid JSON");
    expect(sqs.sent).toHaveLength(0);
  });

  it("answers 415 when the body is not declared as JSON", async () => {
    const event = loadEvent<APIGatewayProxyEventV2>("api-post-order");
    event.headers["content-type"] = "text/plain";
    expect((await invoke(event)).statusCode).toBe(415);
  });

  it("answers 500 and logs the SQS error with the request id when the queue rejects the message", async () => {
    sqs.failWith("QueueDoesNotExist");
    const context = lambdaContext("api");
    const { result, logs } = await captureLogs(() => handler(loadEvent("api-post-order"), context));

    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ error: "Internal error", requestId: context.awsRequestId });
    const failure = logs.find((line) => line.message === "request failed");
    expect(failure).toMatchObject({ level: "ERROR", requestId: context.awsRequestId, route: "POST /orders" });
    expect(failure?.error).toMatchObject({ name: "QueueDoesNotExist" });
  });
});

describe("logging", () => {
  it("writes one JSON line per event carrying the Lambda and API Gateway request ids", async () => {
    const event = loadEvent<APIGatewayProxyEventV2>("api-post-order");
    const context = lambdaContext("api");
    const { logs } = await captureLogs(() => handler(event, context));

    const queued = logs.find((line) => line.message === "order queued");
    expect(queued).toMatchObject({
      level: "INFO",
      requestId: context.awsRequestId,
      apiRequestId: event.requestContext.requestId,
      items: 2,
    });
    expect(logs.every((line) => line.requestId === context.awsRequestId)).toBe(true);
  });
});

it("a queued order round-trips through the worker's SQS event shape", async () => {
  await invoke(loadEvent("api-post-order"));
  const batch = loadEvent<SQSEvent>("orders-worker-batch");
  const record = { ...batch.Records[0]!, body: sqs.sent[0]?.body ?? "" };
  const { handler: worker } = await import("../src/handlers/orders-worker.js");
  const result = await worker({ Records: [record] }, lambdaContext("orders-worker"));
  expect(result.batchItemFailures).toEqual([]);
});
