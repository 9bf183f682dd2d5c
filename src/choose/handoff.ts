import { platformDef, type CreateTarget, type Platform } from "../platforms/index.js";

/** What the recommended project has to do; each platform lists the templates that do it, best first. */
export type Need = "api" | "postgres" | "edge-middleware" | "middleware" | "streaming" | "websocket" | "cron" | "queue" | "files" | "durable" | "cpu";

export interface Candidate {
  name: string;
  /** Set on a stand-in: what to change in it to get what the answer describes. */
  change?: string;
}

export interface TemplateWish {
  platform: Platform;
  need: Need;
  candidates: readonly Candidate[];
}

export interface HandOff {
  target: CreateTarget;
  template: string;
  /** The better-fitting templates that this coldstart does not have (yet). */
  skipped: string[];
  change?: string;
}

/**
 * The hand-off table. A name without `change` is a template made for the need; it may not exist yet
 * (templates are being added), so each list ends with one that exists today and says what to change.
 * Names that do not exist are skipped at hand-off time, never an error.
 */
const TABLE: Record<CreateTarget, Partial<Record<Need, readonly Candidate[]>>> = {
  workers: {
    api: [{ name: "workers" }],
    postgres: [{ name: "workers-hyperdrive" }, { name: "workers", change: "bind a Hyperdrive config in wrangler.jsonc and connect with pg to env.HYPERDRIVE.connectionString, one client per request" }],
    "edge-middleware": [{ name: "workers", change: "route the Worker in front of your origin and forward what passes with fetch(request)" }],
    middleware: [{ name: "workers", change: "route the Worker in front of your origin and forward what passes with fetch(request)" }],
    streaming: [
      { name: "workers-streaming" },
      { name: "workers", change: "return the upstream body as a ReadableStream (or pipe it through a TransformStream) instead of buffering JSON" },
    ],
    websocket: [
      { name: "workers-durable-object" },
      { name: "workers", change: "add a Durable Object class that accepts WebSockets with ctx.acceptWebSocket() (the Hibernation API), bind it in wrangler.jsonc with a migration, and forward upgrade requests to it" },
    ],
    cron: [{ name: "workers-cron" }],
    queue: [{ name: "workers-queue" }],
    files: [{ name: "workers-queue", change: "send R2 event notifications to the queue and process each object in the consumer" }],
    durable: [
      { name: "workers-workflow" },
      { name: "workers-queue", change: "replace the queue consumer with a Workflow (a WorkflowEntrypoint whose run() uses step.do and step.sleep), bound in wrangler.jsonc" },
    ],
    cpu: [{ name: "workers-queue", change: "do the CPU work in the consumer and raise limits.cpu_ms (up to 300,000)" }],
  },
  vercel: {
    api: [{ name: "vercel" }],
    "edge-middleware": [
      { name: "vercel-edge" },
      {
        name: "vercel",
        change:
          "its proxy.ts runs on Node.js (Next.js 16 proxy cannot use the edge runtime): for the edge, keep the checks in middleware.ts (deprecated, but Next.js 16's documented way to stay on the edge runtime) or in route handlers with `export const runtime = \"edge\"`, using Web APIs only",
      },
    ],
    middleware: [{ name: "vercel" }],
    streaming: [{ name: "vercel-streaming" }, { name: "vercel" }],
    cron: [{ name: "vercel-cron" }],
    queue: [{ name: "vercel-workflow" }, { name: "vercel-cron", change: "start the job from a route with the Workflow SDK (or Vercel Queues) instead of the cron schedule" }],
    files: [{ name: "vercel", change: "accept uploads with a client upload to Vercel Blob and process them in a route handler" }],
    durable: [{ name: "vercel-workflow" }, { name: "vercel", change: "install the Workflow SDK (`workflow`) and mark the job \"use workflow\" and each step \"use step\"" }],
    cpu: [{ name: "vercel", change: "raise memory (CPU grows with it) and maxDuration for the CPU-heavy route" }],
  },
  lambda: {
    api: [{ name: "lambda" }],
    "edge-middleware": [{ name: "lambda", change: "Lambda runs in one region; for the edge use CloudFront Functions or Lambda@Edge" }],
    middleware: [{ name: "lambda" }],
    streaming: [{ name: "lambda-streaming" }, { name: "lambda", change: "serve the route from a function URL with InvokeMode RESPONSE_STREAM and wrap the handler in awslambda.streamifyResponse" }],
    websocket: [{ name: "lambda-websocket" }, { name: "lambda", change: "replace the HTTP API with an API Gateway WebSocket API ($connect, $disconnect and $default routes) and keep connection ids in DynamoDB" }],
    cron: [
      { name: "lambda-scheduler" },
      { name: "lambda-eventbridge", change: "replace the function's EventBridgeRule event with an EventBridge Scheduler (ScheduleV2) event, keeping its retry policy and dead-letter queue" },
    ],
    queue: [{ name: "lambda-sqs" }],
    files: [{ name: "lambda-s3" }, { name: "lambda-sqs", change: "send S3 event notifications to the queue (or invoke the function from S3 directly) and read the object in the handler" }],
    durable: [
      { name: "lambda-durable" },
      {
        name: "lambda-stepfunctions",
        change: "it runs the long job as a Step Functions state machine of short Lambda steps; for Lambda durable functions instead, give one function a DurableConfig with an ExecutionTimeout and use the AWS Durable Execution SDK's steps and waits",
      },
    ],
    cpu: [{ name: "lambda-sqs", change: "set MemorySize to 1769 MB or more (one full vCPU; up to 10,240 MB and 6 vCPUs) and the timeout to the longest task" }],
  },
};

export function templateWish(platform: Platform, need: Need): TemplateWish {
  const target = platformDef(platform).createTarget as CreateTarget;
  return { platform, need, candidates: TABLE[target][need] ?? [{ name: target }] };
}

/**
 * The first candidate that exists in `available` (the names `create --list` shows). None existing
 * falls back to the platform's own template, which always exists, saying so.
 */
export function resolveHandOff(wish: TemplateWish, available: readonly string[]): HandOff {
  const target = platformDef(wish.platform).createTarget as CreateTarget;
  const skipped: string[] = [];
  for (const c of wish.candidates) {
    if (available.includes(c.name)) return { target, template: c.name, skipped, ...(c.change ? { change: c.change } : {}) };
    skipped.push(c.name);
  }
  return { target, template: target, skipped, change: `start from the ${target} template and adapt it: none of ${skipped.join(", ")} is available` };
}
