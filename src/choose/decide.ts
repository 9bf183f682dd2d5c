import { awsLambda } from "../platforms/aws-lambda.js";
import type { Platform } from "../platforms/index.js";
import { vercel } from "../platforms/vercel.js";
/**
 * The runtime decision guide as a pure function. Rules follow the edge/serverless/traditional guide:
 * WebSockets, jobs over 15 minutes, persistent connections and CPU-heavy work need a server; Node APIs
 * or TCP databases rule out edge; edge only when latency is critical and the work is light.
 */

export const WORKLOADS = [
  "api",
  "webhook",
  "cron",
  "middleware",
  "streaming",
  "websocket",
  "background-job",
  "cpu-heavy",
  "file-processing",
] as const;
export type Workload = (typeof WORKLOADS)[number];

export const DATABASES = ["none", "postgres", "mysql", "http-driver", "kv"] as const;
export type Database = (typeof DATABASES)[number];

export type Latency = "normal" | "critical";
export type RuntimeChoice = "edge" | "serverless" | "traditional";
export type PlatformChoice = Platform;

export interface Answers {
  workload: Workload;
  maxDurationSeconds: number;
  nodeApis: boolean;
  db: Database;
  latency: Latency;
}

export interface Decision {
  runtime: RuntimeChoice;
  platform: PlatformChoice | null;
  reasons: string[];
  alternatives: string[];
}

/** Lambda's hard limit; Vercel Pro stops at 800 s, Hobby at 300 s. */
export const LAMBDA_MAX_SECONDS = awsLambda.limits.durationS.max;
export const VERCEL_PRO_MAX_SECONDS = vercel.limits.durationS.max;
export const VERCEL_HOBBY_MAX_SECONDS = vercel.limits.durationS.hobbyMax;
/** Vercel edge must start a response within 25 s; keep edge work well under Workers' 30 s CPU default. */
export const EDGE_MAX_SECONDS = 30;

const LIGHT_WORKLOADS: ReadonlySet<Workload> = new Set(["api", "webhook", "middleware", "streaming"]);
const TCP_DATABASES: ReadonlySet<Database> = new Set(["postgres", "mysql"]);

const WORKLOAD_LABEL: Record<Workload, string> = {
  api: "an HTTP API",
  webhook: "a webhook handler",
  cron: "a scheduled job",
  middleware: "request middleware",
  streaming: "a streaming response",
  websocket: "WebSocket connections",
  "background-job": "a background job",
  "cpu-heavy": "CPU-heavy work",
  "file-processing": "file processing",
};

export function decide(a: Answers): Decision {
  const traditional = traditionalReason(a);
  if (traditional) return decideTraditional(a, traditional);

  const reasons: string[] = [];
  const edgeBlockers: string[] = [];
  const light = LIGHT_WORKLOADS.has(a.workload);

  reasons.push(
    light
      ? `Workload: ${WORKLOAD_LABEL[a.workload]} is short request/response work that fits a function.`
      : `Workload: ${WORKLOAD_LABEL[a.workload]} fits a function, but it is not light enough for the edge.`,
  );
  if (!light) edgeBlockers.push("workload");

  const duration = `${formatSeconds(a.maxDurationSeconds)}`;
  if (a.maxDurationSeconds > EDGE_MAX_SECONDS) {
    edgeBlockers.push("duration");
    reasons.push(`Run time: up to ${duration} is within serverless limits (Lambda 15 min) but too long for edge runtimes.`);
  } else {
    reasons.push(`Run time: up to ${duration} fits every platform's limits.`);
  }

  if (a.nodeApis) {
    edgeBlockers.push("node");
    reasons.push("Node APIs: it needs Node.js APIs or native modules, which rules out edge runtimes (Web APIs only).");
  } else {
    reasons.push("Node APIs: it needs only Web APIs, so edge runtimes can run it.");
  }

  if (TCP_DATABASES.has(a.db)) {
    edgeBlockers.push("db");
    reasons.push(
      `Database: ${a.db === "postgres" ? "Postgres" : "MySQL"} over TCP rules out edge; in a function, create the client outside the handler and go through a pooler (PgBouncer, RDS Proxy, Neon/Supabase pooler).`,
    );
  } else if (a.db === "http-driver") {
    reasons.push("Database: an HTTP driver (Neon serverless, PlanetScale, Turso) works from any runtime, edge included.");
  } else if (a.db === "kv") {
    reasons.push("Database: a key-value store reached over HTTP or a binding works from any runtime, edge included.");
  } else {
    reasons.push("Database: none, so no connection limits to manage.");
  }

  if (a.latency === "critical" && edgeBlockers.length === 0) {
    reasons.push("Latency: critical, and the work is light, so run it at the edge next to users (no container cold start).");
    return decideEdge(a, reasons);
  }
  reasons.push(
    a.latency === "critical"
      ? "Latency: critical, but edge is ruled out above; deploy the function in the region next to your data and keep the bundle small."
      : "Latency: normal, so a regional function is the simpler default; edge only pays off when latency is critical.",
  );
  return decideServerless(a, reasons, edgeBlockers.length === 0);
}

function traditionalReason(a: Answers): string | undefined {
  if (a.workload === "websocket") {
    return "Workload: WebSockets hold a connection open for minutes or hours; functions are billed and limited per request, so this needs a long-lived server.";
  }
  if (a.maxDurationSeconds > LAMBDA_MAX_SECONDS) {
    return `Run time: ${formatSeconds(a.maxDurationSeconds)} is over 15 minutes, the longest any of these platforms runs one invocation (Lambda's limit).`;
  }
  if (a.workload === "cpu-heavy") {
    return "Workload: CPU-heavy work is billed per CPU-millisecond or GB-second and capped in time on functions; a server with dedicated cores is cheaper and has no limit.";
  }
  return undefined;
}

