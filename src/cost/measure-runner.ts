/**
 * Source of the child-process script that `cost --measure` runs for Node functions (Lambda and
 * Vercel): imports one bundled function, timing module init, then calls its handler up to N times,
 * timing wall and CPU per call. Kept as a string so the built CLI (one esbuild bundle) can write it
 * next to the function bundle.
 *
 * Streaming responses are read to the end, so a server-sent-events route is timed for as long as it
 * really holds the instance; a body still open after STREAM_CAP_MS is cancelled and the run marked
 * capped (its wall time is then a lower bound). After BUDGET_MS the runs stop early (at least two).
 * What it prints is checked by measured.ts: the project's code runs in this process and could forge it.
 *
 * It also counts, per call, what the handler writes to stdout and stderr (bytes, and console calls:
 * each is one log line where Lambda adds its prefix) and the bytes of the response body it returns.
 */
export const RUNNER_SOURCE = String.raw`
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [bundle, kind, exportName, route, eventFile, runsText, paramsJson, memoryMb] = process.argv.slice(2);

const runs = Number(runsText);
const BUDGET_MS = 20000;
const STREAM_CAP_MS = 15000;
const now = () => performance.now();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const emit = process.stdout.write.bind(process.stdout);
const out = (value) => emit("\n__COLDSTART_MEASURE__" + JSON.stringify(value) + "\n");

// What the handler logs: every byte written to stdout or stderr (console or not), and console calls.
let written = 0; let lines = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    written += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk?.byteLength ?? 0);
    return write(chunk, ...rest);
  };
}
for (const name of ["log", "info", "warn", "error", "debug", "trace"]) {
  const original = console[name];
  console[name] = function (...args) { lines++; return original.apply(this, args); };
}

/** Bytes of a Lambda result as its caller gets them: an API Gateway body (base64 decoded), a string, or JSON. */
function lambdaBytes(result) {
  if (result === undefined || result === null) return 0;
  if (typeof result === "string") return Buffer.byteLength(result);
  if (typeof result === "object" && typeof result.body === "string") return Buffer.byteLength(result.body, result.isBase64Encoded ? "base64" : "utf8");
  try { return Buffer.byteLength(JSON.stringify(result) ?? ""); } catch { return 0; }
}

/** Reads a Response body to its end: its bytes, and whether it was still open after STREAM_CAP_MS and was cancelled. */
async function drain(result) {
  const body = result && typeof result === "object" ? result.body : undefined;
  if (!body || typeof body.getReader !== "function") {
    if (result && typeof result.arrayBuffer === "function") return { bytes: (await result.arrayBuffer()).byteLength, capped: false };
    return { bytes: 0, capped: false };
  }
  const reader = body.getReader();
  const deadline = now() + STREAM_CAP_MS;
  let bytes = 0;
  for (;;) {
    let timer;
    const expired = new Promise((resolve) => { timer = setTimeout(() => resolve(null), Math.max(0, deadline - now())); });
    const next = await Promise.race([reader.read(), expired]);
    clearTimeout(timer);
    if (next === null) { await reader.cancel().catch(() => {}); return { bytes, capped: true }; }
    if (next.done) return { bytes, capped: false };
    bytes += next.value?.byteLength ?? 0;
  }
}

try {
  const t0 = now(); const c0 = cpu();
  const mod = await import(pathToFileURL(bundle).href);
  const initMs = now() - t0; const initCpuMs = cpu() - c0;
  const event = eventFile ? JSON.parse(readFileSync(eventFile, "utf8")) : undefined;
  const url = "http://localhost" + (route || "/");
  let call;
  if (kind === "lambda") {
    const fn = mod[exportName] ?? mod.default?.[exportName];
    if (typeof fn !== "function") throw new Error("no exported handler named " + exportName);
    let n = 0;
    call = () => fn(structuredClone(event), {
      awsRequestId: "coldstart-measure-" + ++n, functionName: "coldstart-measure", functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:coldstart-measure", memoryLimitInMB: memoryMb,
      logGroupName: "/aws/lambda/coldstart-measure", logStreamName: "measure", callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 30000,
    });
  } else {
    const fn = mod.GET ?? mod.POST ?? mod.default ?? mod.middleware ?? mod.proxy;
    if (typeof fn !== "function") throw new Error("no GET, POST, default, middleware or proxy export to call");
    // Next 15+ passes params as a promise, earlier versions as an object: give both.
    const params = JSON.parse(paramsJson || "{}");
    call = () => fn(new Request(url), { params: Object.assign(Promise.resolve(params), params) });
  }
  const walls = []; const cpus = []; const logs = []; const logLines = []; const sizes = []; let capped = false;
  const started = now();
  for (let i = 0; i < runs; i++) {
    const t = now(); const c = cpu(); const w = written; const l = lines;
    const result = await call();
    const drained = kind === "lambda" ? { bytes: lambdaBytes(result), capped: false } : await drain(result);
    if (drained.capped) capped = true;
    walls.push(now() - t); cpus.push(cpu() - c); logs.push(written - w); logLines.push(lines - l); sizes.push(drained.bytes);
    if (i >= 1 && now() - started > BUDGET_MS) break;
  }
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const warm = (xs) => (xs.length > 1 ? xs.slice(1) : xs);
  out({
    initMs, initCpuMs, wallMs: mean(warm(walls)), cpuMs: mean(warm(cpus)), firstWallMs: walls[0], runs: walls.length, capped,
    wallSamples: warm(walls), cpuSamples: warm(cpus),
    logBytes: mean(warm(logs)), logLines: mean(warm(logLines)), responseBytes: mean(warm(sizes)),
  });
} catch (error) {
  out({ error: error instanceof Error ? error.message : String(error) });
}
process.exit(0);
`;
