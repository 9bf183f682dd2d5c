import type { Answers, Workload } from "./decide.js";
import { LAMBDA_MAX_SECONDS, VERCEL_PRO_MAX_SECONDS } from "./facts.js";

/** One reason per answer, the same on every path: what each answer allows and rules out. */

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

export function formatSeconds(seconds: number): string {
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 60) return `${+(seconds / 60).toFixed(1)} min`;
  return `${+seconds.toFixed(2)} s`;
}

export function workloadReason(a: Answers): string {
  return `Workload: ${WORKLOAD_LABEL[a.workload]}.`;
}

export function runTimeReason(a: Answers): string {
  const d = formatSeconds(a.maxDurationSeconds);
  if (a.workload === "streaming" || a.workload === "websocket") {
    return `Run time: up to ${d} of connection; Workers have no wall-clock limit while the client stays connected (only CPU time is limited, to 5 minutes a request).`;
  }
  if (a.maxDurationSeconds > LAMBDA_MAX_SECONDS) {
    return `Run time: ${d} is longer than one invocation on any of the platforms (Lambda stops at 15 minutes), so it needs durable execution or a server.`;
  }
  if (a.maxDurationSeconds > VERCEL_PRO_MAX_SECONDS) return `Run time: ${d} fits Lambda (15 minutes) but not Vercel (${VERCEL_PRO_MAX_SECONDS} s on Pro).`;
  return `Run time: up to ${d} fits every platform's limits.`;
}

export function nodeReason(a: Answers): string {
  if (a.nativeModules) {
    return "Node APIs: native modules (sharp, canvas, better-sqlite3) cannot load in Workers or edge runtimes, which run JavaScript and WebAssembly only: Lambda or Vercel's Node.js runtime.";
  }
  if (a.nodeApis) {
    return "Node APIs: Node.js built-ins are on by default in Workers since compatibility date 2026-08-04, so they rule out only Vercel's Edge runtime; no native modules, so Workers stay possible.";
  }
  return "Node APIs: Web APIs only, so every runtime can run it, edge runtimes included.";
}

export function databaseReason(a: Answers): string {
  switch (a.db) {
    case "postgres":
      return "Database: Postgres over TCP: on Workers through Hyperdrive, which pools the connections; on Lambda or Vercel create the client outside the handler and go through a pooler (RDS Proxy, PgBouncer, the Neon or Supabase pooler) or Neon's HTTP driver. Vercel's Edge runtime cannot open TCP connections.";
    case "mysql":
      return "Database: MySQL over TCP: on Workers through Hyperdrive, which pools MySQL connections too; on Lambda through RDS Proxy (MySQL engine), or from anywhere with an HTTP driver (PlanetScale's serverless driver). Vercel's Edge runtime cannot open TCP connections.";
    case "http-driver":
      return "Database: an HTTP driver (Neon serverless, PlanetScale, Turso) works from any runtime, edge included.";
    case "kv":
      return "Database: a key-value store reached over HTTP or a binding works from any runtime, edge included.";
    case "none":
      return "Database: none, so no connection limits to manage.";
  }
}

export function latencyReason(a: Answers): string {
  return a.latency === "critical"
    ? "Latency: critical, so run it next to users where nothing rules that out, and keep the bundle small."
    : "Latency: normal, so a regional function is fine; the edge pays off when latency is critical or when billing by CPU time saves money.";
}
