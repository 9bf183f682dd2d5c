import { needsVolume, type Answers, type Database, type Latency, type Workload } from "./decide.js";
import { DEFAULT_MONTHLY_INVOCATIONS } from "./volume.js";

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

/** Image, video and ML work usually leans on a native library (sharp, ffmpeg bindings, onnxruntime-node). */
const NATIVE_LIKELY: ReadonlySet<Workload> = new Set(["cpu-heavy", "file-processing"]);

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
    // Middleware is usually written against Web APIs; most other code pulls in npm packages that use Node built-ins.
    nodeApis = workload !== "middleware";
    assumed.push(nodeApis ? "--node-apis (most npm packages use Node.js built-ins)" : "--no-node-apis (middleware usually uses Web APIs only)");
  }
  let nativeModules = partial.nativeModules;
  if (nativeModules === undefined) {
    nativeModules = NATIVE_LIKELY.has(workload);
    assumed.push(nativeModules ? `--native-modules (${workload} usually uses a native library such as sharp)` : "--no-native-modules");
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
  const answers: Answers = { workload, maxDurationSeconds, nodeApis, nativeModules, db, latency };
  if (partial.monthlyInvocations !== undefined) {
    answers.monthlyInvocations = partial.monthlyInvocations;
  } else if (needsVolume(answers)) {
    assumed.push(`--volume ${DEFAULT_MONTHLY_INVOCATIONS} (runs a month; the volume decides between serverless and a server here)`);
  }
  return { answers, assumed };
}

export const EXAMPLE_COMMAND =
  "coldstart choose --workload api --max-duration 10 --node-apis --no-native-modules --db http-driver --latency normal --yes";
