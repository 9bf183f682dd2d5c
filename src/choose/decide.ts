import type { Platform } from "../platforms/index.js";
import {
  LAMBDA_MAX_SECONDS,
  VERCEL_EDGE_MAX_SECONDS,
  VERCEL_HOBBY_MAX_SECONDS,
  VERCEL_PRO_MAX_SECONDS,
  WORKERS_CRON_MAX_SECONDS,
  WORKERS_MAX_CPU_SECONDS,
} from "./facts.js";
import { templateWish, type Need, type TemplateWish } from "./handoff.js";
import { compareWithServer, DEFAULT_MONTHLY_INVOCATIONS, type CostComparison } from "./volume.js";
import { databaseReason, formatSeconds, latencyReason, nodeReason, runTimeReason, workloadReason } from "./reasons.js";

/**
 * The runtime decision as a pure function: answers in; runtime, platform, reasons, alternatives, the
 * template to start from and, where the volume decides, a cost comparison out. Every rule cites its
 * source and date in docs/choose.md (facts.ts holds the sources).
 */

export const WORKLOADS = ["api", "webhook", "cron", "middleware", "streaming", "websocket", "background-job", "cpu-heavy", "file-processing"] as const;
export type Workload = (typeof WORKLOADS)[number];

export const DATABASES = ["none", "postgres", "mysql", "http-driver", "kv"] as const;
export type Database = (typeof DATABASES)[number];

export type Latency = "normal" | "critical";
export type RuntimeChoice = "edge" | "serverless" | "traditional";
export type PlatformChoice = Platform;

export interface Answers {
  workload: Workload;
  maxDurationSeconds: number;
  /** Node.js built-in APIs (fs, net, crypto, streams): on by default in Workers since 2026-08-04. */
  nodeApis: boolean;
  /** Native addons (sharp, canvas, better-sqlite3): they rule Workers and edge runtimes out. */
  nativeModules: boolean;
  db: Database;
  latency: Latency;
  /** Runs a month; asked only when it changes the answer (see needsVolume). */
  monthlyInvocations?: number;
}

export interface Decision {
  runtime: RuntimeChoice;
  platform: PlatformChoice | null;
  reasons: string[];
  alternatives: string[];
  /** The template the answer wants, best first; null for a server, which coldstart does not scaffold. */
  template: TemplateWish | null;
  /** Serverless against a small server, when the monthly volume decides. */
  cost?: CostComparison;
}

const JOBS: ReadonlySet<Workload> = new Set(["background-job", "file-processing", "cron"]);

/** The monthly volume changes the answer for CPU-heavy work and for runs longer than one Lambda invocation. */
export function needsVolume(a: Pick<Answers, "workload" | "maxDurationSeconds">): boolean {
  return a.workload === "cpu-heavy" || (a.maxDurationSeconds > LAMBDA_MAX_SECONDS && a.workload !== "streaming" && a.workload !== "websocket");
}

export function decide(a: Answers): Decision {
  const reasons = [workloadReason(a), runTimeReason(a), nodeReason(a), databaseReason(a), latencyReason(a)];
  const pick = PICKS.find((p) => p.when(a)) ?? PICKS[PICKS.length - 1]!;
  return pick.decide(a, reasons);
}

type Rule = { when: (a: Answers) => boolean; decide: (a: Answers, reasons: string[]) => Decision };

const workersOk = (a: Answers) => !a.nativeModules;
const long = (a: Answers) => a.maxDurationSeconds > LAMBDA_MAX_SECONDS;

function made(runtime: RuntimeChoice, platform: Platform | null, need: Need | null, reasons: string[], alternatives: string[], cost?: CostComparison): Decision {
  return { runtime, platform, reasons, alternatives, template: platform && need ? templateWish(platform, need) : null, ...(cost ? { cost } : {}) };
}

function comparison(a: Answers, withWorkers: boolean): CostComparison {
  const given = a.monthlyInvocations;
  return compareWithServer(given ?? DEFAULT_MONTHLY_INVOCATIONS, given === undefined, a.maxDurationSeconds, withWorkers);
}

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** Two significant figures: a break-even point is an estimate. */
const round = (n: number) => Number(n.toPrecision(2));

