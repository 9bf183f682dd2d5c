import { awsLambda } from "../platforms/aws-lambda.js";
import { cloudflareWorkers } from "../platforms/cloudflare-workers.js";
import { vercel } from "../platforms/vercel.js";

/**
 * The platform facts the decision rests on, each with its source and the date it was checked.
 * docs/choose.md lists every one of them (a test holds the two together).
 */
export interface Fact {
  source: string;
  checked: string;
}

const CHECKED = "2026-12-05";
const fact = (source: string): Fact => ({ source, checked: CHECKED });

export const FACTS = {
  /** Compatibility date 2026-08-04 and later: nodejs_compat on by default, Node.js built-ins available. */
  workersNodeByDefault: fact("https://developers.cloudflare.com/changelog/post/2026-08-04-nodejs-compat-default/"),
  /** Workers run JavaScript and WebAssembly: a native addon (a .node file, sharp) cannot load. */
  workersNoNativeAddons: fact("https://github.com/lovell/sharp/issues/3860 (maintainer: sharp will not run on Cloudflare Workers); https://github.com/cloudflare/workers-sdk/issues/12338"),
  /** No wall-clock limit on an HTTP request while the client stays connected; CPU up to 5 min; Cron Triggers 15 min. */
  workersDuration: fact("https://developers.cloudflare.com/workers/platform/limits/#duration"),
  /** Standard usage model: billed for CPU time and requests, not for time spent waiting. */
  workersCpuBilling: fact("https://developers.cloudflare.com/workers/platform/pricing/ (Standard usage model); https://developers.cloudflare.com/workers/platform/limits/#cpu-time (waiting on a subrequest is not CPU time)"),
  /** Hyperdrive pools connections to existing PostgreSQL and MySQL databases for Workers. */
  hyperdrive: fact("https://developers.cloudflare.com/hyperdrive/examples/connect-to-mysql/"),
  /** Durable Objects accept WebSockets and hibernate between messages without disconnecting clients. */
  durableObjectsWebSockets: fact("https://developers.cloudflare.com/durable-objects/best-practices/websockets/"),
  /** Cron Triggers run a Worker's scheduled() handler on a cron schedule. */
  cronTriggers: fact("https://developers.cloudflare.com/workers/configuration/cron-triggers/"),
  /** Workflows: steps with up to 5 min CPU each, unlimited wall time, sleeps up to a year, billed like Workers. */
  cloudflareWorkflows: fact("https://developers.cloudflare.com/workflows/reference/limits/"),
  /** Lambda durable functions: one execution up to a year, waits suspend without compute charges. */
  lambdaDurable: fact("https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html"),
  /** Vercel Workflow: resumable steps that pause for minutes or months. */
  vercelWorkflow: fact("https://vercel.com/docs/workflow"),
  /** Vercel cron jobs call a function on a schedule from vercel.json. */
  vercelCron: fact("https://vercel.com/docs/cron-jobs (Hobby: at most once a day)"),
  /** EventBridge Scheduler invokes a Lambda function on a schedule. */
  eventBridgeScheduler: fact("https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge-scheduler.html"),
  /** Vercel's Edge runtime: start the response within 25 s, stream up to 300 s, Web APIs only. */
  vercelEdge: fact("https://vercel.com/docs/functions/limitations#edge-runtime"),
  /** Next.js 16: proxy.ts runs on Node.js only; middleware.ts stays the way to keep the edge runtime. */
  nextProxy: fact("https://nextjs.org/docs/app/guides/upgrading/version-16 (middleware to proxy); https://nextjs.org/docs/app/api-reference/file-conventions/proxy#runtime"),
  /** Lambda: 15 minutes per invocation; 1,769 MB is one full vCPU. */
  lambdaLimits: fact(`${awsLambda.limits.durationS.source}; https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html`),
  /** Vercel Functions on Fluid compute: up to 800 s on Pro, 300 s on Hobby. */
  vercelLimits: fact(vercel.limits.durationS.source),
  /** RDS Proxy pools MySQL as well as PostgreSQL connections for Lambda. */
  rdsProxy: fact("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html; https://docs.aws.amazon.com/lambda/latest/dg/services-rds.html; engines (RDS for MySQL, MariaDB, PostgreSQL, Aurora): https://aws.amazon.com/about-aws/whats-new/2023/11/amazon-rds-proxy-postgresql-extended-query-protocol/"),
  /** PlanetScale's serverless driver (MySQL over HTTP) and Neon's serverless driver (Postgres over HTTP). */
  httpDrivers: fact("https://developers.cloudflare.com/workers/databases/third-party-integrations/planetscale/ (MySQL: Hyperdrive or the PlanetScale serverless driver); https://neon.com/docs/serverless/serverless-driver (Postgres over HTTP or WebSockets)"),
} as const satisfies Record<string, Fact>;

/** Lambda's hard limit on one invocation; Vercel Pro stops at 800 s, Hobby at 300 s. */
export const LAMBDA_MAX_SECONDS = awsLambda.limits.durationS.max;
export const VERCEL_PRO_MAX_SECONDS = vercel.limits.durationS.max;
export const VERCEL_HOBBY_MAX_SECONDS = vercel.limits.durationS.hobbyMax;
/** Workers: most CPU time one request may use (limits.cpu_ms), and the wall-clock limit of a Cron Trigger. */
export const WORKERS_MAX_CPU_SECONDS = cloudflareWorkers.limits.cpuMs.max / 1000;
export const WORKERS_CRON_MAX_SECONDS = 15 * 60;
/** Vercel's Edge runtime streams for at most 300 s. */
export const VERCEL_EDGE_MAX_SECONDS = 300;
