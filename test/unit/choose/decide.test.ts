import { describe, expect, it } from "vitest";
import { decide, type Answers } from "../../../src/choose/decide.js";

const base: Answers = { workload: "api", maxDurationSeconds: 10, nodeApis: false, db: "none", latency: "normal" };

// One row per branch of the decision guide; `why` must appear in one of the reasons.
const cases: Array<{ name: string; answers: Partial<Answers>; runtime: string; platform: string | null; why: RegExp }> = [
  { name: "WebSockets need a server", answers: { workload: "websocket" }, runtime: "traditional", platform: null, why: /WebSockets hold a connection/ },
  { name: "jobs over 15 minutes need a server", answers: { workload: "background-job", maxDurationSeconds: 901 }, runtime: "traditional", platform: null, why: /over 15 minutes/ },
  { name: "exactly 15 minutes still fits Lambda", answers: { workload: "background-job", maxDurationSeconds: 900 }, runtime: "serverless", platform: "aws-lambda", why: /only one of the three/ },
  { name: "CPU-heavy work needs a server", answers: { workload: "cpu-heavy", maxDurationSeconds: 5 }, runtime: "traditional", platform: null, why: /dedicated cores/ },
  { name: "TCP database in a server keeps a pool", answers: { workload: "websocket", db: "postgres" }, runtime: "traditional", platform: null, why: /persistent connection pool/ },
  { name: "light, Web-API-only, latency-critical API goes to the edge on Workers", answers: { latency: "critical" }, runtime: "edge", platform: "cloudflare-workers", why: /next to users/ },
  { name: "edge streaming with an HTTP driver", answers: { workload: "streaming", db: "http-driver", latency: "critical" }, runtime: "edge", platform: "cloudflare-workers", why: /HTTP driver/ },
  { name: "edge with KV", answers: { workload: "webhook", db: "kv", latency: "critical" }, runtime: "edge", platform: "cloudflare-workers", why: /key-value/ },
  { name: "edge middleware runs on Vercel", answers: { workload: "middleware", maxDurationSeconds: 1, latency: "critical" }, runtime: "edge", platform: "vercel", why: /in front of your app/ },
  { name: "Node APIs rule out edge even when latency is critical", answers: { nodeApis: true, latency: "critical" }, runtime: "serverless", platform: "vercel", why: /rules out edge runtimes/ },
  { name: "Postgres over TCP rules out edge", answers: { db: "postgres", latency: "critical" }, runtime: "serverless", platform: "vercel", why: /Postgres over TCP rules out edge/ },
  { name: "MySQL over TCP rules out edge", answers: { db: "mysql", latency: "critical" }, runtime: "serverless", platform: "vercel", why: /MySQL over TCP rules out edge/ },
  { name: "long runs rule out edge", answers: { maxDurationSeconds: 31, latency: "critical" }, runtime: "serverless", platform: "vercel", why: /too long for edge/ },
  { name: "non-light workload rules out edge", answers: { workload: "cron", latency: "critical" }, runtime: "serverless", platform: "aws-lambda", why: /not light enough/ },
  { name: "normal latency stays regional", answers: {}, runtime: "serverless", platform: "vercel", why: /Latency: normal/ },
  { name: "over Vercel Pro's 800 s goes to Lambda", answers: { maxDurationSeconds: 801 }, runtime: "serverless", platform: "aws-lambda", why: /Vercel Pro stops at 800 s/ },
  { name: "over Hobby's 300 s needs Vercel Pro", answers: { maxDurationSeconds: 301 }, runtime: "serverless", platform: "vercel", why: /needs the Pro plan/ },
  { name: "background jobs go to Lambda with SQS", answers: { workload: "background-job", maxDurationSeconds: 120 }, runtime: "serverless", platform: "aws-lambda", why: /SQS/ },
  { name: "file processing goes to Lambda with S3 events", answers: { workload: "file-processing", nodeApis: true }, runtime: "serverless", platform: "aws-lambda", why: /S3 event/ },
  { name: "cron goes to Lambda with EventBridge", answers: { workload: "cron" }, runtime: "serverless", platform: "aws-lambda", why: /EventBridge/ },
  { name: "webhooks go to Vercel", answers: { workload: "webhook", nodeApis: true, db: "postgres" }, runtime: "serverless", platform: "vercel", why: /pooler/ },
];

describe("decide", () => {
  it.each(cases)("$name", ({ answers, runtime, platform, why }) => {
    const d = decide({ ...base, ...answers });
    expect(d.runtime).toBe(runtime);
    expect(d.platform).toBe(platform);
    expect(d.reasons.some((r) => why.test(r))).toBe(true);
    // A reason tied to every answer.
    for (const topic of ["Workload:", "Run time:", "Node APIs:", "Database:", "Latency:"]) {
      expect(d.reasons.filter((r) => r.startsWith(topic))).toHaveLength(1);
    }
    if (platform) expect(d.reasons.some((r) => r.startsWith("Platform:"))).toBe(true);
    expect(d.alternatives.length).toBeGreaterThan(0);
  });

  it("offers Workers as an alternative only when nothing rules out the edge", () => {
    const workers = /Cloudflare Workers: nothing here rules out the edge/;
    expect(decide(base).alternatives.some((a) => workers.test(a))).toBe(true);
    expect(decide({ ...base, nodeApis: true }).alternatives.some((a) => workers.test(a))).toBe(false);
  });

  it("suggests splitting long jobs and realtime services for WebSockets", () => {
    expect(decide({ ...base, workload: "background-job", maxDurationSeconds: 3600 }).alternatives.join(" ")).toMatch(/Step Functions/);
    expect(decide({ ...base, workload: "websocket" }).alternatives.join(" ")).toMatch(/Durable Objects/);
  });
});
