/**
 * Source of the child-process script that `cost --measure` runs: imports one bundled function,
 * timing module init, then calls its handler N times, timing wall and CPU per call. Kept as a
 * string so the built CLI (one esbuild bundle) can write it next to the function bundle.
 */
export const RUNNER_SOURCE = String.raw`
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [bundle, kind, exportName, route, eventFile, runsText, paramsJson] = process.argv.slice(2);
const runs = Number(runsText);
const now = () => performance.now();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const out = (value) => process.stdout.write("\n__COLDSTART_MEASURE__" + JSON.stringify(value) + "\n");
try {
  const t0 = now(); const c0 = cpu();
  const mod = await import(pathToFileURL(bundle).href);
  const initMs = now() - t0; const initCpuMs = cpu() - c0;
  const event = eventFile ? JSON.parse(readFileSync(eventFile, "utf8")) : undefined;
  const url = "http://localhost" + (route || "/");
  let call;
  if (kind === "workerd") {
    const worker = mod.default;
    if (!worker || typeof worker.fetch !== "function") throw new Error("the module has no default export with a fetch() handler");
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    call = () => worker.fetch(new Request(url), {}, ctx);
  } else if (kind === "lambda") {
    const fn = mod[exportName] ?? mod.default?.[exportName];
    if (typeof fn !== "function") throw new Error("no exported handler named " + exportName);
    let n = 0;
    call = () => fn(structuredClone(event), {
      awsRequestId: "coldstart-measure-" + ++n, functionName: "coldstart-measure", functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:coldstart-measure", memoryLimitInMB: "1024",
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
  const walls = []; const cpus = [];
  for (let i = 0; i < runs; i++) {
    const t = now(); const c = cpu();
    const result = await call();
    if (result && typeof result.text === "function") await result.text();
    walls.push(now() - t); cpus.push(cpu() - c);
  }
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const warm = (xs) => (xs.length > 1 ? xs.slice(1) : xs);
  out({ initMs, initCpuMs, wallMs: mean(warm(walls)), cpuMs: mean(warm(cpus)), firstWallMs: walls[0], runs });
} catch (error) {
  out({ error: error instanceof Error ? error.message : String(error) });
}
process.exit(0);
`;
