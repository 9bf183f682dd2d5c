import { readFileSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Plugin } from "esbuild";
import { inlinePlugin } from "../audit/inline.js";
import { esbuildBuild, lambdaLayers } from "../audit/bundle.js";
import { writeLine, type Io } from "../cli/ui.js";
import type { FunctionInfo, Project } from "../project/types.js";
import { memoryNote, runContained } from "./contain.js";
import { findNode } from "./find-node.js";
import { measureEnv, measureMemoryMb } from "./measure-env.js";
import { firstLine } from "./measure-output.js";
import { RUNNER_SOURCE } from "./measure-runner.js";
import { measureInWorkerd } from "./measure-workerd.js";
import { LOG_LINE_PREFIX_BYTES } from "./measure-logs.js";
import type { WeightedEvent } from "./measure-events.js";
import { combineRuns, readRun, type InputRuns } from "./measured.js";
import type { Measured } from "./types.js";

const TIMEOUT_MS = 60_000;
const GRACE_MS = 3_000;
/** Cold starts taken per function (each input is one; more of the first make up the rest): init varies run to run. */
const COLD_SAMPLES = 3;
/** RLIMIT_DATA above the function's memory: V8 and malloc map writable memory before touching it. */
const DATA_HEADROOM_MB = 256;

export interface MeasureOptions {
  runs: number;
  io: Io;
  /** `cost.functions["<id>"].measurePath`: the request path per function id. */
  paths?: Record<string, string>;
  /** `cost.defaults.measurePath`. */
  defaultPath?: string;
  /** `cost.functions["<id>"].events`, checked: the event files per function id, with their shares. */
  events?: Map<string, WeightedEvent[]>;
  /** Per function: SIGTERM after this long, SIGKILL `graceMs` later. */
  timeoutMs?: number;
  graceMs?: number;
}

/** One function's measuring run, as the runners take it. */
export interface RunSpec {
  runs: number;
  requestPath: string | undefined;
  /** Lambda: the event files config names, with their shares of traffic (else every file found, alike). */
  events?: WeightedEvent[] | undefined;
  timeoutMs: number;
  graceMs: number;
  /** The cache folder the bundle, runner and empty HOME are written to, and the bundle's base name. */
  dir: string;
  safe: string;
  memoryMb: number;
  /** Cold starts to take (init is their median). */
  coldStarts: number;
}

/**
 * The one place coldstart executes project code, and only on request: each function is bundled
 * with esbuild and run in its own contained child process (see contain.ts) with a sample event.
 */
export async function measureProject(project: Project, options: MeasureOptions): Promise<Map<string, Measured>> {
  const { io, runs } = options;
  writeLine(
    io.stderr,
    `--measure: bundling and running ${project.functions.length} function(s) locally (Lambda and Vercel functions under Node, Workers in workerd). This executes your project's code, in a child process with a minimal environment, the function's memory and a time limit; it can still read your files and use the network.`,
  );
  const results = new Map<string, Measured>();
  for (const fn of project.functions) {
    const outcome = await measureFunction(fn, {
      runs,
      requestPath: options.paths?.[fn.id] ?? options.defaultPath,
      events: options.events?.get(fn.id),
      timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
      graceMs: options.graceMs ?? GRACE_MS,
    });
    if ("error" in outcome) {
      writeLine(io.stderr, `  ${fn.id}: not measured (${outcome.error}); using the other assumptions instead.`);
      continue;
    }
    const over = outcome.runs > 1 ? `mean of runs 2-${outcome.runs}` : "one run";
    const p = outcome.wallPercentilesMs;
    const spread = p ? `, wall p50 ${p.p50.toFixed(2)} / p99 ${p.p99.toFixed(2)} ms` : "";
    const colds = (outcome.initSamplesMs?.length ?? 1) > 1 ? ` (median of ${outcome.initSamplesMs!.length})` : "";
    writeLine(io.stderr, `  ${fn.id}: init ${outcome.initMs.toFixed(1)} ms${colds}, wall ${outcome.wallMs.toFixed(2)} ms, CPU ${outcome.cpuMs.toFixed(2)} ms (${over}; first run ${(outcome.firstWallMs ?? 0).toFixed(1)} ms${spread}), ${outcome.how}`);
    results.set(fn.id, outcome);
  }
  return results;
}

