// Runs one built step locally with a sample event, as Step Functions would invoke it:
// `npm run invoke -- plan-job events/plan-job.json`. Reads .env when present.
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
if (process.env.BILLING_API_URL === "local") await localBilling();

// Each step's own Timeout in template.yaml is what Lambda allows; LAMBDA_TIMEOUT_MS sets it here (default 30 s).
const timeoutMs = Number(process.env.LAMBDA_TIMEOUT_MS ?? 30_000);
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

/** BILLING_API_URL=local: a stand-in billing service in this process with 450 customers, printing each call. */
async function localBilling() {
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const url = new URL(request.url ?? "/", "http://localhost");
    response.setHeader("content-type", "application/json");
    if (request.method === "GET" && url.pathname === "/customers/count") {
      console.error(`[local billing] count customers for ${url.searchParams.get("month")}: 450`);
      response.end(JSON.stringify({ count: 450 }));
      return;
    }
    if (request.method === "POST" && url.pathname === "/statement-runs") {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      console.error(`[local billing] statements for ${body.month}, customers ${body.offset}-${body.offset + body.limit - 1} (idempotency-key ${request.headers["idempotency-key"]})`);
      response.end(JSON.stringify({ statements: body.limit }));
      return;
    }
    response.statusCode = 404;
    response.end(JSON.stringify({ error: `no ${request.method} ${url.pathname}` }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  process.env.BILLING_API_URL = `http://127.0.0.1:${server.address().port}`;
}
