import type { LambdaFunctionURLEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installAwsLambda, invokeStreaming } from "../scripts/awslambda-local.mjs";
import { startFakeOrdersApi, type FakeOrdersApi } from "./support/fake-orders-api.js";
import { captureLogs, lambdaContext, loadEvent } from "./support/lambda.js";

let api: FakeOrdersApi;
let handler: typeof import("../src/handlers/export.js").handler;

beforeAll(async () => {
  api = await startFakeOrdersApi();
  // The handler reads these when its module loads, as Lambda would at cold start; `awslambda` must exist by then.
  process.env.ORDERS_API_URL = api.url;
  // Long enough for a loaded CI machine to serve a local page, short enough for the hung-page test.
  process.env.PAGE_TIMEOUT_MS = "1000";
  installAwsLambda();
  ({ handler } = await import("../src/handlers/export.js"));
});

afterAll(() => api?.close());

beforeEach(() => api.reset());

const event = (query?: Record<string, string>): LambdaFunctionURLEvent => {
  const sample = loadEvent<LambdaFunctionURLEvent>("export-get");
  if (query) {
    sample.queryStringParameters = query;
    sample.rawQueryString = new URLSearchParams(query).toString();
  }
  return sample;
};
const lines = (body: string) => body.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
const invoke = (e: LambdaFunctionURLEvent, timeoutMs = 10_000, onChunk?: (text: string) => void) =>
  captureLogs(() => invokeStreaming(handler, e, lambdaContext("export", timeoutMs), onChunk));

describe("export", () => {
  it("streams each page as it arrives: the first lines are out before the next page is served", async () => {
    api.hold(1);
    const seen: string[] = [];
    const { result: stream, logs } = await invoke(event(), 10_000, (text) => {
      seen.push(text);
      // Page 2 is held until the first chunk has reached the client: a buffered response would never get here.
      if (seen.length === 1) api.release();
    });
    expect(stream.metadata).toEqual({ statusCode: 200, headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" }, cookies: [] });
    expect(stream.chunks.map((chunk) => lines(chunk.text).length)).toEqual([4, 4, 4, 1]);
    const all = lines(stream.body);
    expect(all.slice(0, 12).map((line) => line.orderId)).toEqual(Array.from({ length: 12 }, (_, i) => `ord_${i + 1}`));
    expect(all.at(-1)).toEqual({ done: true, count: 12 });
    expect(api.requests).toEqual([null, "1", "2"]);
    expect(logs.find((line) => line.message === "export streamed")).toMatchObject({ since: "2026-11-01", function_request_id: expect.any(String) });
  });

  it("answers 400 without calling the API when ?since is missing or not a date", async () => {
    for (const query of [{}, { since: "last week" }] as Array<Record<string, string>>) {
      const { result: stream } = await invoke(event(query));
      expect(stream.metadata?.statusCode).toBe(400);
      expect(JSON.parse(stream.body)).toEqual({ error: expect.stringContaining("since: a date") });
    }
    expect(api.requests).toEqual([]);
  });

  it("answers 502 when the API fails before anything was sent", async () => {
    api.laterPages = "error";
    // Resuming at page 2: the first request the handler makes is the one that fails.
    const { result: stream, logs } = await invoke(event({ since: "2026-11-01", cursor: "1" }));
    expect(stream.metadata?.statusCode).toBe(502);
    expect(JSON.parse(stream.body)).toEqual({ error: "the orders API is unavailable, try again later" });
    expect(logs.some((line) => line.level === "ERROR" && line.message === "orders API unavailable")).toBe(true);
  });

  it("ends with a cursor to resume from when the API fails midway (the 200 is already sent)", async () => {
    api.laterPages = "error";
    const { result: stream } = await invoke(event());
    expect(stream.metadata?.statusCode).toBe(200);
    expect(lines(stream.body).at(-1)).toEqual({ done: false, count: 4, next: "1", reason: "the orders API answered 503" });
  });

  it("stops paging before the function times out, and the cursor resumes where it stopped", async () => {
    // 3.2 s left: under the 3 s margin plus one 1 s page request, so no second page is asked for.
    const { result: first } = await invoke(event(), 3_200);
    const stopped = lines(first.body).at(-1);
    expect(stopped).toEqual({ done: false, count: 4, next: "1", reason: "the function is close to its timeout" });
    const { result: rest } = await invoke(event({ since: "2026-11-01", cursor: String(stopped?.next) }));
    expect(lines(rest.body).slice(0, -1).map((line) => line.orderId)).toEqual(Array.from({ length: 8 }, (_, i) => `ord_${i + 5}`));
    expect(lines(rest.body).at(-1)).toEqual({ done: true, count: 8 });
  });

  it("gives up on a hung page after PAGE_TIMEOUT_MS and says so in the stream", async () => {
    api.laterPages = "hang";
    const started = Date.now();
    const { result: stream } = await invoke(event());
    expect(lines(stream.body).at(-1)).toMatchObject({ done: false, count: 4, next: "1" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