export async function measureFunction(fn: FunctionInfo, spec: Omit<RunSpec, "dir" | "safe" | "memoryMb" | "coldStarts">): Promise<Measured | { error: string }> {
  // Inside the package's node_modules so the bundle's external packages resolve as they would in the project.
  const dir = path.join(fn.packageRoot, "node_modules/.cache/coldstart/measure");
  await mkdir(dir, { recursive: true });
  const full: RunSpec = { ...spec, dir, safe: fn.id.replace(/[^a-zA-Z0-9._-]+/g, "_"), memoryMb: measureMemoryMb(fn), coldStarts: COLD_SAMPLES };
  switch (fn.runtime) {
    case "workerd":
      return measureInWorkerd(fn, full);
    case "nodejs":
    case "edge":
      return measureInNode(fn, full);
    default:
      return fn.runtime satisfies never;
  }
}

/** Lambda and Vercel functions: bundled for Node and run under the Node they deploy on, when one is on PATH. */
async function measureInNode(fn: FunctionInfo, spec: RunSpec): Promise<Measured | { error: string }> {
  const { dir, safe, runs, memoryMb } = spec;
  const bundle = path.join(dir, `${safe}.mjs`);
  const runner = path.join(dir, "runner.mjs");
  try {
    await esbuildBuild({
      entryPoints: [fn.entry],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      plugins: [...(fn.inline ? [inlinePlugin(new Map([[fn.entry, fn.inline]]))] : []), legacySubpaths(fn.packageRoot), lambdaLayers],
      logLevel: "silent",
      absWorkingDir: fn.packageRoot,
    });
  } catch (error) {
    return { error: `esbuild could not bundle ${path.relative(fn.packageRoot, fn.entry)}: ${firstLine(error)}` };
  }
  await writeFile(runner, RUNNER_SOURCE);
  // A Lambda handler gets the event files config names, else every one meant for it; anything else is called with an HTTP request.
  const kind = fn.lambda ? "lambda" : "vercel";
  const weighted = kind === "lambda" ? (spec.events ?? (await lambdaEvents(fn, dir)).map((file) => ({ file, weight: 1 }))) : [{ file: "", weight: 1 }];
  const eventFiles = weighted.map((e) => e.file);
  const route = spec.requestPath ?? fn.vercel?.route?.replace(/\[\[?\.{3}[^\]]+\]\]?/g, "a/b").replace(/\[[^\]]+\]/g, "1") ?? "/";
  const params = routeParams(fn.vercel?.route);
  const wanted = wantedNode(fn);
  // A Lambda runtime names one major (nodejs22.x): the same major first, else anything newer.
  const sameMajor = /^>=(\d+)$/.exec(wanted ?? "")?.[1];
  const found = (sameMajor ? await findNode(`^${sameMajor}`) : undefined) ?? (await findNode(wanted));
  const node = found ?? { path: process.execPath, version: process.versions.node };
  const nodeNote = found ? "" : ` (the function wants Node ${wanted}; none found on PATH)`;
  // NODE_OPTIONS, not an argument: Node processes the handler starts get the same heap limit.
  const { env, placeholders } = await measureEnv(fn, dir, { NODE_OPTIONS: `--max-old-space-size=${memoryMb}` });
  const inputOf = (eventFile: string) =>
    kind === "vercel" ? `GET ${route}` : eventFile.startsWith(dir) ? `a synthetic ${fn.lambda?.triggers[0]?.type ?? "HTTP API"} event` : `event ${path.relative(fn.packageRoot, eventFile)}`;
  const runOnce = async (eventFile: string, times: number) => {
    const args = [runner, bundle, kind, fn.lambda?.handlerExport ?? "handler", route, eventFile, String(times), JSON.stringify(params), String(memoryMb)];
    const run = await runContained(node.path, args, { cwd: fn.packageRoot, env, timeoutMs: spec.timeoutMs, graceMs: spec.graceMs, memoryMb, dataLimitMb: memoryMb + DATA_HEADROOM_MB });
    return readRun(run, fn.platform, memoryMb);
  };
  // Each input once with every run, then more cold starts of the first, so init is not one sample.
  const inputs: InputRuns[] = weighted.map((e) => ({ input: inputOf(e.file), weight: e.weight, runs: [] }));
  const plan = [...inputs.map((_, i) => ({ i, times: runs })), ...Array.from({ length: Math.max(0, spec.coldStarts - inputs.length) }, () => ({ i: 0, times: 1 }))];
  let capped = false;
  for (const step of plan) {
    const outcome = await runOnce(eventFiles[step.i]!, step.times);
    if ("error" in outcome) return outcome;
    if ("thrown" in outcome) {
      const missing = /^Cannot find (?:package|module) '([^'./][^']*)'/.exec(outcome.thrown)?.[1];
      if (missing) return { error: `${missing} is not installed; install the project's dependencies first` };
      return { error: `the handler threw: ${outcome.thrown}${inputs.length > 1 ? ` (with ${inputs[step.i]!.input})` : ""}` };
    }
    capped ||= outcome.figures.capped === true;
    // A cold start alone (one run) has no warm runs: only its init counts.
    inputs[step.i]!.runs.push(step.times > 1 ? outcome.figures : { ...outcome.figures, wallSamples: [], cpuSamples: [] });
  }
  const byConfig = spec.events !== undefined;
  const names = inputs.map((x) => (byConfig ? `${x.input} ${share(x.weight, inputs)}` : x.input));
  const weights = byConfig ? `weighted by cost.functions["${fn.id}"].events` : "weighted alike";
  const input = inputs.length === 1 ? inputs[0]!.input : `${inputs.length} inputs (${names.join(", ")}), ${weights}`;
  const cut = capped ? "; the response was still streaming after 15 s and was cut, so wall time is a lower bound" : "";
  const declared = placeholders.length ? `, ${placeholders.join(", ")} set to ${placeholders.length === 1 ? "a placeholder" : "placeholders"}` : "";
  const how = `under Node ${node.version}${nodeNote} with ${input}${cut} (${memoryNote(memoryMb, { heap: true })}${declared})`;
  const weighting = byConfig
    ? { from: "config" as const, detail: `cost.functions["${fn.id}"].events` }
    : { from: "equal" as const, detail: inputs.length === 1 ? "one input" : "every input alike: no cost.functions[id].events in config" };
  return combineRuns(inputs, { how, weighting, ...(kind === "lambda" ? { logLinePrefixBytes: LOG_LINE_PREFIX_BYTES } : {}) });
}

