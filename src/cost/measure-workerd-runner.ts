/**
 * Sources `cost --measure` writes next to a Worker's bundle to time it inside workerd.
 *
 * Timers do not advance while a Worker computes, so nothing is timed from inside: the harness
 * Worker only loads the user's module (a dynamic import, so module evaluation happens during one
 * request) and calls its fetch handler N times per request. The runner, a Node process that starts
 * workerd through the project's own miniflare, times each request from outside, reads workerd's CPU
 * time from /proc, and subtracts the same figures for a request that does nothing. Warm calls are
 * batched until they outweigh that request's noise, so a Worker may run more often than --runs.
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

/** argv: miniflare entry, options JSON (v4 worker options), route, runs. */
export const WORKERD_RUNNER_SOURCE = String.raw`
import { readFileSync, readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [miniflareEntry, optionsJson, route, runsText] = process.argv.slice(2);
const runs = Math.max(1, Number(runsText));
const now = () => performance.now();
const out = (value) => process.stdout.write("\n__COLDSTART_MEASURE__" + JSON.stringify(value) + "\n");

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

let mf;
try {
  const MF = await import(pathToFileURL(miniflareEntry).href);
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
  // The Worker's code is not loaded yet: the memory in use now is workerd's and miniflare's own.
  process.stderr.write("\n__COLDSTART_RUNTIME_READY__\n");
  const net = (x, key, n = 1) => Math.max(0, (x[key] - base[key]) / n);
  const path = encodeURIComponent(route || "/");
  const load = await hit("op=load");
  const first = await hit("runs=1&path=" + path);
  // A request's overhead varies by a few ms, so the warm calls go in one request, enough of them
  // (at least runs - 1) to add up to about 100 ms, at most 500.
  const perCall = Math.max(net(first, "wall"), 0.05);
  const n = Math.min(500, Math.max(runs - 1, Math.ceil(100 / perCall)));
  const rest = await hit("runs=" + n + "&path=" + path);
  // A request cannot take less wall time than CPU time: when the wall difference drowns in the
  // requests' noise, the CPU figure is the better bound.
  const cpuMs = readCpu ? net(rest, "cpu", n) : net(rest, "wall", n);
  out({
    initMs: Math.max(net(load, "wall"), readCpu ? net(load, "cpu") : 0),
    wallMs: Math.max(net(rest, "wall", n), cpuMs),
    cpuMs,
    firstWallMs: Math.max(net(first, "wall"), readCpu ? net(first, "cpu") : 0),
    runs: n + 1,
    cpuObserved: Boolean(readCpu),
    status: Number(rest.body),
    overheadMs: base.wall,
  });
} catch (error) {
  out({ error: (error instanceof Error ? error.message : String(error)).split("\n").find((l) => l.trim()) ?? "unknown error" });
} finally {
  await mf?.dispose().catch(() => {});
}
process.exit(0);
`;
