import type { Batch } from "./job.js";

/**
 * The billing service's error names are what the state machine's Retry and Catch match on: Step
 * Functions reads a Lambda error's `name` as its error type
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html, 2026-12-05).
 */
export class BillingUnavailableError extends Error {
  override name = "BillingUnavailable";
}

export class BatchRejectedError extends Error {
  override name = "BatchRejected";
}

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    // Unreachable or slower than the cap: worth retrying.
    throw new BillingUnavailableError(`the billing service did not answer: ${(error as Error).message}`);
  }
  if (response.status >= 500 || response.status === 429) throw new BillingUnavailableError(`the billing service answered ${response.status}`);
  if (!response.ok) throw new BatchRejectedError(`the billing service refused the request (${response.status}): ${await response.text()}`);
  return response.json();
}

/** How many customers to bill for `month`. */
export async function countCustomers(baseUrl: string, month: string, timeoutMs: number): Promise<number> {
  const body = (await call(`${baseUrl}/customers/count?month=${month}`, { headers: { accept: "application/json" } }, timeoutMs)) as { count?: unknown };
  if (!Number.isInteger(body.count) || (body.count as number) < 0) throw new BatchRejectedError("the billing service returned no count");
  return body.count as number;
}

/**
 * Asks the billing service to write the statements of one batch of customers. The key is the month and
 * the batch, not the execution: a retry, or a second execution for the same month, writes nothing twice.
 */
export async function writeStatements(baseUrl: string, month: string, batch: Batch, timeoutMs: number): Promise<number> {
  const body = (await call(
    `${baseUrl}/statement-runs`,
    {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `statements/${month}/${batch.batchId}` },
      body: JSON.stringify({ month, offset: batch.offset, limit: batch.limit }),
    },
    timeoutMs,
  )) as { statements?: unknown };
  if (!Number.isInteger(body.statements)) throw new BatchRejectedError("the billing service returned no statement count");
  return body.statements as number;
}
