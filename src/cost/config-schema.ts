import * as z from "zod";
import { inRange, rangeFor } from "./limits.js";

const count = (what: string) =>
  inRange({ min: 0, max: 1e15, unit: "", why: "a monthly count up to a quadrillion" })
    .optional()
    .describe(what);

const gb = (what: string) => inRange({ min: 0, max: 1e9, unit: "GB", why: "up to an exabyte" }).optional().describe(what);

/**
 * A month's use of one binding of a Worker, keyed by the binding's name in the wrangler config. Which
 * product it is comes from the wrangler config; `kind` names it for a binding the project does not declare.
 */
export const bindingUsageSchema = z.strictObject({
  kind: z.enum(["kv", "d1", "r2", "queues", "durable-objects"]).optional().describe("the product, when the wrangler config does not bind this name"),
  reads: count("KV: reads a month"),
  writes: count("KV: writes a month"),
  deletes: count("KV: deletes a month"),
  lists: count("KV: list requests a month"),
  rowsRead: count("D1 or Durable Objects (SQLite): rows read a month"),
  rowsWritten: count("D1 or Durable Objects (SQLite): rows written a month"),
  classA: count("R2: Class A operations a month on Standard storage (writes, lists)"),
  classB: count("R2: Class B operations a month on Standard storage (reads)"),
  iaClassA: count("R2: Class A operations a month on Infrequent Access storage"),
  iaClassB: count("R2: Class B operations a month on Infrequent Access storage"),
  iaStorageGb: gb("R2: GB-month stored in Infrequent Access (average over the month)"),
  iaRetrievalGb: gb("R2: GB read or copied from Infrequent Access a month (data retrieval)"),
  iaDeletedEarlyGb: gb("R2: GB of Infrequent Access objects deleted, moved or replaced before 30 days, billed to the 30-day minimum"),
  iaDeletedAfterDays: inRange({ min: 0, max: 30, unit: "days", why: "the 30-day minimum storage duration" })
    .optional()
    .describe("R2: average days those objects had been stored (default 0)"),
  operations: count("Queues: operations a month (one per 64 KB written, read or deleted), in place of messages"),
  messages: count("Queues: messages written a month, each 3 operations (write, read, delete) per 64 KB"),
  // Queues' message size limit, 128 KB of 1,000 bytes with ~100 bytes of metadata counted in it:
  // https://developers.cloudflare.com/queues/platform/limits/ (read 2026-12-05).
  messageBytes: inRange({ min: 0, max: 128_000, unit: "bytes", int: true, why: "a Queues message is at most 128 KB" })
    .optional()
    .describe("Queues: average message size in bytes (an operation per 64,000 bytes, ~100 bytes of metadata included; default up to 64 KB)"),
  retries: count("Queues: redeliveries a month (each a read operation)"),
  deadLettered: count("Queues: messages moved to a Dead Letter Queue a month (each a write operation)"),
  expired: count("Queues: messages that expire unread a month (no read operation)"),
  requests: count("Durable Objects: requests a month (HTTP, RPC sessions, alarms, WebSocket connections)"),
  websocketMessages: count("Durable Objects: incoming WebSocket messages a month, billed 20:1 as requests"),
  activeSeconds: count("Durable Objects: seconds objects are active a month, summed over objects (billed at 128 MB each)"),
  storageGb: gb("GB stored on average over the month (R2: Standard storage)"),
});

/**
 * Traffic assumptions for one function in `cost.functions["<function id>"]`. The config does not say
 * which platform a value is priced on, so each range is the widest of the three platforms'.
 */
