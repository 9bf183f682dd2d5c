import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { countCustomers } from "../lib/billing.js";
import { jobMonth, planBatches, type JobPlan } from "../lib/job.js";

/** What the PlanJob state passes (its Parameters in statemachine/statements.asl.json). */
export interface PlanJobInput {
  /** The execution's input: `{}` from the schedule, or `{ "month": "2026-11" }` when started by hand. */
  request: { month?: unknown };
  jobId: string;
  startedAt: string;
}

// Created once per execution environment and reused by every invocation it serves.
const logger = new Logger({ serviceName: "{{name}}" });
const BILLING_API_URL = process.env.BILLING_API_URL ?? "";
const BILLING_TIMEOUT_MS = Number(process.env.BILLING_TIMEOUT_MS ?? 10_000);
const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? 200);

/** First step: which month, how many customers, and the batches the Map fans out over. */
export async function handler(event: PlanJobInput, context: Context): Promise<JobPlan> {
  logger.addContext(context);
  const month = jobMonth(event.request?.month, event.startedAt);
  const customers = await countCustomers(BILLING_API_URL, month, BILLING_TIMEOUT_MS);
  const batches = planBatches(customers, BATCH_SIZE);
  logger.info("job planned", { jobId: event.jobId, month, customers, batches: batches.length });
  return { jobId: event.jobId, month, customers, batches };
}
