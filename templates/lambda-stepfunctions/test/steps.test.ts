import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PlanJobInput } from "../src/handlers/plan-job.js";
import type { SummarizeJobInput } from "../src/handlers/summarize-job.js";
import type { BatchInput } from "../src/lib/job.js";
import { startFakeBilling, type FakeBilling } from "./support/fake-billing.js";
import { captureLogs, lambdaContext, loadEvent } from "./support/lambda.js";

let billing: FakeBilling;
let planJob: typeof import("../src/handlers/plan-job.js").handler;
let processBatch: typeof import("../src/handlers/process-batch.js").handler;
let summarizeJob: typeof import("../src/handlers/summarize-job.js").handler;

beforeAll(async () => {
  billing = await startFakeBilling();
  // The handlers read these when their modules load, as Lambda would at cold start.
  process.env.BILLING_API_URL = billing.url;
  process.env.BILLING_TIMEOUT_MS = "300";
  process.env.BATCH_SIZE = "200";
  ({ handler: planJob } = await import("../src/handlers/plan-job.js"));
  ({ handler: processBatch } = await import("../src/handlers/process-batch.js"));
  ({ handler: summarizeJob } = await import("../src/handlers/summarize-job.js"));
});

afterAll(() => billing?.close());

beforeEach(() => {
  billing.customers = 450;
  billing.runs.length = 0;
  billing.mode = "ok";
});

/** The error a step throws, which Step Functions matches by its name in Retry and Catch. */
async function stepError(run: () => Promise<unknown>): Promise<Error> {
  const outcome = await captureLogs(run).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  if (!outcome) throw new Error("the step did not fail");
  return outcome;
}

describe("plan-job", () => {
  it("slices the month's customers into batches for the Map", async () => {
    const { result, logs } = await captureLogs(() => planJob(loadEvent<PlanJobInput>("plan-job"), lambdaContext("plan-job")));
    expect(result).toEqual({
      jobId: "statements-2026-11",
      month: "2026-11",
      customers: 450,
      batches: [
        { batchId: "b0000", offset: 0, limit: 200 },
        { batchId: "b0001", offset: 200, limit: 200 },
        { batchId: "b0002", offset: 400, limit: 50 },
      ],
    });
    expect(logs.find((line) => line.message === "job planned")).toMatchObject({ jobId: "statements-2026-11", batches: 3, function_request_id: expect.any(String) });
  });

  it("bills the month before the execution started when the schedule gives no month", async () => {
    const event: PlanJobInput = { request: {}, jobId: "scheduled", startedAt: "2027-01-01T03:00:00.000Z" };
    const { result } = await captureLogs(() => planJob(event, lambdaContext("plan-job")));
    expect(result.month).toBe("2026-12");
  });

  it("refuses a malformed month with InvalidJob, which the state machine does not retry", async () => {
    const error = await stepError(() => planJob({ ...loadEvent<PlanJobInput>("plan-job"), request: { month: "November" } }, lambdaContext("plan-job")));
    expect(error.name).toBe("InvalidJob");
    expect(error.message).toContain("month: expected YYYY-MM");
  });

  it("refuses more batches than an inline Map holds", async () => {
    billing.customers = 200_001;
    const error = await stepError(() => planJob(loadEvent<PlanJobInput>("plan-job"), lambdaContext("plan-job")));
    expect(error.name).toBe("InvalidJob");
    expect(error.message).toContain("distributed Map");
  });

  it("fails with BillingUnavailable, which the state machine retries, when billing is down", async () => {
    billing.mode = "unavailable";
    expect((await stepError(() => planJob(loadEvent<PlanJobInput>("plan-job"), lambdaContext("plan-job")))).name).toBe("BillingUnavailable");
  });
});

describe("process-batch", () => {
  it("writes one batch's statements under a key that a retry or a second run reuses", async () => {
    const { result, logs } = await captureLogs(() => processBatch(loadEvent<BatchInput>("process-batch"), lambdaContext("process-batch")));
    expect(result).toEqual({ batchId: "b0000", statements: 200 });
    expect(billing.runs).toEqual([{ idempotencyKey: "statements/2026-11/b0000", month: "2026-11", offset: 0, limit: 200 }]);
    expect(logs.find((line) => line.message === "batch done")).toMatchObject({ jobId: "statements-2026-11", batchId: "b0000", statements: 200 });
  });

  it.each([
    ["unavailable", "BillingUnavailable"],
    ["refuse", "BatchRejected"],
  ] as const)("names the error for the state machine when billing answers %s: %s", async (mode, name) => {
    billing.mode = mode;
    const error = await stepError(() => processBatch(loadEvent<BatchInput>("process-batch"), lambdaContext("process-batch")));
    expect(error.name).toBe(name);
  });

  it("gives up on a hung billing service after half the time left, with a retryable error", async () => {
    billing.mode = "hang";
    const started = Date.now();
    const error = await stepError(() => processBatch(loadEvent<BatchInput>("process-batch"), lambdaContext("process-batch", 2_000)));
    expect(error.name).toBe("BillingUnavailable");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(1_900);
  });
});

describe("summarize-job", () => {
  it("totals the batches and lists the failed ones, which sends the execution to SomeBatchesFailed", async () => {
    const { result, logs } = await captureLogs(() => summarizeJob(loadEvent<SummarizeJobInput>("summarize-job"), lambdaContext("summarize-job")));
    expect(result).toMatchObject({ jobId: "statements-2026-11", month: "2026-11", batches: 3, statements: 400 });
    expect(result.failedBatches).toEqual([{ batchId: "b0002", error: "BatchRejected", cause: expect.stringContaining("is locked") }]);
    expect(logs.some((line) => line.level === "ERROR" && line.message === "job finished with failed batches")).toBe(true);
  });

  it("leaves failedBatches out when every batch succeeded, which the Choice reads as done", async () => {
    const event = loadEvent<SummarizeJobInput>("summarize-job");
    event.results = event.results.filter((result) => !("failed" in result));
    const { result } = await captureLogs(() => summarizeJob(event, lambdaContext("summarize-job")));
    expect(result).toEqual({ jobId: "statements-2026-11", month: "2026-11", batches: 2, statements: 400 });
  });
});