export const costFunctionSchema = z.strictObject({
  invocations: inRange(rangeFor("invocations")).optional().describe("invocations per month"),
  durationMs: inRange(rangeFor("durationMs")).optional().describe("average wall time per invocation, ms"),
  cpuMs: inRange(rangeFor("cpuMs")).optional().describe("average CPU time per invocation, ms"),
  memoryMb: inRange(rangeFor("memoryMb")).optional().describe("memory, MB"),
  coldStartRate: inRange(rangeFor("coldStartRate")).optional().describe("share of invocations that start cold"),
  initMs: inRange(rangeFor("initMs")).optional().describe("module init time of a cold start, ms"),
  concurrency: inRange(rangeFor("concurrency")).optional().describe("Vercel: mean invocations sharing one instance"),
  ephemeralStorageMb: inRange(rangeFor("ephemeralStorageMb")).optional().describe("Lambda ephemeral storage, MB (512 free)"),
  frontDoor: z
    .enum(["http-api", "rest-api", "websocket-api", "function-url", "alb", "none"])
    .optional()
    .describe(
      "AWS Lambda: what requests come through: API Gateway HTTP API, REST API or WebSocket API, a function URL (no separate charge), an Application Load Balancer, or none for queue, schedule and direct invocations (default: what the project declares)",
    ),
  websocketMessagesPerInvocation: inRange({ min: 0, max: 1000, unit: "messages", why: "WebSocket messages (sent and received) per invocation" })
    .optional()
    .describe("AWS Lambda behind a WebSocket API: messages metered per invocation, the one received plus any sent back, each per 32 KB (default 1)"),
  websocketConnectionMinutes: inRange({ min: 0, max: 1e15, unit: "minutes", why: "a month's connection minutes up to a quadrillion" })
    .optional()
    .describe("AWS Lambda behind a WebSocket API: connection minutes a month, summed over clients (default: one minute connected per message)"),
  albLcus: inRange({ min: 0, max: 1e6, unit: "LCUs", why: "Load Balancer Capacity Units in an average hour" })
    .optional()
    .describe(
      "AWS Lambda behind an Application Load Balancer: the LCUs the load balancer uses in an average hour, shared by the functions behind it (default: from traffic, the higher of new connections, one per request, and processed bytes, 10,240 per request)",
    ),
  tracing: z.boolean().optional().describe("AWS Lambda: X-Ray active tracing on (default: what the project declares, else off)"),
  logBytesPerInvocation: inRange({ min: 0, max: 256 * 1024 * 1024, unit: "bytes", int: true, why: "up to 256 MB of logs per invocation" })
    .optional()
    .describe("AWS Lambda: bytes written to CloudWatch Logs per invocation, platform lines included (default 1,024)"),
  provisionedConcurrency: inRange({ min: 0, max: 100_000, unit: "units", int: true, why: "Provisioned Concurrency units, at most an account's concurrency" })
    .optional()
    .describe("AWS Lambda: Provisioned Concurrency units kept warm all month (default: what the project declares, else 0)"),
  bindings: z
    .record(z.string(), bindingUsageSchema)
    .optional()
    .describe('Cloudflare Workers: a month\'s use of each binding, by its name in the wrangler config, e.g. { "CACHE": { "reads": 1000000, "writes": 10000 } }'),
  responseBytes: inRange({ min: 0, max: 4.5 * 1024 * 1024 * 1024, unit: "bytes", int: true, why: "up to 4.5 GB per response" })
    .optional()
    .describe("Bytes per response: Vercel sends them from the function to the CDN (Fast Origin Transfer) and on to the visitor (Fast Data Transfer); AWS Lambda behind an HTTP front door sends them out to the internet (data transfer out); default 10,240"),
  events: z
    .record(
      z.string().min(1),
      z
        .number({ error: "a weight must be a number" })
        .positive({ error: "a weight must be above 0 (leave the file out to not measure it)" })
        .max(1e9, { error: "a weight must be at most 1e9" }),
    )
    .refine((r) => Object.keys(r).length > 0, { error: "name at least one event file" })
    .optional()
    .describe(
      'AWS Lambda, --measure: the event files to run the handler with, relative to the project, each with its share of the traffic, e.g. { "events/api-post-order.json": 70, "events/api-get-health.json": 30 }; duration and CPU are the weighted mix (default: every events/<handler>*.json, weighted alike)',
    ),
  measurePath: z
    .string()
    .regex(/^\//, "must start with /")
    .optional()
    .describe("--measure: path and query of the GET request sent to an HTTP function (default: its route with sample values, or / for a Worker)"),
});

/** The `cost` section of coldstart.config.json. Price overrides are validated by the cost module. */
export const costConfigSchema = z.strictObject({
  prices: z.record(z.string(), z.unknown()).optional().describe("price table overrides, same shape as --prices"),
  functions: z.record(z.string(), costFunctionSchema).optional().describe("traffic assumptions per function id"),
  defaults: costFunctionSchema.omit({ events: true }).optional().describe("traffic assumptions for every function"),
});

export type CostConfig = z.infer<typeof costConfigSchema>;
