import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type Logger, logger } from "../lib/logger.js";
import { parseQueuedOrder } from "../lib/orders.js";

/**
 * Reports only the messages that failed (the event source sets ReportBatchItemFailures), so SQS
 * redelivers those alone and, after maxReceiveCount attempts, moves them to the dead-letter queue.
 */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const log = logger.child({ requestId: context.awsRequestId });
  const batchItemFailures: SQSBatchItemFailure[] = [];

  for (const record of event.Records) {
    const recordLog = log.child({ messageId: record.messageId, receiveCount: Number(record.attributes.ApproximateReceiveCount) });
    try {
      await processRecord(record, recordLog);
    } catch (error) {
      recordLog.error("message failed", { error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }

  log.info("batch done", { received: event.Records.length, failed: batchItemFailures.length });
  return { batchItemFailures };
}

async function processRecord(record: SQSRecord, log: Logger): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error("Message body is not JSON");
  }
  const order = parseQueuedOrder(body);
  if (!order.ok) throw new Error(`Invalid order: ${order.errors.join("; ")}`);

  // Real work goes here: charge, reserve stock, write to DynamoDB... Keep it idempotent on orderId,
  // because SQS delivers at least once.
  const units = order.value.items.reduce((sum, item) => sum + item.quantity, 0);
  log.info("order processed", { orderId: order.value.orderId, customerId: order.value.customerId, units });
}
