import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { writeStatements } from "../lib/billing.js";
import type { BatchInput } from "../lib/job.js";

// Created once per execution environment and reused by every invocation it serves.
const logger = new Logger({ serviceName: "{{name}}" });
const BILLING_API_URL = process.env.BILLING_API_URL ?? "";

/**
 * One Map iteration: the statements of one batch of customers. Throws BillingUnavailable (retried by
 * the state machine) or BatchRejected (not retried: the Map records the batch as failed and goes on).
 */
export async function handler(event: BatchInput, context: Context): Promise<{ batchId: string; statements: number }> {
  logger.addContext(context);
  logger.appendKeys({ jobId: event.jobId, month: event.month, batchId: event.batch.batchId });
  try {
    // Half the time left (the function's Timeout in template.yaml), so a slow service fails this attempt
    // with BillingUnavailable, which the state machine retries, instead of running the function out.
    const timeoutMs = Math.max(1000, Math.floor(context.getRemainingTimeInMillis() / 2));
    const statements = await writeStatements(BILLING_API_URL, event.month, event.batch, timeoutMs);
    logger.info("batch done", { statements });
    return { batchId: event.batch.batchId, statements };
  } catch (error) {
    logger.error("batch failed", { error: error as Error });
    throw error;
  } finally {
    logger.resetKeys();
  }
}