function decideTraditional(a: Answers, first: string): Decision {
  const reasons = [first];
  if (!first.startsWith("Workload:")) {
    reasons.unshift(`Workload: ${WORKLOAD_LABEL[a.workload]}; the run time below decides it.`);
  }
  if (!first.startsWith("Run time:")) {
    reasons.push(
      a.maxDurationSeconds > LAMBDA_MAX_SECONDS
        ? `Run time: ${formatSeconds(a.maxDurationSeconds)} is also over Lambda's 15-minute limit.`
        : `Run time: up to ${formatSeconds(a.maxDurationSeconds)} per invocation, but the workload above decides it.`,
    );
  }
  reasons.push(
    a.nodeApis
      ? "Node APIs: a server runs full Node.js with system access, native modules included."
      : "Node APIs: not needed, which does not change the answer.",
  );
  reasons.push(
    TCP_DATABASES.has(a.db)
      ? "Database: a server keeps a persistent connection pool to the database, which functions cannot."
      : `Database: ${a.db === "none" ? "none" : a.db}, which does not change the answer.`,
  );
  reasons.push(
    a.latency === "critical"
      ? "Latency: critical; put the server in the region closest to most users, and put a CDN or edge cache in front."
      : "Latency: normal; one region is fine.",
  );
  const alternatives: string[] = [];
  if (a.workload === "websocket") {
    alternatives.push("Cloudflare Durable Objects hold WebSockets with hibernation and bill only while messages flow.");
    alternatives.push("A managed realtime service (Ably, Pusher, AWS API Gateway WebSocket APIs) with functions for the business logic.");
  }
  if (a.maxDurationSeconds > LAMBDA_MAX_SECONDS || a.workload === "background-job") {
    alternatives.push("Split the job into steps under 15 minutes and chain them with a queue (SQS, Inngest) or AWS Step Functions.");
  }
  if (a.workload === "cpu-heavy") {
    alternatives.push("If each task is short (seconds), AWS Lambda at 1,769 MB or more gets a full vCPU and can still be cheaper at low volume.");
  }
  alternatives.push("Run it as a container on Fly.io, Railway, Google Cloud Run or AWS ECS Fargate, and keep short HTTP endpoints serverless.");
  return { runtime: "traditional", platform: null, reasons, alternatives };
}

function decideEdge(a: Answers, reasons: string[]): Decision {
  if (a.workload === "middleware") {
    reasons.push(
      "Platform: Vercel, because middleware runs in front of your app's routes; if the app is not on Vercel, a Cloudflare Worker in front of the origin does the same.",
    );
    return {
      runtime: "edge",
      platform: "vercel",
      reasons,
      alternatives: ["Cloudflare Workers in front of any origin: 300+ locations, billed by CPU time, not wall time."],
    };
  }
  reasons.push(
    "Platform: Cloudflare Workers, because isolates start in under 5 ms in 300+ locations and billing counts CPU time, not time spent waiting on I/O.",
  );
  return {
    runtime: "edge",
    platform: "cloudflare-workers",
    reasons,
    alternatives: ["Vercel Functions on Fluid compute if the rest of the app is on Vercel.", "AWS Lambda if the data and the rest of the system live in AWS."],
  };
}

function decideServerless(a: Answers, reasons: string[], edgeCapable: boolean): Decision {
  const alternatives: string[] = [];
  let platform: PlatformChoice;
  if (a.maxDurationSeconds > VERCEL_PRO_MAX_SECONDS) {
    platform = "aws-lambda";
    reasons.push(`Platform: AWS Lambda, the only one of the three that runs ${formatSeconds(a.maxDurationSeconds)} (up to 15 min; Vercel Pro stops at 800 s).`);
    alternatives.push("A container (Google Cloud Run, AWS ECS Fargate) if runs may grow past 15 minutes.");
  } else if (a.workload === "background-job" || a.workload === "file-processing" || a.workload === "cron") {
    platform = "aws-lambda";
    const trigger =
      a.workload === "cron" ? "EventBridge Scheduler" : a.workload === "file-processing" ? "S3 event notifications" : "SQS with partial batch failures";
    reasons.push(`Platform: AWS Lambda, because ${WORKLOAD_LABEL[a.workload]} is event-driven and Lambda is triggered directly by ${trigger}.`);
    alternatives.push(
      a.workload === "cron"
        ? "Vercel Cron Jobs if the app is already on Vercel (Hobby runs them at most once a day)."
        : "Vercel Functions with a queue service (Inngest, QStash) if the app is already on Vercel.",
    );
  } else {
    platform = "vercel";
    const plan = a.maxDurationSeconds > VERCEL_HOBBY_MAX_SECONDS ? " (over 300 s needs the Pro plan)" : "";
    reasons.push(
      `Platform: Vercel Functions on Fluid compute${plan}: git-push deploys, and concurrent requests share an instance, so time spent waiting on I/O is not billed as CPU.`,
    );
    alternatives.push("AWS Lambda behind API Gateway or a function URL if the rest of the system lives in AWS.");
  }
  if (edgeCapable) alternatives.push("Cloudflare Workers: nothing here rules out the edge, and it bills only CPU time; choose it if latency becomes critical.");
  return { runtime: "serverless", platform, reasons, alternatives };
}

export function formatSeconds(seconds: number): string {
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${+(seconds / 60).toFixed(1)} min`;
  return `${+seconds.toFixed(2)} s`;
}
