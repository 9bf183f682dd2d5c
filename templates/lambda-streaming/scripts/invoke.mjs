// Runs the built streaming function locally with a sample function URL event, as Lambda would, and
// prints the body as it streams: `npm run invoke -- export events/export-get.json`. The status and
// headers go to stderr, the body to stdout. Reads .env when present. `awslambda` exists only inside
// Lambda, so scripts/awslambda-local.mjs stands in for it (sam local does not stream either).
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installAwsLambda, invokeStreaming } from "./awslambda-local.mjs";

const [name, eventFile] = process.argv.slice(2);
if (!name || !eventFile) {
  console.error("Usage: npm run invoke -- <function> <event.json>   (functions: the folders in dist/, after npm run build)");
  process.exit(2);
}
const bundle = path.resolve("dist", name, `${name}.mjs`);
if (!existsSync(bundle)) {
  console.error(`${path.relative(process.cwd(), bundle)} does not exist: run npm run build first.`);
  process.exit(2);
}

if (existsSync(".env")) process.loadEnvFile(".env");
if (process.env.ORDERS_API_URL === "local") await localOrdersApi();

// The function's Timeout in template.yaml (60 s unless create was given --timeout); LAMBDA_TIMEOUT_MS overrides it here.
const timeoutMs = Number(process.env.LAMBDA_TIMEOUT_MS ?? 60_000);
const deadline = Date.now() + timeoutMs;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: name,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION ?? "eu-west-1"}:123456789012:function:${name}`,
  memoryLimitInMB: "512",
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${name}`,
  logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll("-", "/")}/[$LATEST]${randomUUID().replaceAll("-", "")}`,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
};

installAwsLambda();
const { handler } = await import(pathToFileURL(bundle).href);
const event = JSON.parse(readFileSync(eventFile, "utf8"));
let headersShown = false;
const stream = await invokeStreaming(handler, event, context, (text, streaming) => {
  if (!headersShown) showHeaders(streaming);
  process.stdout.write(text);
});
if (!headersShown) showHeaders(stream);
console.error(`[invoke] ${stream.chunks.length} chunks, the first after ${stream.chunks[0]?.ms ?? "-"} ms, the last after ${stream.chunks.at(-1)?.ms ?? "-"} ms`);

/** Without HttpResponseStream.from, a function URL answers 200 with the stream's content type. */
function showHeaders(streaming) {
  headersShown = true;
  const { statusCode, headers } = streaming.metadata ?? { statusCode: 200, headers: { "content-type": streaming.contentType } };
  console.error(`[invoke] HTTP ${statusCode} ${JSON.stringify(headers)}`);
}

/** ORDERS_API_URL=local: a stand-in orders API in this process, three pages of four orders, 300 ms each. */
async function localOrdersApi() {
  const pages = 3;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const page = Number(url.searchParams.get("cursor") ?? 0);
    console.error(`[local orders API] page ${page + 1} of ${pages} (since ${url.searchParams.get("since")})`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const orders = Array.from({ length: 4 }, (_, i) => {
      const n = page * 4 + i + 1;
      return { orderId: `ord_${String(n).padStart(4, "0")}`, customerId: `cust_${1000 + (n % 7)}`, status: "shipped", totalCents: 1000 + n * 137, placedAt: `2026-11-${String(1 + n).padStart(2, "0")}T10:00:00Z` };
    });
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ orders, nextCursor: page + 1 < pages ? String(page + 1) : null }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  process.env.ORDERS_API_URL = `http://127.0.0.1:${server.address().port}/orders`;
}