/** "(70%)": an input's share of the traffic. */
function share(weight: number, all: Array<{ weight: number }>): string {
  const total = all.reduce((s, x) => s + x.weight, 0);
  return `(${Number(((weight / total) * 100).toPrecision(3))}%)`;
}

/** The Node a function deploys on: its Lambda runtime (nodejs22.x), else its package's engines.node. */
function wantedNode(fn: FunctionInfo): string | undefined {
  const lambda = /^nodejs(\d+)\.x$/.exec(fn.lambda?.runtime?.value ?? "");
  if (lambda) return `>=${lambda[1]}`;
  try {
    const pkg = JSON.parse(readFileSync(path.join(fn.packageRoot, "package.json"), "utf8")) as { engines?: { node?: unknown } };
    return typeof pkg.engines?.node === "string" ? pkg.engines.node : undefined;
  } catch {
    return undefined;
  }
}

/** Sample values for a route's dynamic segments: [id] -> "1", [...path] -> ["a", "b"]. */
export function routeParams(route: string | undefined): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const m of route?.matchAll(/\[\[?(\.{3})?([^\]]+)\]\]?/g) ?? []) {
    if (m[2]) params[m[2]] = m[1] ? ["a", "b"] : "1";
  }
  return params;
}

/**
 * Node's ESM loader cannot import a subpath such as "next/server" from a package without an
 * "exports" map (it wants "next/server.js"); resolve those the way a bundler or require would.
 */
