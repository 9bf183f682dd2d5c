// Runs a built function locally with a sample event, as Lambda would: `npm run invoke -- api events/api-get-health.json`.
// Reads .env when present. For the real runtime image use `sam local invoke` (needs Docker).
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
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
if (process.env.ORDERS_QUEUE_URL === "local") await localQueue();

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

/**
 * ORDERS_QUEUE_URL=local: a stand-in for SQS's SendMessage in this process, reached through the SDK's
 * standard AWS_ENDPOINT_URL_SQS, so the real client code runs and each message is printed, not sent.
 */
async function localQueue() {
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    const body = input.MessageBody ?? "";
    console.error(`[local queue] SendMessage to ${input.QueueUrl}: ${body}`);
    response.setHeader("content-type", "application/x-amz-json-1.0");
    response.end(JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: createHash("md5").update(body).digest("hex") }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  process.env.AWS_ENDPOINT_URL_SQS = endpoint;
  process.env.ORDERS_QUEUE_URL = `${endpoint}/000000000000/orders-local`;
  // The SDK signs every request; the stand-in does not check the signature.
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
}
