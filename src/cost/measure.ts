import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import type { Plugin } from "esbuild";
import { lambdaLayers } from "../audit/bundle.js";
import { writeLine, type Io } from "../cli/ui.js";
import type { FunctionInfo, Project } from "../project/types.js";
import type { Measured } from "./types.js";
import { RUNNER_SOURCE } from "./measure-runner.js";
import { findNode } from "./find-node.js";
import { firstLine, parseMeasurement } from "./measure-output.js";
import { measureInWorkerd } from "./measure-workerd.js";

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

export interface MeasureOptions {
  runs: number;
  io: Io;
  /** `cost.functions["<id>"].measurePath`: the request path per function id. */
  paths?: Record<string, string>;
  /** `cost.defaults.measurePath`. */
  defaultPath?: string;
}

/**
 * The one place coldstart executes project code, and only on request: each function is bundled
 * with esbuild and run in its own child process with a sample event.
 */
export async function measureProject(project: Project, options: MeasureOptions): Promise<Map<string, Measured>> {
  const { io, runs } = options;
  writeLine(io.stderr, `--measure: bundling and running ${project.functions.length} function(s) locally (Lambda and Vercel functions under Node, Workers in workerd). This executes your project's code.`);
  const results = new Map<string, Measured>();
  for (const fn of project.functions) {
    const outcome = await measureFunction(fn, runs, options.paths?.[fn.id] ?? options.defaultPath);
    if ("error" in outcome) {
      writeLine(io.stderr, `  ${fn.id}: not measured (${outcome.error}); using the other assumptions instead.`);
      continue;
    }
    const over = outcome.runs > 1 ? `mean of runs 2-${outcome.runs}` : "one run";
    writeLine(io.stderr, `  ${fn.id}: init ${outcome.initMs.toFixed(1)} ms, wall ${outcome.wallMs.toFixed(2)} ms, CPU ${outcome.cpuMs.toFixed(2)} ms (${over}; first run ${(outcome.firstWallMs ?? 0).toFixed(1)} ms), ${outcome.how}`);
    results.set(fn.id, outcome);
  }
  return results;
}

export async function measureFunction(fn: FunctionInfo, runs: number, requestPath?: string): Promise<Measured | { error: string }> {
  // Inside the package's node_modules so the bundle's external packages resolve as they would in the project.
  const dir = path.join(fn.packageRoot, "node_modules/.cache/coldstart/measure");
  await mkdir(dir, { recursive: true });
  const safe = fn.id.replace(/[^a-zA-Z0-9._-]+/g, "_");
  if (fn.runtime === "workerd") return measureInWorkerd(fn, runs, dir, safe, TIMEOUT_MS, requestPath ?? "/");
  return measureInNode(fn, runs, dir, safe, requestPath);
}