function legacySubpaths(packageRoot: string): Plugin {
  const req = createRequire(path.join(packageRoot, "package.json"));
  return {
    name: "coldstart-legacy-subpaths",
    setup(build) {
      build.onResolve({ filter: /^(@[^/]+\/)?[^./@][^/]*\/.+/ }, (args) => {
        const name = args.path.split("/").slice(0, args.path.startsWith("@") ? 2 : 1).join("/");
        try {
          const pkg = JSON.parse(readFileSync(req.resolve(`${name}/package.json`), "utf8")) as { exports?: unknown };
          if (pkg.exports !== undefined) return undefined;
          return { path: req.resolve(args.path), external: true };
        } catch {
          return undefined;
        }
      });
    },
  };
}

/** Every events/<entry name>*.json (SAM's convention) or events/*<function name>*.json, else a synthetic event for its trigger. */
async function lambdaEvents(fn: FunctionInfo, dir: string): Promise<string[]> {
  const eventsDir = path.join(fn.packageRoot, "events");
  const base = path.basename(fn.entry).replace(/\.[cm]?[jt]sx?$/, "").toLowerCase();
  const files = (await readdir(eventsDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
  const byEntry = files.filter((f) => f.toLowerCase().startsWith(base));
  const matches = byEntry.length > 0 ? byEntry : files.filter((f) => f.toLowerCase().includes(fn.lambda?.name.toLowerCase() ?? "\0"));
  if (matches.length > 0) return matches.map((f) => path.join(eventsDir, f));
  const file = path.join(dir, `${base}.event.json`);
  await writeFile(file, JSON.stringify(syntheticEvent(fn)));
  return [file];
}

export function syntheticEvent(fn: FunctionInfo): unknown {
  const first = fn.lambda?.triggers[0];
  const trigger = first?.type;
  const methodArn = "arn:aws:execute-api:us-east-1:000000000000:api/prod/GET/";
  // API Gateway's authorizer inputs (docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html).
  if (first?.authorizer?.kind === "token") return { type: "TOKEN", authorizationToken: "Bearer coldstart-measure", methodArn };
  if (first?.authorizer?.api === "rest") {
    return { type: "REQUEST", methodArn, resource: "/", path: "/", httpMethod: "GET", headers: { host: "localhost" }, queryStringParameters: {}, pathParameters: {}, stageVariables: {}, requestContext: { requestId: "coldstart-measure", httpMethod: "GET", path: "/prod/", stage: "prod" } };
  }
  if (trigger === "sqs") {
    return { Records: [{ messageId: "1", receiptHandle: "r", body: "{}", attributes: {}, messageAttributes: {}, eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:q", awsRegion: "us-east-1" }] };
  }
  if (trigger === "schedule" || trigger === "eventbridge") {
    return { version: "0", id: "1", "detail-type": "Scheduled Event", source: "aws.events", account: "000000000000", time: new Date(0).toISOString(), region: "us-east-1", resources: [], detail: {} };
  }
  // An ALB target's request (docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html, "Receive events from the load balancer").
  if (trigger === "alb") {
    return {
      requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/coldstart-measure/0" } },
      httpMethod: "GET",
      path: "/",
      queryStringParameters: {},
      headers: { host: "localhost", "user-agent": "coldstart-measure" },
      body: "",
      isBase64Encoded: false,
    };
  }
  // A WebSocket API message on the $default route (docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html).
  if (trigger === "websocket") {
    const requestContext = { routeKey: "$default", eventType: "MESSAGE", messageDirection: "IN", connectionId: "coldstart-measure=", requestId: "coldstart-measure", domainName: "localhost", stage: "prod", apiId: "api", connectedAt: 0, requestTimeEpoch: 0 };
    return { requestContext, body: "{}", isBase64Encoded: false };
  }
  // API Gateway HTTP API (payload 2.0) GET /; a function URL sends the same shape.
  return {
    version: "2.0",
    routeKey: "GET /",
    rawPath: "/",
    rawQueryString: "",
    headers: { host: "localhost", "user-agent": "coldstart-measure" },
    requestContext: { requestId: "coldstart-measure", http: { method: "GET", path: "/", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "coldstart-measure" }, routeKey: "GET /", stage: "$default", timeEpoch: 0 },
    isBase64Encoded: false,
  };
}
