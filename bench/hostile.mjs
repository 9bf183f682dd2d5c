// Generates large and hostile projects (issue 9: bounded work on every input) in a temp folder and
// runs `coldstart audit` on each as a fresh process. Prints CPU time (user + system of the process
// and its children, esbuild included, sampled from /proc), which a shared, noisy machine disturbs
// far less than wall time, and the median of --runs. A run past --timeout seconds is killed.
// Usage: node bench/hostile.mjs [--runs 3] [--timeout 120] [--only name,name] [--cli path/to/coldstart.js]
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cpuTicks, tree } from "./proc.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const option = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(option("runs") ?? 3);
const TIMEOUT_S = Number(option("timeout") ?? 120);
const ONLY = option("only")?.split(",");
const CLI = path.resolve(option("cli") ?? path.join(repo, "bin/coldstart.js"));
const TICK_MS = 10; // USER_HZ is 100 on Linux

const handler = "export const handler = async () => ({ statusCode: 200 });\n";
const samFunction = (i) =>
  `  Fn${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: src/app.handler\n      Runtime: nodejs22.x\n      Environment:\n        Variables:\n          MODE: "${"x".repeat(100)}"\n`;
const longDir = Array.from({ length: 19 }, () => "a".repeat(200)).join("/");

/** name -> files (path -> content). */
const CASES = {
  "sam-8000-functions": () => ({ "src/app.mjs": handler, "template.yaml": `Transform: AWS::Serverless-2016-10-31\nResources:\n${Array.from({ length: 8000 }, (_, i) => samFunction(i)).join("")}` }),
  "sam-17000-functions": () => ({ "src/app.mjs": handler, "template.yaml": `Transform: AWS::Serverless-2016-10-31\nResources:\n${Array.from({ length: 17000 }, (_, i) => samFunction(i)).join("")}` }),
  "json-template-12000-functions": () => {
    const resources = Object.fromEntries(
      Array.from({ length: 12000 }, (_, i) => [`Fn${i}`, { Type: "AWS::Serverless::Function", Properties: { Handler: "src/app.handler", Runtime: "nodejs22.x", Environment: { Variables: { MODE: "x".repeat(100) } } } }]),
    );
    return { "src/app.mjs": handler, "template.json": JSON.stringify({ Transform: "AWS::Serverless-2016-10-31", Resources: resources }, null, 2) };
  },
  "wrangler-16000-environments": () => ({
    "src/index.mjs": "export default { fetch: () => new Response('ok') };\n",
    "wrangler.toml": `name = "w"\nmain = "src/index.mjs"\ncompatibility_date = "2025-09-15"\n${Array.from({ length: 16000 }, (_, i) => `\n[env.e${i}]\nname = "w-${i}"\nvars = { MODE = "m${i}" }\n`).join("")}`,
  }),
  "vercel-20000-globs-300-files": () => ({
    "package.json": JSON.stringify({ dependencies: { "@vercel/node": "5.0.0" } }),
    "vercel.json": JSON.stringify({ functions: Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`api/route${i}/**/*.ts`, { maxDuration: 10 }])) }),
    ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`api/h${i}.ts`, "export default function handler(req, res) { res.end('ok'); }\n"])),
  }),
  "template-25mb": () => ({
    "src/app.mjs": handler,
    "template.yaml": `Transform: AWS::Serverless-2016-10-31\nResources:\n${samFunction(0)}Metadata:\n${`  Note: "${"y".repeat(200)}"\n`.repeat(118_000)}`,
  }),
  "yaml-billion-laughs": () => ({
    "src/app.mjs": handler,
    "template.yaml": `Transform: AWS::Serverless-2016-10-31\n${[..."abcdefghi"].map((c, i) => `${c}: &${c} [${Array.from({ length: 9 }, () => (i === 0 ? '"lol"' : `*${"abcdefghi"[i - 1]}`)).join(",")}]`).join("\n")}\nResources:\n${samFunction(0)}      Tags: *i\n`,
  }),
  "ignore-glob-3800-char-path": () => ({
    "wrangler.toml": 'name = "w"\nmain = "src/index.mjs"\ncompatibility_date = "2025-09-15"\n',
    "coldstart.config.json": JSON.stringify({ ignore: ["*a*a*a*a*a*ab"] }),
    "src/index.mjs": `import { x } from "./${longDir}/x.mjs";\nexport default { fetch: () => new Response(x) };\n`,
    [`src/${longDir}/x.mjs`]: 'export const x = "x";\n',
  }),
};

/**
 * Runs a command. CPU time: the child's own, exactly, from this process's `cutime + cstime` once it
 * is reaped; plus, for its descendants (esbuild's service, which outlives the wait), the last
 * utime + stime sampled from /proc.
 */
function measure(args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const before = cpuTicks(process.pid, true);
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const ticks = new Map();
    const sample = () => {
      for (const pid of tree(child.pid).slice(1)) {
        const t = cpuTicks(pid);
        if (t !== undefined) ticks.set(pid, t);
      }
    };
    const timer = setInterval(sample, 10);
    const killer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_S * 1000);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      clearTimeout(killer);
      const own = cpuTicks(process.pid, true) - before;
      const cpuS = ((own + [...ticks.values()].reduce((a, b) => a + b, 0)) * TICK_MS) / 1000;
      // 2 is a clean answer too (a project whose only config is refused), unless it is a crash.
      const wallS = (performance.now() - started) / 1000;
      if (signal) resolve({ cpuS, wallS, killed: true, code });
      else if (code !== 0 && code !== 1 && code !== 2) reject(new Error(`exit ${code}: ${stderr}`));
      else resolve({ cpuS, wallS, killed: false, code: /internal error/.test(stderr) ? "2, internal error" : code });
    });
  });
}

const base = mkdtempSync(path.join(tmpdir(), "coldstart-bench-hostile-"));
console.log(`CLI ${CLI}, median of ${RUNS}, killed after ${TIMEOUT_S} s`);
for (const [name, make] of Object.entries(CASES)) {
  if (ONLY && !ONLY.includes(name)) continue;
  const root = path.join(base, name);
  let bytes = 0;
  for (const [rel, text] of Object.entries(make())) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
    bytes += Buffer.byteLength(text);
  }
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await measure([CLI, "audit", root, "--format", "json"], base);
    runs.push(run);
    if (run.killed) break;
  }
  const mid = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const killed = runs.some((r) => r.killed);
  // A killed run is still reaped, so its CPU time up to the kill is known: a lower bound.
  const cpu = killed ? `> ${runs.at(-1).cpuS.toFixed(2)} s CPU, killed` : `${mid(runs.map((r) => r.cpuS)).toFixed(2)} s CPU`;
  const exit = killed ? "" : `, exit ${runs[0].code}`;
  console.log(`${name.padEnd(30)} ${(bytes / 1e6).toFixed(1).padStart(5)} MB  ${cpu.padStart(24)}  (wall ${mid(runs.map((r) => r.wallS)).toFixed(1)} s${exit})`);
}
if (!process.argv.includes("--keep")) rmSync(base, { recursive: true, force: true });
