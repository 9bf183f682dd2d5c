/**
 * Sources `cost --measure` writes next to a Worker's bundle to time it inside workerd.
 *
 * Timers do not advance while a Worker computes, so nothing is timed from inside: the harness
 * Worker only loads the user's module (a dynamic import, so module evaluation happens during one
 * request) and calls its fetch handler N times per request. The runner, a Node process that starts
 * workerd through the project's own miniflare, times each request from outside, reads workerd's CPU
 * time from /proc, and subtracts the same figures for a request that does nothing. Warm calls are
 * batched until they outweigh that request's noise, so a Worker may run more often than --runs; the
 * warm figures are one sample per request (its mean per call), for percentiles. Each cold start but
 * the last loads the module in a workerd of its own, so init is the median of several.
 */

/** The Worker that wraps the user's module (imported as `./<bundle>`). */
export function harnessSource(bundleFile: string): string {
  return String.raw`
let worker;
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    try {
      if (url.searchParams.get("op") === "load") {
        worker = (await import(${JSON.stringify(`./${bundleFile}`)})).default;
        if (!worker || typeof worker.fetch !== "function") throw new Error("the module has no default export with a fetch() handler");
        return new Response("loaded");
      }
      const runs = Number(url.searchParams.get("runs") ?? "0");
      const target = new URL(url.searchParams.get("path") ?? "/", url.origin);
      let status = 0;
      for (let i = 0; i < runs; i++) {
        const response = await worker.fetch(new Request(target, { headers: { "user-agent": "coldstart-measure" } }), env, ctx);
        status = response.status;
        await response.arrayBuffer();
      }
      return new Response(String(status));
    } catch (error) {
      return new Response(error instanceof Error ? error.message : String(error), { status: 599 });
    }
  },
};
`;
}

/** argv: miniflare entry, options JSON (v4 worker options), route, runs, cold starts. */
export const WORKERD_RUNNER_SOURCE = String.raw`
import { readFileSync, readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [miniflareEntry, optionsJson, route, runsText, coldText] = process.argv.slice(2);
const runs = Math.max(1, Number(runsText));
const coldStarts = Math.max(1, Number(coldText));
const now = () => performance.now();
const out = (value) => process.stdout.write("\n__COLDSTART_MEASURE__" + JSON.stringify(value) + "\n");
const BUDGET_MS = 20000;
/** A warm request holds enough calls to add up to about this much work, so its noise is a small part. */
const BATCH_MS = 20;

/** workerd is this process's child: its CPU time, summed over its threads, from /proc (Linux). */
function workerdPid() {
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync("/proc/" + pid + "/stat", "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === process.pid && stat.includes("(workerd)")) return pid;
    } catch {}
  }
  return undefined;
}
function cpuReader(pid) {
  if (!pid) return undefined;
  const read = () => {
    let ns = 0;
    for (const tid of readdirSync("/proc/" + pid + "/task")) {
      try { ns += Number(readFileSync("/proc/" + pid + "/task/" + tid + "/schedstat", "utf8").split(" ")[0]); } catch {}
    }
    return ns / 1e6;
  };
  try { return Number.isFinite(read()) && read() > 0 ? read : undefined; } catch { return undefined; }
}

let MF;
let mf;
/** A fresh workerd with the Worker not loaded yet, and the cost of a request that does nothing there. */
async function start() {
  const v4 = JSON.parse(optionsJson);
  mf = new MF.Miniflare(typeof MF.convertV4MiniflareOptions === "function" ? MF.convertV4MiniflareOptions(v4) : v4);
  await mf.ready;
  let readCpu;
  try { readCpu = cpuReader(workerdPid()); } catch {}
  const hit = async (query) => {
    const c = readCpu?.() ?? 0; const t = now();
    const response = await mf.dispatchFetch("http://localhost/__coldstart_measure?" + query);
    const body = await response.text();
    const wall = now() - t; const cpu = (readCpu?.() ?? 0) - c;
    if (response.status === 599) throw new Error(body);
    // Anything else is workerd's own answer: the Worker hung ("will never generate a response") or crashed.
    if (response.status !== 200) throw new Error("the Worker gave no response (" + response.status + ": " + body.trim().split("\n")[0].slice(0, 200) + ")");
    return { wall, cpu, body };
  };
  const idle = [];
  for (let i = 0; i < 9; i++) idle.push(await hit("runs=0"));
  const median = (key) => idle.map((x) => x[key]).sort((a, b) => a - b)[4];
  const base = { wall: median("wall"), cpu: median("cpu") };
  const net = (x, key, n = 1) => Math.max(0, (x[key] - base[key]) / n);
  /** Time of a request, net of an empty one: wall, or CPU when that is larger (wall lost in the noise). */
  const busy = (x, n = 1) => ({ wall: Math.max(net(x, "wall", n), readCpu ? net(x, "cpu", n) : 0), cpu: readCpu ? net(x, "cpu", n) : net(x, "wall", n) });
  return { hit, base, busy, cpuObserved: Boolean(readCpu) };
}

try {
  MF = await import(pathToFileURL(miniflareEntry).href);
  // Cold starts but the last, each in a workerd of its own (under the runtime's startup allowance).
  const inits = [];
  for (let i = 1; i < coldStarts; i++) {
    const w = await start();
    inits.push(w.busy(await w.hit("op=load")).wall);
    await mf.dispose();
    mf = undefined;
  }
  const w = await start();
  // The Worker's code is not loaded yet: the memory in use now is workerd's and miniflare's own.
  process.stderr.write("\n__COLDSTART_RUNTIME_READY__\n");
  const path = encodeURIComponent(route || "/");
  inits.push(w.busy(await w.hit("op=load")).wall);
  const started = now();
  const first = await w.hit("runs=1&path=" + path);
  // A request's overhead varies by a few ms, so each warm request holds enough calls to add up to
  // about BATCH_MS (at most 500), and there are runs - 1 such requests (at least 2).
  const perCall = Math.max(w.busy(first).wall, 0.05);
  const k = Math.min(500, Math.max(1, Math.ceil(BATCH_MS / perCall)));
  const requests = Math.min(100, Math.max(2, runs - 1));
  const walls = []; const cpus = []; let status = 0;
  for (let i = 0; i < requests; i++) {
    const rest = await w.hit("runs=" + k + "&path=" + path);
    const b = w.busy(rest, k);
    walls.push(b.wall); cpus.push(b.cpu); status = Number(rest.body);
    if (i >= 1 && now() - started > BUDGET_MS) break;
  }
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const sorted = [...inits].sort((a, b) => a - b);
  out({
    initMs: sorted[Math.ceil(sorted.length / 2) - 1],
    initSamples: inits,
    wallMs: mean(walls),
    cpuMs: mean(cpus),
    firstWallMs: w.busy(first).wall,
    runs: 1 + walls.length * k,
    callsPerRequest: k,
    cpuObserved: w.cpuObserved,
    status,
    overheadMs: w.base.wall,
    wallSamples: walls,
    cpuSamples: cpus,
  });
} catch (error) {
  out({ error: (error instanceof Error ? error.message : String(error)).split("\n").find((l) => l.trim()) ?? "unknown error" });
} finally {
  await mf?.dispose().catch(() => {});
}
process.exit(0);
`;
