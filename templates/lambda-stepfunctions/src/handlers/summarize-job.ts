import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import type { BatchResult } from "../lib/job.js";

export interface SummarizeJobInput {
  jobId: string;
  month: string;
  results: BatchResult[];
}

export interface JobSummary {
  jobId: string;
  month: string;
  batches: number;
  statements: number;
  /** Absent when every batch succeeded: the state machine's Choice tests for its first element. */
  failedBatches?: Array<{ batchId: string; error: string; cause: string }>;
}

// Created once per execution environment and reused by every invocation it serves.
const logger = new Logger({ serviceName: "{{name}}" });

/** Last step: totals, and the batches that failed after their retries, to rerun or inspect. */
export async function handler(event: SummarizeJobInput, context: Context): Promise<JobSummary> {
  logger.addContext(context);
  let statements = 0;
  const failedBatches: NonNullable<JobSummary["failedBatches"]> = [];
  for (const result of event.results) {
    if ("failed" in result) failedBatches.push({ batchId: result.batchId, error: result.error, cause: result.cause });
    else statements += result.statements;
  }
  const summary: JobSummary = { jobId: event.jobId, month: event.month, batches: event.results.length, statements };
  if (failedBatches.length > 0) summary.failedBatches = failedBatches;
  if (failedBatches.length > 0) logger.error("job finished with failed batches", { ...summary });
  else logger.info("job finished", { ...summary });
  return summary;
}
