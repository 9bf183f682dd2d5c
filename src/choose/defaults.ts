import type { Answers, Database, Latency, Workload } from "./decide.js";

export type PartialAnswers = Partial<Answers>;

/** Typical longest run per workload, used only when the user did not say. */
const TYPICAL_SECONDS: Record<Workload, number> = {
  api: 10,
  webhook: 10,
  cron: 60,
  middleware: 1,
  streaming: 60,
  websocket: 3600,
  "background-job": 300,
  "cpu-heavy": 60,
  "file-processing": 120,
};

export type Resolved = { answers: Answers; assumed: string[] } | { missing: string[] };

/**
 * Fills what the flags left out with stated defaults. The workload has no sensible default: without
 * it there is nothing to decide.
 */
export function resolveAnswers(partial: PartialAnswers): Resolved {
  const workload = partial.workload;
  if (!workload) return { missing: ["workload"] };
  const assumed: string[] = [];

  let maxDurationSeconds = partial.maxDurationSeconds;
  if (maxDurationSeconds === undefined) {
    maxDurationSeconds = TYPICAL_SECONDS[workload];
    assumed.push(`--max-duration ${maxDurationSeconds} (typical for ${workload})`);
  }
  let nodeApis = partial.nodeApis;
  if (nodeApis === undefined) {
    // Middleware is usually written against Web APIs; most other code pulls in npm packages that need Node.
    nodeApis = workload !== "middleware";
    assumed.push(nodeApis ? "--node-apis (most npm packages need Node.js)" : "--no-node-apis (middleware usually uses Web APIs only)");
  }
  let db: Database | undefined = partial.db;
  if (db === undefined) {
    db = "none";
    assumed.push("--db none");
  }
  let latency: Latency | undefined = partial.latency;
  if (latency === undefined) {
    // Middleware sits in front of every request, so its latency is always on the critical path.
    latency = workload === "middleware" ? "critical" : "normal";
    assumed.push(`--latency ${latency}${workload === "middleware" ? " (middleware runs before every request)" : ""}`);
  }
  return { answers: { workload, maxDurationSeconds, nodeApis, db, latency }, assumed };
}

export const EXAMPLE_COMMAND = "coldstart choose --workload api --max-duration 10 --no-node-apis --db http-driver --latency normal --yes";
