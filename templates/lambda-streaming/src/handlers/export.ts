import { Logger } from "@aws-lambda-powertools/logger";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { exportLines, parseExportQuery } from "../lib/export.js";
import { fetchPage, type Page } from "../lib/orders-api.js";

// Created once per execution environment and reused by every invocation it serves.
const logger = new Logger({ serviceName: "{{name}}" });
const ORDERS_API_URL = process.env.ORDERS_API_URL ?? "";
const PAGE_TIMEOUT_MS = Number(process.env.PAGE_TIMEOUT_MS ?? 5000);
// Stop asking for pages this long before the function times out: the stream then ends with a cursor to
// resume from, instead of being cut off mid-line.
const MARGIN_MS = 3000;

/**
 * GET <function URL>?since=2026-11-01 streams the orders placed since then as NDJSON, a page at a time.
 * `awslambda` is the global the Lambda Node.js runtime provides to streaming functions
 * (https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html, 2026-12-05); locally,
 * scripts/awslambda-local.mjs stands in for it.
 */
export const handler = awslambda.streamifyResponse<LambdaFunctionURLEvent>(async (event, responseStream, context) => {
  logger.addContext(context);
  const query = parseExportQuery(event.queryStringParameters);
  if ("error" in query) {
    const body = awslambda.HttpResponseStream.from(responseStream, { statusCode: 400, headers: { "content-type": "application/json" } });
    body.end(JSON.stringify({ error: query.error }));
    return;
  }

  // The first page is fetched before the status is sent, so an API that is down answers 502, not a 200 with an error line.
  let first: Page;
  try {
    first = await fetchPage(ORDERS_API_URL, query.since, query.cursor, PAGE_TIMEOUT_MS);
  } catch (error) {
    logger.error("orders API unavailable", { error: error as Error });
    const body = awslambda.HttpResponseStream.from(responseStream, { statusCode: 502, headers: { "content-type": "application/json" } });
    body.end(JSON.stringify({ error: "the orders API is unavailable, try again later" }));
    return;
  }

  const body = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
  });
  const lines = exportLines(first, {
    ordersApiUrl: ORDERS_API_URL,
    since: query.since,
    cursor: query.cursor,
    pageTimeoutMs: PAGE_TIMEOUT_MS,
    remainingMs: () => context.getRemainingTimeInMillis(),
    marginMs: MARGIN_MS,
  });
  // pipeline waits for the client to read (backpressure) and ends the response when the lines run out.
  await pipeline(Readable.from(lines), body);
  logger.info("export streamed", { since: query.since });
});
