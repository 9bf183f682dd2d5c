import { SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { type HttpResult, json, problem, readJsonBody } from "../lib/http.js";
import { type Logger, logger } from "../lib/logger.js";
import { parseNewOrder, type QueuedOrder } from "../lib/orders.js";

// Created once per execution environment and reused by every invocation it serves.
const sqs = new SQSClient({});

export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<HttpResult> {
  const log = logger.child({
    requestId: context.awsRequestId,
    apiRequestId: event.requestContext.requestId,
    route: event.routeKey,
  });
  try {
    const response = await route(event, log);
    log.info("request handled", { statusCode: response.statusCode });
    return response;
  } catch (error) {
    log.error("request failed", { error });
    // The request id lets a caller's bug report be matched to this log line.
    return json(500, { error: "Internal error", requestId: context.awsRequestId });
  }
}

async function route(event: APIGatewayProxyEventV2, log: Logger): Promise<HttpResult> {
  switch (event.routeKey) {
    case "GET /health":
      return json(200, { status: "ok" });
    case "POST /orders":
      return createOrder(event, log);
    default:
      return problem(404, `No route for ${event.requestContext.http.method} ${event.rawPath}`);
  }
}

async function createOrder(event: APIGatewayProxyEventV2, log: Logger): Promise<HttpResult> {
  const body = readJsonBody(event);
  if (!body.ok) return body.response;
  const parsed = parseNewOrder(body.value);
  if (!parsed.ok) return problem(422, "Invalid order", parsed.errors);

  const queueUrl = process.env.ORDERS_QUEUE_URL;
  if (!queueUrl) throw new Error("ORDERS_QUEUE_URL is not set");

  const order: QueuedOrder = { ...parsed.value, orderId: randomUUID(), createdAt: new Date().toISOString() };
  const sent = await sqs.send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(order) }),
    // The SDK retries throttling and 5xx answers; this caps the whole call well inside the function timeout.
    { abortSignal: AbortSignal.timeout(3000) },
  );
  log.info("order queued", { orderId: order.orderId, messageId: sent.MessageId, items: order.items.length });
  return json(202, { orderId: order.orderId, status: "queued" });
}
