import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context, EventBridgeEvent } from "aws-lambda";
import { issueInvoice, type Invoice } from "../lib/invoicing.js";
import { parseOrderPlaced, type OrderPlaced } from "../lib/order-placed.js";

/** What the rule in template.yaml matches: source "shop.orders", detail-type "Order Placed". */
export type OrderPlacedEvent = EventBridgeEvent<"Order Placed", OrderPlaced>;

// Created once per execution environment and reused by every invocation it serves.
const logger = new Logger({ serviceName: "{{name}}" });
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE ?? "" });
// Keyed on the event id: EventBridge delivers at least once, and its retries and Lambda's carry the same id.
// Completed keys are kept 24 h, longer than the two retry windows in template.yaml (1 h each) put together.
const idempotency = new IdempotencyConfig({ eventKeyJmesPath: "id", expiresAfterSeconds: 24 * 3600 });
const INVOICING_TIMEOUT_MS = Number(process.env.INVOICING_TIMEOUT_MS ?? 5000);

const invoiceOnce = makeIdempotent(
  (event: OrderPlacedEvent): Promise<Invoice> => issueInvoice(event.detail, event.id, process.env.INVOICING_URL ?? "", INVOICING_TIMEOUT_MS),
  { persistenceStore, config: idempotency },
);

/**
 * Target of the EventBridge rule. EventBridge invokes it asynchronously: a thrown error makes Lambda
 * retry (MaximumRetryAttempts) and then send the event to the failed-events queue; the return value
 * is only for `npm run invoke` and the tests.
 */
export async function handler(event: EventBridgeEvent<"Order Placed", unknown>, context: Context): Promise<Invoice> {
  logger.addContext(context);
  logger.appendKeys({ eventId: event.id });
  idempotency.registerLambdaContext(context);
  try {
    // A detail that does not match the schema throws here: after the retries it lands in the failed-events queue.
    const detail = parseOrderPlaced(event.detail);
    logger.appendKeys({ orderId: detail.orderId });
    const invoice = await invoiceOnce({ ...event, detail });
    logger.info("invoice issued", { invoiceId: invoice.invoiceId });
    return invoice;
  } catch (error) {
    logger.error("event failed, Lambda will retry it", { error: error as Error });
    throw error;
  } finally {
    logger.resetKeys();
  }
}