/** Lambda and Vercel functions: bundled for Node and run under the Node they deploy on, when one is on PATH. */
async function measureInNode(fn: FunctionInfo, runs: number, dir: string, safe: string, requestPath: string | undefined): Promise<Measured | { error: string }> {
  const bundle = path.join(dir, `${safe}.mjs`);
  const runner = path.join(dir, "runner.mjs");
  try {
    const esbuild = await import("esbuild");
    await esbuild.build({
      entryPoints: [fn.entry],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      plugins: [legacySubpaths(fn.packageRoot), lambdaLayers],
      logLevel: "silent",
      absWorkingDir: fn.packageRoot,
    });
  } catch (error) {
    return { error: `esbuild could not bundle ${path.relative(fn.packageRoot, fn.entry)}: ${firstLine(error)}` };
  }
  await writeFile(runner, RUNNER_SOURCE);
  const kind = fn.platform === "aws-lambda" ? "lambda" : "vercel";
  const eventFile = kind === "lambda" ? await lambdaEvent(fn, dir) : "";
  const route = requestPath ?? fn.vercel?.route?.replace(/\[\[?\.{3}[^\]]+\]\]?/g, "a/b").replace(/\[[^\]]+\]/g, "1") ?? "/";
  const params = routeParams(fn.vercel?.route);
  const wanted = wantedNode(fn);
  // A Lambda runtime names one major (nodejs22.x): the same major first, else anything newer.
  const sameMajor = /^>=(\d+)$/.exec(wanted ?? "")?.[1];
  const found = (sameMajor ? await findNode(`^${sameMajor}`) : undefined) ?? (await findNode(wanted));
  const node = found ?? { path: process.execPath, version: process.versions.node };
  const nodeNote = found ? "" : ` (the function wants Node ${wanted}; none found on PATH)`;
  try {
    const { stdout } = await run(
      node.path,
      [runner, bundle, kind, fn.lambda?.handlerExport ?? "handler", route, eventFile, String(runs), JSON.stringify(params)],
      { cwd: fn.packageRoot, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_ENV: "production" } },
    );
    const parsed = parseMeasurement(stdout) as (Partial<Measured> & { error?: string; capped?: boolean }) | undefined;
    if (!parsed) return { error: "the run printed no measurement" };
    if (parsed.error) {
      const missing = /^Cannot find (?:package|module) '([^'./][^']*)'/.exec(parsed.error)?.[1];
      if (missing) return { error: `${missing} is not installed; install the project's dependencies first` };
      return { error: `the handler threw: ${parsed.error}` };
    }
    const input = kind === "vercel" ? `GET ${route}` : eventFile.startsWith(dir) ? `a synthetic ${fn.lambda?.triggers[0]?.type ?? "HTTP API"} event` : `event ${path.relative(fn.packageRoot, eventFile)}`;
    const capped = parsed.capped ? "; the response was still streaming after 15 s and was cut, so wall time is a lower bound" : "";
    return {
      initMs: parsed.initMs ?? 0,
      wallMs: parsed.wallMs ?? 0,
      cpuMs: parsed.cpuMs ?? 0,
      firstWallMs: parsed.firstWallMs ?? 0,
      runs: parsed.runs ?? runs,
      how: `under Node ${node.version}${nodeNote} with ${input}${capped}`,
    };
  } catch (error) {
    const killed = (error as { killed?: boolean }).killed;
    return { error: killed ? `timed out after ${TIMEOUT_MS / 1000} s` : firstLine(error) };
  }
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

/** events/<entry name>*.json from the package (SAM's convention), else a synthetic event for its trigger. */
async function lambdaEvent(fn: FunctionInfo, dir: string): Promise<string> {
  const eventsDir = path.join(fn.packageRoot, "events");
  const base = path.basename(fn.entry).replace(/\.[cm]?[jt]sx?$/, "").toLowerCase();
  const files = (await readdir(eventsDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
  const match = files.find((f) => f.toLowerCase().startsWith(base)) ?? files.find((f) => f.toLowerCase().includes(fn.lambda?.name.toLowerCase() ?? "\0"));
  if (match) return path.join(eventsDir, match);
  const file = path.join(dir, `${base}.event.json`);
  await writeFile(file, JSON.stringify(syntheticEvent(fn)));
  return file;
}

export function syntheticEvent(fn: FunctionInfo): unknown {
  const trigger = fn.lambda?.triggers[0]?.type;
  if (trigger === "sqs") {
    return { Records: [{ messageId: "1", receiptHandle: "r", body: "{}", attributes: {}, messageAttributes: {}, eventSource: "aws:sqs", eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:q", awsRegion: "us-east-1" }] };
  }
  if (trigger === "schedule" || trigger === "eventbridge") {
    return { version: "0", id: "1", "detail-type": "Scheduled Event", source: "aws.events", time: new Date(0).toISOString(), region: "us-east-1", resources: [], detail: {} };
  }
  // API Gateway HTTP API (payload 2.0) GET /
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
