import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { requestShipment, type Fulfilment } from "../lib/fulfilment.js";
import { parseOrder } from "../lib/orders.js";

// Created once per execution environment and reused by every invocation it serves.
const logger = new Logger({ serviceName: "{{name}}" });
const processor = new BatchProcessor(EventType.SQS);
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE ?? "" });
// Keyed on the order, not the message: a producer that sends the same order twice ships it once.
// Completed keys are kept 24 h, longer than the queue can redeliver a message.
const idempotency = new IdempotencyConfig({ eventKeyJmesPath: "powertools_json(body).orderId", expiresAfterSeconds: 24 * 3600 });
const FULFILMENT_TIMEOUT_MS = Number(process.env.FULFILMENT_TIMEOUT_MS ?? 5000);

async function fulfil(record: SQSRecord): Promise<Fulfilment> {
  // Records are processed concurrently, so the message id goes on each line rather than on the shared logger.
  const { messageId } = record;
  try {
    // A malformed order throws here and is reported as failed: after maxReceiveCount it lands in the DLQ to inspect.
    const order = parseOrder(record.body);
    const fulfilment = await requestShipment(order, process.env.FULFILMENT_URL ?? "", FULFILMENT_TIMEOUT_MS);
    logger.info("order fulfilled", { messageId, orderId: order.orderId, shipmentId: fulfilment.shipmentId });
    return fulfilment;
  } catch (error) {
    logger.error("record failed, SQS will redeliver it", { messageId, error: error as Error });
    throw error;
  }
}

const fulfilOnce = makeIdempotent(fulfil, { persistenceStore, config: idempotency });

/**
 * SQS consumer with partial batch failures: only the records that failed are reported
 * (batchItemFailures), so the others are not redelivered, and one bad order cannot block the batch.
 */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  idempotency.registerLambdaContext(context);
  return processPartialResponse(event, fulfilOnce, processor, { context, throwOnFullBatchFailure: false });
}
