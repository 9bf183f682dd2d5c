import { describe, expect, it } from "vitest";
import { decide, needsVolume, type Answers } from "../../../src/choose/decide.js";
import { resolveHandOff } from "../../../src/choose/handoff.js";

const base: Answers = { workload: "api", maxDurationSeconds: 10, nodeApis: false, nativeModules: false, db: "none", latency: "normal" };

/** The templates this coldstart ships today (create --list); tests of the hand-off use this list, not the folder. */
const SHIPPED = [
  ...["lambda", "lambda-eventbridge", "lambda-sqs", "lambda-stepfunctions", "lambda-streaming"],
  ...["vercel", "vercel-cron", "vercel-edge", "vercel-streaming"],
  ...["workers", "workers-cron", "workers-durable-object", "workers-hono", "workers-hyperdrive", "workers-queue", "workers-workflow"],
];

// One row per rule of the decision; `why` must appear in one of the reasons, `template` is the hand-off with today's templates.
const cases: Array<{ name: string; answers: Partial<Answers>; runtime: string; platform: string | null; why: RegExp; template: string | null }> = [
  // The cases.
  { name: "a 90 s streamed LLM response is fine on Workers", answers: { workload: "streaming", maxDurationSeconds: 90, nodeApis: true }, runtime: "edge", platform: "cloudflare-workers", why: /no wall-clock limit while the client stays connected/, template: "workers" },
  { name: "WebSockets go to Durable Objects", answers: { workload: "websocket", maxDurationSeconds: 3600 }, runtime: "serverless", platform: "cloudflare-workers", why: /Durable Objects.*hibernate/, template: "workers-durable-object" },
  { name: "cron goes to Cron Triggers", answers: { workload: "cron", maxDurationSeconds: 60, nodeApis: true }, runtime: "serverless", platform: "cloudflare-workers", why: /Cron Triggers/, template: "workers-cron" },
  { name: "cron with native modules goes to EventBridge Scheduler", answers: { workload: "cron", nativeModules: true }, runtime: "serverless", platform: "aws-lambda", why: /EventBridge Scheduler/, template: "lambda-eventbridge" },
  { name: "a long multi-step job gets durable execution", answers: { workload: "background-job", maxDurationSeconds: 7200, monthlyInvocations: 100 }, runtime: "serverless", platform: "cloudflare-workers", why: /durable execution on Cloudflare Workflows/, template: "workers-workflow" },
  { name: "a long job with native modules gets Lambda durable functions", answers: { workload: "background-job", maxDurationSeconds: 7200, nativeModules: true, monthlyInvocations: 100 }, runtime: "serverless", platform: "aws-lambda", why: /Lambda durable functions/, template: "lambda-stepfunctions" },
  { name: "a long job at high volume goes to a server", answers: { workload: "background-job", maxDurationSeconds: 7200, monthlyInvocations: 100_000 }, runtime: "traditional", platform: null, why: /the server is cheaper/, template: null },
  { name: "CPU-heavy at low volume stays serverless with its cost", answers: { workload: "cpu-heavy", maxDurationSeconds: 5, nativeModules: true, monthlyInvocations: 100_000 }, runtime: "serverless", platform: "aws-lambda", why: /\$11\.\d\d a month on AWS Lambda/, template: "lambda-sqs" },
  { name: "CPU-heavy at high volume goes to a server, with the comparison", answers: { workload: "cpu-heavy", maxDurationSeconds: 5, nativeModules: true, monthlyInvocations: 10_000_000 }, runtime: "traditional", platform: null, why: /the server is cheaper at this volume/, template: null },
  { name: "one CPU-bound run over 15 minutes needs a server", answers: { workload: "cpu-heavy", maxDurationSeconds: 3600, nativeModules: true, monthlyInvocations: 10 }, runtime: "traditional", platform: null, why: /longer than any function invocation/, template: null },
  { name: "a native module like sharp rules Workers out", answers: { latency: "critical", nodeApis: true, nativeModules: true }, runtime: "serverless", platform: "vercel", why: /native modules.*cannot load in Workers/, template: "vercel" },
  { name: "MySQL goes through Hyperdrive or an HTTP driver, no Postgres poolers", answers: { db: "mysql", latency: "critical", nodeApis: true }, runtime: "edge", platform: "cloudflare-workers", why: /Hyperdrive, which pools MySQL/, template: "workers" },
  { name: "Node APIs are fine on Workers now", answers: { nodeApis: true, latency: "critical" }, runtime: "edge", platform: "cloudflare-workers", why: /on by default in Workers since compatibility date 2026-08-04/, template: "workers" },
  { name: "edge middleware on Vercel gets the edge variant (or a stand-in that says what to change)", answers: { workload: "middleware", maxDurationSeconds: 1, latency: "critical" }, runtime: "edge", platform: "vercel", why: /edge runtime/, template: "vercel-edge" },
  // The rest of the rules.
  { name: "WebSockets with native modules use API Gateway's WebSocket API", answers: { workload: "websocket", nativeModules: true }, runtime: "serverless", platform: "aws-lambda", why: /API Gateway WebSocket API/, template: "lambda" },
  { name: "Postgres over TCP goes through Hyperdrive on Workers", answers: { db: "postgres", latency: "critical" }, runtime: "edge", platform: "cloudflare-workers", why: /Hyperdrive/, template: "workers-hyperdrive" },
  { name: "middleware with Node APIs goes to Workers in front of the origin", answers: { workload: "middleware", nodeApis: true, latency: "critical" }, runtime: "edge", platform: "cloudflare-workers", why: /Vercel's edge runtime lacks/, template: "workers" },
  { name: "middleware at normal latency is a proxy.ts on Node.js", answers: { workload: "middleware", latency: "normal" }, runtime: "serverless", platform: "vercel", why: /proxy\.ts on the Node\.js runtime/, template: "vercel" },
  { name: "streaming with native modules goes to Vercel's Node.js runtime", answers: { workload: "streaming", maxDurationSeconds: 90, nativeModules: true }, runtime: "serverless", platform: "vercel", why: /Node\.js runtime \(Fluid compute\)/, template: "vercel-streaming" },
  { name: "normal latency stays regional", answers: {}, runtime: "serverless", platform: "vercel", why: /Latency: normal/, template: "vercel" },
  { name: "over Vercel Pro's 800 s goes to Lambda", answers: { maxDurationSeconds: 801 }, runtime: "serverless", platform: "aws-lambda", why: /Vercel Pro stops at 800 s/, template: "lambda" },
  { name: "over Hobby's 300 s needs Vercel Pro", answers: { maxDurationSeconds: 301 }, runtime: "serverless", platform: "vercel", why: /needs the Pro plan/, template: "vercel" },
  { name: "background jobs go to Lambda with SQS", answers: { workload: "background-job", maxDurationSeconds: 120 }, runtime: "serverless", platform: "aws-lambda", why: /SQS/, template: "lambda-sqs" },
  { name: "file processing goes to Lambda with S3 events", answers: { workload: "file-processing", nativeModules: true }, runtime: "serverless", platform: "aws-lambda", why: /S3 event/, template: "lambda-sqs" },
  { name: "webhooks with Postgres go to Vercel through a pooler", answers: { workload: "webhook", nodeApis: true, db: "postgres" }, runtime: "serverless", platform: "vercel", why: /pooler/, template: "vercel" },
];

describe("decide", () => {
  it.each(cases)("$name", ({ answers, runtime, platform, why, template }) => {
    const d = decide({ ...base, ...answers });
    expect(d.runtime).toBe(runtime);
    expect(d.platform).toBe(platform);
    expect(d.reasons.some((r) => why.test(r)), d.reasons.join("\n")).toBe(true);
    // A reason tied to every answer, once.
    for (const topic of ["Workload:", "Run time:", "Node APIs:", "Database:", "Latency:"]) {
      expect(d.reasons.filter((r) => r.startsWith(topic))).toHaveLength(1);
    }
    expect(d.reasons.filter((r) => r.startsWith("Platform:"))).toHaveLength(1);
    expect(d.alternatives.length).toBeGreaterThan(0);
    expect(d.template && resolveHandOff(d.template, SHIPPED).template).toBe(template);
  });

  it("never lists a Postgres-only pooler for MySQL", () => {
    for (const workload of ["api", "webhook", "background-job"] as const) {
      const text = decide({ ...base, workload, db: "mysql" }).reasons.join(" ");
      expect(text).toMatch(/Hyperdrive/);
      expect(text).toMatch(/HTTP driver/);
      expect(text).not.toMatch(/PgBouncer|Neon|Supabase|Postgres/);
    }
  });

  it("prices CPU-heavy work with the cost model: 100k five-second tasks are about $11.50 on Lambda", () => {
    const d = decide({ ...base, workload: "cpu-heavy", maxDurationSeconds: 5, nativeModules: true, monthlyInvocations: 100_000 });
    expect(d.cost?.serverless.monthlyUsd).toBeGreaterThan(11.5);
    expect(d.cost?.serverless.monthlyUsd).toBeLessThan(11.7);
    expect(d.cost?.server).toMatchObject({ servers: 1, source: expect.stringContaining("aws.amazon.com/fargate/pricing") });
    expect(d.cost?.cheaper).toBe("serverless");
    // Ten times the volume is ten times the Lambda bill, and the servers grow with the work.
    const more = decide({ ...base, workload: "cpu-heavy", maxDurationSeconds: 5, nativeModules: true, monthlyInvocations: 1_000_000 });
    expect(more.cost!.serverless.monthlyUsd / d.cost!.serverless.monthlyUsd).toBeCloseTo(10, 0);
    expect(more.cost!.server.servers).toBeGreaterThan(1);
  });

  it("prices Workers too for CPU-heavy work without native modules that fits their CPU limit", () => {
    const d = decide({ ...base, workload: "cpu-heavy", maxDurationSeconds: 5, monthlyInvocations: 100_000 });
    expect(d.cost?.workers?.monthlyUsd).toBeGreaterThan(5);
    expect(d.alternatives.join(" ")).toMatch(/Cloudflare Workers at about \$\d+\.\d\d a month/);
    expect(decide({ ...base, workload: "cpu-heavy", maxDurationSeconds: 600, monthlyInvocations: 100 }).cost?.workers).toBeUndefined();
  });

  it("states an assumed volume when none is given", () => {
    const d = decide({ ...base, workload: "cpu-heavy", maxDurationSeconds: 5 });
    expect(d.cost?.volumeAssumed).toBe(true);
    expect(d.reasons.join(" ")).toMatch(/assumed: pass --volume/);
  });

  it("asks the volume only where it changes the answer", () => {
    expect(needsVolume({ workload: "cpu-heavy", maxDurationSeconds: 5 })).toBe(true);
    expect(needsVolume({ workload: "background-job", maxDurationSeconds: 901 })).toBe(true);
    expect(needsVolume({ workload: "background-job", maxDurationSeconds: 900 })).toBe(false);
    expect(needsVolume({ workload: "streaming", maxDurationSeconds: 3600 })).toBe(false);
    expect(needsVolume({ workload: "api", maxDurationSeconds: 10 })).toBe(false);
  });
});
