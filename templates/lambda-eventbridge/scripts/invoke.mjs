// Runs a built function locally with a sample event, as Lambda would:
// `npm run invoke -- order-placed events/order-placed.json`. Reads .env when present.
// For the real runtime image use `sam local invoke` (needs Docker).
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

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
if (process.env.INVOICING_URL === "local") await localInvoicing();

const timeoutMs = 10_000;
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

const { handler } = await import(pathToFileURL(bundle).href);
const event = JSON.parse(readFileSync(eventFile, "utf8"));
const result = await handler(event, context);
console.log(JSON.stringify(result, null, 2));

/** INVOICING_URL=local: a stand-in invoicing service in this process that prints each request. */
async function localInvoicing() {
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    console.error(`[local invoicing] invoice order ${body.orderId}, ${body.totalCents} ${body.currency} cents (idempotency-key ${request.headers["idempotency-key"]})`);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ invoiceId: `inv_local_${body.orderId}` }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  process.env.INVOICING_URL = `http://127.0.0.1:${server.address().port}/invoices`;
}
