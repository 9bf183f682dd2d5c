/** One slice of the customers, processed by one ProcessBatch invocation. */
export interface Batch {
  batchId: string;
  offset: number;
  limit: number;
}

/** PlanJob's output, the state the Map iterates over. */
export interface JobPlan {
  jobId: string;
  month: string;
  customers: number;
  batches: Batch[];
}

/** What the Map's ItemSelector passes to each ProcessBatch invocation (statemachine/statements.asl.json). */
export interface BatchInput {
  jobId: string;
  month: string;
  batch: Batch;
}

/** A Map iteration's result: ProcessBatch's output, or the BatchFailed state's after the retries gave up. */
export type BatchResult = { batchId: string; statements: number } | { batchId: string; failed: true; error: string; cause: string };

/**
 * The most batches one execution plans. The Map's results travel in the execution's state, which is
 * capped at 256 KiB, and an inline Map's iterations count towards the 25,000 history events of an
 * execution (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html, 2026-12-05).
 * Past this, switch the Map to Mode DISTRIBUTED, which keeps each iteration in a child execution.
 */
export const MAX_BATCHES = 1000;

/** The month to bill: the one asked for ("2026-11"), or the month before the execution started. */
export function jobMonth(requested: unknown, startedAt: string): string {
  if (requested !== undefined) {
    if (typeof requested !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(requested)) {
      throw new InvalidJobError(`month: expected YYYY-MM such as 2026-11, got ${JSON.stringify(requested)}`);
    }
    return requested;
  }
  const started = new Date(startedAt);
  if (Number.isNaN(started.getTime())) throw new InvalidJobError(`startedAt: not a date: ${JSON.stringify(startedAt)}`);
  const previous = new Date(Date.UTC(started.getUTCFullYear(), started.getUTCMonth() - 1, 1));
  return previous.toISOString().slice(0, 7);
}

/** Slices `customers` into batches of `batchSize`, each small enough for one short invocation. */
export function planBatches(customers: number, batchSize: number): Batch[] {
  const count = Math.ceil(customers / batchSize);
  if (count > MAX_BATCHES) {
    throw new InvalidJobError(`${customers} customers make ${count} batches of ${batchSize}, more than the ${MAX_BATCHES} an inline Map holds: raise BATCH_SIZE or use a distributed Map`);
  }
  return Array.from({ length: count }, (_, i) => ({
    batchId: `b${String(i).padStart(4, "0")}`,
    offset: i * batchSize,
    limit: Math.min(batchSize, customers - i * batchSize),
  }));
}

/** A job that cannot run as asked; retrying does not help (the state machine does not retry it). */
export class InvalidJobError extends Error {
  override name = "InvalidJob";
}