function volumeReason(c: CostComparison): string {
  const n = c.invocationsPerMonth.toLocaleString("en-US");
  const volume = `${n} runs a month${c.volumeAssumed ? " (assumed: pass --volume or answer the question)" : ""} of ${formatSeconds(c.secondsEach)} each`;
  const servers = `${c.server.servers} x ${c.server.what} at ${Math.round(c.server.utilisation * 100)}% average CPU`;
  const breakEven = c.breakEvenInvocations === null ? "" : `, and the servers cost less from about ${round(c.breakEvenInvocations).toLocaleString("en-US")} runs a month`;
  return `Volume: ${volume} cost about ${usd(c.serverless.monthlyUsd)} a month on ${c.serverless.setup}, against ${usd(c.server.monthlyUsd)} for ${servers} (${c.server.source}, ${c.server.asOf}); ${
    c.cheaper === "serverless" ? "serverless is cheaper at this volume" : "the server is cheaper at this volume"
  }${breakEven}.`;
}

/** Rules in order; the first that applies decides. */
const PICKS: Rule[] = [
  {
    // Durable Objects hold WebSockets and hibernate between messages; without them, API Gateway's WebSocket API.
    when: (a) => a.workload === "websocket",
    decide: (a, reasons) => {
      if (workersOk(a)) {
        reasons.push("Platform: Cloudflare Durable Objects, which accept WebSockets and hibernate between messages without dropping the clients, so idle connections are not billed as duration.");
        return made("serverless", "cloudflare-workers", "websocket", reasons, [
          "AWS API Gateway WebSocket API with Lambda for each message, if the system lives in AWS.",
          "A managed realtime service (Ably, Pusher) with functions for the business logic.",
          "A long-lived server if one process must hold every connection's state in memory.",
        ]);
      }
      reasons.push("Platform: AWS API Gateway WebSocket API with a Lambda per message, because native modules rule out Durable Objects (Workers load JavaScript and WebAssembly only).");
      return made("serverless", "aws-lambda", "websocket", reasons, ["A long-lived server (Fly.io, Railway, ECS Fargate) if one process must hold every connection."]);
    },
  },
  {
    // One CPU-bound run over 15 minutes fits no function invocation, durable or not: each step runs in one.
    when: (a) => a.workload === "cpu-heavy" && long(a),
    decide: (a, reasons) => {
      const cost = comparison(a, false);
      reasons.push(volumeReason(cost));
      reasons.push(`Platform: a server or container, because one CPU-bound run of ${formatSeconds(a.maxDurationSeconds)} is longer than any function invocation (Lambda's 15 minutes) and a durable step runs inside one invocation too.`);
      return made("traditional", null, null, reasons, [
        "If the work splits into chunks under 15 minutes, fan them out to Lambda at 1,769 MB or more (one full vCPU per 1,769 MB, up to 6 vCPUs).",
        "Run it as a job on AWS Batch or ECS Fargate, or Google Cloud Run jobs, started from a queue.",
      ], cost);
    },
  },
  {
    // CPU-heavy: the volume decides between per-run billing and a server that is paid for all month.
    when: (a) => a.workload === "cpu-heavy",
    decide: (a, reasons) => {
      const fits = workersOk(a) && a.maxDurationSeconds <= WORKERS_MAX_CPU_SECONDS;
      const cost = comparison(a, fits);
      reasons.push(volumeReason(cost));
      const workers = cost.workers ? [`Cloudflare Workers at about ${usd(cost.workers.monthlyUsd)} a month (${cost.workers.setup}; ${cost.workers.source}) if the work fits in 128 MB.`] : [];
      if (cost.cheaper === "server") {
        reasons.push("Platform: a server or container, because at this volume the work keeps a server busy and paying per run costs more.");
        return made("traditional", null, null, reasons, [`AWS Lambda at about ${usd(cost.serverless.monthlyUsd)} a month if the volume drops or comes in bursts.`, ...workers, "Run the workers on ECS Fargate, Fly.io or Google Cloud Run behind a queue."], cost);
      }
      reasons.push("Platform: AWS Lambda at 1,769 MB or more (a full vCPU, up to 10,240 MB and 6 vCPUs), fed by a queue: at this volume paying per run is cheaper than a server that idles.");
      const later = cost.breakEvenInvocations === null ? "if the volume grows" : `from about ${round(cost.breakEvenInvocations).toLocaleString("en-US")} runs a month, where it costs less`;
      return made("serverless", "aws-lambda", "cpu", reasons, [...workers, `A server (${cost.server.what}) ${later}.`], cost);
    },
  },
  {
    // Long multi-step jobs: durable execution checkpoints steps and does not bill waits.
    when: (a) => long(a) && a.workload !== "streaming",
    decide: (a, reasons) => {
      const cost = comparison(a, false);
      reasons.push(volumeReason(cost));
      const workflows = "Cloudflare Workflows: steps of up to 5 minutes CPU each, no wall-clock limit, sleeps up to a year, billed like Workers (CPU time).";
      const lambdaDurable = "AWS Lambda durable functions: one execution up to a year, checkpointed steps, waits without compute charges.";
      const vercelWorkflow = "Vercel Workflow: steps that pause for minutes or months, if the app is on Vercel.";
      if (cost.cheaper === "server") {
        reasons.push("Platform: a server or container worker, because priced as continuous work this volume keeps a server busy; durable execution is cheaper only if most of each run is waiting.");
        return made("traditional", null, null, reasons, [workflows, lambdaDurable, vercelWorkflow, "Run the workers on ECS Fargate, Fly.io or Google Cloud Run behind a queue."], cost);
      }
      const d = formatSeconds(a.maxDurationSeconds);
      if (workersOk(a)) {
        reasons.push(`Platform: durable execution on Cloudflare Workflows: ${d} is longer than one invocation anywhere, so split the job into checkpointed steps; waits between them are free and a failed step retries alone.`);
        return made("serverless", "cloudflare-workers", "durable", reasons, [lambdaDurable, vercelWorkflow], cost);
      }
      reasons.push(`Platform: durable execution on AWS Lambda durable functions (native modules rule out Workflows): split the ${d} job into checkpointed steps of under 15 minutes each.`);
      return made("serverless", "aws-lambda", "durable", reasons, [vercelWorkflow], cost);
    },
  },
  {
    when: (a) => a.workload === "cron",
    decide: (a, reasons) => {
      const alternatives = ["Vercel cron jobs (vercel.json crons) if the app is already on Vercel; Hobby runs them at most once a day.", "AWS EventBridge Scheduler invoking Lambda if the system lives in AWS."];
      if (workersOk(a) && a.maxDurationSeconds <= WORKERS_CRON_MAX_SECONDS) {
        reasons.push("Platform: Cloudflare Workers Cron Triggers, which run a scheduled() handler for up to 15 minutes, billed for CPU time only.");
        return made("serverless", "cloudflare-workers", "cron", reasons, alternatives);
      }
      reasons.push("Platform: AWS Lambda on an EventBridge Scheduler schedule (up to 15 minutes a run, native modules allowed).");
      return made("serverless", "aws-lambda", "cron", reasons, alternatives.slice(0, 1));
    },
  },
  {
    // Workers bill CPU time and have no wall-clock limit while the client is connected: waiting on an LLM is free.
    when: (a) => a.workload === "streaming",
    decide: (a, reasons) => {
      if (workersOk(a)) {
        reasons.push(
          `Platform: Cloudflare Workers: a streamed response may run ${formatSeconds(a.maxDurationSeconds)} or longer, since a Worker has no wall-clock limit while the client stays connected and bills only CPU time, so waiting on the model costs nothing.`,
        );
        return made("edge", "cloudflare-workers", "streaming", reasons, [
          `Vercel Functions on Fluid compute (Node.js, up to ${VERCEL_PRO_MAX_SECONDS} s on Pro), or Vercel's Edge runtime if the first byte comes within 25 s and the stream ends within ${VERCEL_EDGE_MAX_SECONDS} s.`,
          "AWS Lambda response streaming from a function URL (up to 15 minutes).",
        ]);
      }
      if (a.maxDurationSeconds <= VERCEL_PRO_MAX_SECONDS) {
        reasons.push(`Platform: Vercel Functions on the Node.js runtime (Fluid compute), which stream for up to ${formatSeconds(a.maxDurationSeconds <= VERCEL_HOBBY_MAX_SECONDS ? VERCEL_HOBBY_MAX_SECONDS : VERCEL_PRO_MAX_SECONDS)} and load native modules.`);
        return made("serverless", "vercel", "streaming", reasons, ["AWS Lambda response streaming from a function URL (up to 15 minutes)."]);
      }
      if (!long(a)) {
        reasons.push("Platform: AWS Lambda response streaming from a function URL, the only one of the three that streams for up to 15 minutes with native modules.");
        return made("serverless", "aws-lambda", "streaming", reasons, ["A long-lived server if streams run longer than 15 minutes."]);
      }
      reasons.push(`Platform: a server, because a ${formatSeconds(a.maxDurationSeconds)} stream that needs native modules fits neither Workers (no native modules) nor a function invocation (15 minutes).`);
      return made("traditional", null, null, reasons, ["Drop the native module (a WebAssembly build, or a service) and stream from Cloudflare Workers, which have no wall-clock limit."]);
    },
  },
  {
    when: (a) => a.workload === "middleware",
    decide: (a, reasons) => {
      const vercelEdgeOk = !a.nodeApis && !a.nativeModules && (a.db === "none" || a.db === "kv" || a.db === "http-driver");
      if (a.latency === "critical" && vercelEdgeOk) {
        reasons.push("Platform: Vercel, on the edge runtime: middleware runs in front of the app's routes, next to users; if the app is not on Vercel, a Cloudflare Worker in front of the origin does the same.");
        return made("edge", "vercel", "edge-middleware", reasons, ["Cloudflare Workers in front of any origin: 300+ locations, billed by CPU time, Node.js APIs included."]);
      }
      if (a.latency === "critical" && workersOk(a)) {
        reasons.push("Platform: Cloudflare Workers in front of the origin: the middleware needs Node.js APIs or a TCP database, which Vercel's edge runtime lacks and Workers have (Node.js by default, Hyperdrive for TCP).");
        return made("edge", "cloudflare-workers", "middleware", reasons, ["Vercel proxy.ts on the Node.js runtime if the app is on Vercel."]);
      }
      reasons.push("Platform: Vercel, as a Next.js proxy.ts on the Node.js runtime (Next.js 16's default), in front of the app's routes.");
      return made("serverless", "vercel", "middleware", reasons, workersOk(a) ? ["Cloudflare Workers in front of the origin if latency becomes critical."] : []);
    },
  },
  {
    when: (a) => JOBS.has(a.workload),
    decide: (a, reasons) => {
      const files = a.workload === "file-processing";
      reasons.push(
        files
          ? "Platform: AWS Lambda triggered by S3 event notifications (through a queue for retries), up to 15 minutes and 10,240 MB a file, native modules allowed."
          : "Platform: AWS Lambda consuming an SQS queue with partial batch failures and a dead-letter queue, up to 15 minutes a message.",
      );
      const alternatives = [
        ...(workersOk(a) ? [files ? "Cloudflare Workers with R2 event notifications into a Queue, if the files are in R2 and fit in 128 MB." : "Cloudflare Queues with a Worker consumer, billed by CPU time."] : []),
        "Vercel Functions with Vercel Queues or the Workflow SDK if the app is already on Vercel.",
      ];
      return made("serverless", "aws-lambda", files ? "files" : "queue", reasons, alternatives);
    },
  },
  {
    // HTTP APIs and webhooks: the edge when latency is critical and nothing rules Workers out.
    when: () => true,
    decide: (a, reasons) => {
      if (a.latency === "critical" && workersOk(a)) {
        reasons.push("Platform: Cloudflare Workers, because isolates start in under 5 ms in 300+ locations, Node.js APIs are on by default, and billing counts CPU time, not time spent waiting.");
        return made("edge", "cloudflare-workers", a.db === "postgres" ? "postgres" : "api", reasons, ["Vercel Functions on Fluid compute if the rest of the app is on Vercel.", "AWS Lambda if the data and the rest of the system live in AWS."]);
      }
      const alternatives = ["AWS Lambda behind API Gateway or a function URL if the rest of the system lives in AWS."];
      if (workersOk(a)) alternatives.push("Cloudflare Workers: nothing here rules them out (Node.js APIs on by default, Hyperdrive for TCP databases), and they bill only CPU time; choose them if latency becomes critical.");
      if (a.maxDurationSeconds > VERCEL_PRO_MAX_SECONDS) {
        reasons.push(`Platform: AWS Lambda, which runs ${formatSeconds(a.maxDurationSeconds)} (up to 15 min; Vercel Pro stops at ${VERCEL_PRO_MAX_SECONDS} s).`);
        return made("serverless", "aws-lambda", "api", reasons, alternatives.slice(1));
      }
      const plan = a.maxDurationSeconds > VERCEL_HOBBY_MAX_SECONDS ? ` (over ${VERCEL_HOBBY_MAX_SECONDS} s needs the Pro plan)` : "";
      reasons.push(`Platform: Vercel Functions on Fluid compute${plan}: git-push deploys, and concurrent requests share an instance, so time spent waiting on I/O is not billed as CPU.`);
      return made("serverless", "vercel", "api", reasons, alternatives);
    },
  },
];

