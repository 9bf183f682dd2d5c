// Generates a Next.js project with 1,000 route handlers (a quarter on the Edge Runtime) and 50 shared
// modules in a temp folder, then runs, each as a fresh process: a bare esbuild bundle of the same
// entries, and `coldstart audit`. Prints wall time, CPU time and peak memory (the process and its
// children, esbuild's Go process included, sampled from /proc). Peak target < 500 MB.
// Then the cache between runs: a first audit into an empty --cache-dir, a second with nothing changed, and
// a third with one function's entry edited.
// Runs are interleaved, and medians compared: the machine is shared, so CPU time is the figure to trust.
// The floor is what any audit of these files must at least do, as a fresh process: start one esbuild build
// of the entries, and meanwhile read every source file of the project and parse each once with
// ts.createSourceFile. A one-function project's audit is compared with `coldstart --version`.
// Targets (issue 14): audit CPU <= 1.3x the floor, wall <= 1.5x the bare esbuild build; one function <= 5x --version.
// "coldstart audit" is the command as the README and CI run it (the pretty report, to a file), which gzips
// only the outputs whose size it prints; the JSON report, which has every one's, is measured beside it.
// The bare build is the issue's: one call, metafile, no minification (the audit minifies, as deploys do;
// minifying cost esbuild about 8% more CPU on the 1,000 routes on 2026-12-06). The floor's build minifies:
// it is the least an audit must do, and the audit reports minified sizes.
// With --project <dir>, a real project is audited instead (nothing is generated or deleted), and the bare
// esbuild build bundles the entries the audit reports (packages external, errors ignored).
// With --heavy, 150 routes (or --routes) each import one command of a generated 1.3 MB installed library, as
// routes using an AWS SDK v3 client do; the bare build and the floor then bundle installed packages too.
// Usage: node bench/audit.mjs [--routes 1000] [--runs 3] [--keep] [--heavy] [--cli path/to/coldstart.js] [--against path/to/other/coldstart.js] [--project dir]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpuTicks, rssKb, tree } from "./proc.mjs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
/** --heavy: every route imports one command of a large installed library (see generateHeavy). */
const HEAVY = process.argv.includes("--heavy");
const ROUTES = arg("routes", HEAVY ? 150 : 1000);
const SHARED = 50;
const RUNS = arg("runs", 3);
const cliAt = process.argv.indexOf("--cli");
const CLI = cliAt > 0 ? path.resolve(process.argv[cliAt + 1]) : path.join(repo, "bin/coldstart.js");
const againstAt = process.argv.indexOf("--against");
const AGAINST = againstAt > 0 ? path.resolve(process.argv[againstAt + 1]) : undefined;
const projectAt = process.argv.indexOf("--project");
const PROJECT = projectAt > 0 ? path.resolve(process.argv[projectAt + 1]) : undefined;

/**
 * The shape of a route that imports an AWS SDK v3 client: `{ HeavyClient, CommandN } from "heavy-sdk"`,
 * an installed package whose entry is one CommonJS file of about 1.3 MB (as @aws-sdk/client-ec2's
 * dist-cjs/index.js is), so each bundle holds all of it. Calls of such bundles are limited by memory,
 * and each one parses the library again: the case for sharing parses between esbuild calls.
 */
function generateHeavy(root, write) {
  write("package.json", JSON.stringify({ name: "bench-heavy", private: true, dependencies: { next: "15.5.4", "heavy-sdk": "1.0.0" } }, null, 2));
  write("tsconfig.json", JSON.stringify({ compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true } }, null, 2));
  write("node_modules/heavy-sdk/package.json", JSON.stringify({ name: "heavy-sdk", version: "1.0.0", main: "index.js" }, null, 2));
  const COMMANDS = 1600;
  // Names and defaults that differ from command to command, as a real client's shapes do (text that
  // repeats itself would gzip to almost nothing and parse as the same few strings).
  let seed = 1;
  const word = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed.toString(36);
  };
  const lines = ['"use strict";', "class HeavyClient {", "  constructor(config) { this.config = { region: 'us-east-1', ...config }; }", "  async send(command) { return command.serialize(this.config); }", "}", "exports.HeavyClient = HeavyClient;"];
  for (let c = 0; c < COMMANDS; c++) {
    const fields = Array.from({ length: 12 }, (_, f) => `      ${f === 0 ? "field0" : `f${word()}`}: input.${f === 0 ? "field0" : `f${word()}`} ?? ${JSON.stringify(word())},`);
    lines.push(
      `class Command${c} {`,
      "  constructor(input) { this.input = input; }",
      "  serialize(config) {",
      "    const input = this.input ?? {};",
      `    return { action: "Command${c}", region: config.region, body: {`,
      ...fields,
      "    } };",
      "  }",
      "}",
      `Command${c}.operation = { name: "Command${c}", http: "POST /" };`,
      `exports.Command${c} = Command${c};`,
    );
  }
  write("node_modules/heavy-sdk/index.js", `${lines.join("\n")}\n`);
  for (let i = 0; i < ROUTES; i++) {
    const c = (i * 7) % COMMANDS;
    write(
      `app/api/r${i}/route.ts`,
      [
        `import { HeavyClient, Command${c} } from "heavy-sdk";`,
        "const client = new HeavyClient({});",
        "export const maxDuration = 10;",
        "export async function GET() {",
        `  return Response.json(await client.send(new Command${c}({ field0: "r${i}" })));`,
        "}",
        "",
      ].join("\n"),
    );
  }
}

function generate(root) {
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  if (HEAVY) return generateHeavy(root, write);
  write("package.json", JSON.stringify({ name: "bench-app", private: true, dependencies: { next: "15.5.4", react: "19.1.1" } }, null, 2));
  write("tsconfig.json", JSON.stringify({ compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, baseUrl: ".", paths: { "@/lib/*": ["lib/*"] } } }, null, 2));
  for (let j = 0; j < SHARED; j++) {
    // Small clusters of five modules that import the next one, as feature folders do.
    const deps = j % 5 === 4 ? [] : [j + 1];
    const lines = [
      ...deps.map((d) => `import { value${d} } from "./shared-${d}";`),
      j % 10 === 0 ? 'import { createHash } from "node:crypto";' : "",
      `export interface Item${j} { id: string; weight: number; tags: string[] }`,
      `export const table${j}: Item${j}[] = [${Array.from({ length: 20 }, (_, k) => `{ id: "i${j}-${k}", weight: ${k}, tags: ["t${k % 3}"] }`).join(", ")}];`,
      `export function value${j}(input: string): string {`,
      `  const total = table${j}.reduce((sum, item) => sum + item.weight * input.length, 0);`,
      j % 10 === 0 ? `  const digest = createHash("sha256").update(input).digest("hex");` : `  const digest = input.split("").reverse().join("");`,
      `  return [digest, total${deps.map((d) => `, value${d}(input.slice(1))`).join("")}].join(":");`,
      "}",
    ];
    write(`lib/shared-${j}.ts`, `${lines.filter(Boolean).join("\n")}\n`);
  }
  for (let i = 0; i < ROUTES; i++) {
    const edge = i % 4 === 0;
    const a = (i * 7) % SHARED;
    const b = (i * 13 + 5) % SHARED;
    write(
      `app/api/r${i}/route.ts`,
      [
        'import { NextResponse } from "next/server";',
        `import { value${a} } from "@/lib/shared-${a}";`,
        `import { value${b} } from "@/lib/shared-${b}";`,
        edge ? 'export const runtime = "edge";' : "export const maxDuration = 10;",
        "export async function GET(request: Request) {",
        '  const q = new URL(request.url).searchParams.get("q") ?? "";',
        `  return NextResponse.json({ a: value${a}(q), b: value${b}(q), route: ${i} });`,
        "}",
        "",
      ].join("\n"),
    );
  }
}

/** The command measure() runs now, with its descendants: ended with the bench, which may be interrupted. */
let running = [];

/** Runs a command, sampling the summed RSS of it and its descendants. */
function measure(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    running = [child.pid];
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    let peak = 0;
    const ticks = new Map();
    const sample = () => {
      const pids = tree(child.pid);
      running = pids;
      peak = Math.max(peak, pids.reduce((sum, pid) => sum + rssKb(pid), 0));
      for (const pid of pids) ticks.set(pid, Math.max(ticks.get(pid) ?? 0, cpuTicks(pid) ?? 0));
    };
    const timer = setInterval(sample, 20);
    child.on("error", reject);
    child.on("exit", (code) => {
      running = [];
      clearInterval(timer);
      const ms = performance.now() - started;
      if (code !== 0 && code !== 1) reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${stderr}`));
      // Clock ticks are 1/100 s on Linux; the last 20 ms of each process may be missed.
      else resolve({ ms, peakMb: peak / 1024, cpuS: [...ticks.values()].reduce((a, b) => a + b, 0) / 100 });
    });
  });
}

const root = PROJECT ?? mkdtempSync(path.join(tmpdir(), "coldstart-bench-"));
const scratch = mkdtempSync(path.join(tmpdir(), "coldstart-bench-out-"));
const reportFile = path.join(scratch, "report.json");
/** Puts back the file the edited runs change, once there is one. */
let restore = () => {};
// However the run ends (an error, Ctrl-C, a kill): a real project (--project) gets its file back, and the
// generated project and the scratch folder go, unless --keep. Signals end the run through process.exit,
// which the default handlers skip, so that these run.
process.on("exit", () => {
  // A run still going would write its report and cache into the scratch folder after it is removed.
  for (const pid of running) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  restore();
  if (process.argv.includes("--keep")) return;
  if (!PROJECT) rmSync(root, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) process.on(signal, () => process.exit(code));
let entries;
if (PROJECT) {
  await measure(process.execPath, [CLI, "audit", root, "--format", "json", "--output", reportFile], repo);
  entries = [...new Set(JSON.parse(readFileSync(reportFile, "utf8")).functions.map((fn) => fn.entry))];
  console.log(`Auditing ${root}: ${entries.length} entries`);
} else {
  generate(root);
  entries = readdirSync(path.join(root, "app/api")).map((d) => `app/api/${d}/route.ts`);
  console.log(
    HEAVY
      ? `Generated ${entries.length} route handlers, each importing a 1.3 MB installed library (heavy-sdk), in ${root}`
      : `Generated ${entries.length} route handlers (${entries.filter((_, i) => i % 4 === 0).length} edge) and ${SHARED} shared modules in ${root}`,
  );
}
const bare = path.join(scratch, "esbuild.mjs");
writeFileSync(
  bare,
  `import { build } from ${JSON.stringify(path.join(repo, "node_modules/esbuild/lib/main.js"))};
await build({ absWorkingDir: ${JSON.stringify(root)}, entryPoints: ${JSON.stringify(entries)}, outdir: "out", bundle: true,
  minify: false, format: "esm", platform: "node", write: false, metafile: true, ${HEAVY ? "" : 'packages: "external", '}logLevel: "silent" }).catch(() => undefined);\n`,
);

// The floor: one esbuild build of the same entries, and every project source file read and parsed once
// while it runs (the work no audit of these files can skip).
const floor = path.join(scratch, "floor.mjs");
writeFileSync(
  floor,
  `import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { build } from ${JSON.stringify(path.join(repo, "node_modules/esbuild/lib/main.js"))};
const root = ${JSON.stringify(root)};
const built = build({ absWorkingDir: root, entryPoints: ${JSON.stringify(entries)}, outdir: "out", bundle: true,
  minify: true, format: "esm", platform: "node", write: false, metafile: true, ${HEAVY ? "" : 'packages: "external", '}logLevel: "silent" }).catch(() => undefined);
const { ts } = await import(${JSON.stringify(path.join(repo, "node_modules/ts-morph/dist/ts-morph.js"))});
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
  d.name === "node_modules" || d.name.startsWith(".") ? [] : d.isDirectory() ? walk(path.join(dir, d.name)) : /\\.[cm]?[jt]sx?$/.test(d.name) && !d.name.endsWith(".d.ts") ? [path.join(dir, d.name)] : []);
for (const file of walk(root)) {
  const kind = /x$/.test(file) ? ts.ScriptKind.TSX : /\\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, kind);
}
await built;\n`,
);
// A one-function project (a Vercel function with one import) against `coldstart --version`.
const tiny = path.join(scratch, "tiny");
mkdirSync(path.join(tiny, "api"), { recursive: true });
writeFileSync(path.join(tiny, "package.json"), JSON.stringify({ name: "tiny", private: true, type: "module" }));
writeFileSync(path.join(tiny, "api/hello.ts"), 'import { greet } from "./_greet";\nexport default function handler(request: Request) {\n  return new Response(greet(new URL(request.url).searchParams.get("name") ?? "world"));\n}\n');
writeFileSync(path.join(tiny, "api/_greet.ts"), "export function greet(name: string): string {\n  return `hello, ${name}`;\n}\n");

const edited = path.join(root, entries[Math.min(7, entries.length - 1)]);
const original = readFileSync(edited, "utf8");
let edits = 0;
const editOne = () => writeFileSync(edited, `${original}\n// edited ${++edits}\n`);
const restoreOne = () => writeFileSync(edited, original);
restore = () => existsSync(edited) && restoreOne();
// The audit as the README and CI run it: its pretty report (written to a file), which prints the gzip
// size of some functions only; and with the JSON report, which has every function's.
const prettyFile = path.join(scratch, "report.txt");
const auditArgs = (cli) => [cli, "audit", root, "--output", prettyFile, "--no-cache"];
const jsonArgs = (cli) => [cli, "audit", root, "--format", "json", "--output", reportFile, "--no-cache"];
// The cache between runs: a first run into an empty cache folder, then a second with nothing changed.
const cacheDir = path.join(scratch, "cache");
const cachedArgs = [CLI, "audit", root, "--format", "json", "--output", reportFile, "--cache-dir", cacheDir];
const commands = [
  ["bare esbuild (one call, all entries, not minified)", process.execPath, [bare]],
  ["the floor (esbuild + read and parse every file once)", process.execPath, [floor]],
  ["coldstart audit", process.execPath, auditArgs(CLI)],
  ...(AGAINST ? [[`coldstart audit (${path.relative(repo, AGAINST)})`, process.execPath, auditArgs(AGAINST)]] : []),
  ["coldstart audit --format json", process.execPath, jsonArgs(CLI)],
  ["coldstart audit, first run (empty cache)", process.execPath, cachedArgs, () => rmSync(cacheDir, { recursive: true, force: true })],
  ["coldstart audit, second run (cached)", process.execPath, cachedArgs],
  // Then one function's entry edited (a new comment each time): its bundle is rebuilt, unchanged files' facts come from the cache.
  ["coldstart audit, one file edited (cached otherwise)", process.execPath, cachedArgs, editOne, restoreOne],
  ["coldstart --version", process.execPath, [CLI, "--version"]],
  ["coldstart audit, one-function project", process.execPath, [CLI, "audit", tiny, "--format", "json", "--output", path.join(scratch, "tiny.json"), "--no-cache"]],
];
const samples = commands.map(() => []);
for (let i = 0; i < RUNS; i++) {
  for (const [c, [, cmd, args, before, after]] of commands.entries()) {
    before?.();
    try {
      samples[c].push(await measure(cmd, args, repo));
    } finally {
      after?.();
    }
  }
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = commands.map(([name], c) => ({
  name,
  ms: median(samples[c].map((r) => r.ms)),
  cpuS: median(samples[c].map((r) => r.cpuS)),
  peakMb: Math.max(...samples[c].map((r) => r.peakMb)),
}));
const width = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) {
  console.log(`${r.name.padEnd(width)}  ${(r.ms / 1000).toFixed(2).padStart(6)} s wall, ${r.cpuS.toFixed(2).padStart(6)} s CPU (medians of ${RUNS})  peak ${r.peakMb.toFixed(0).padStart(4)} MB`);
}
const row = (name) => rows.find((r) => r.name === name);
const [esbuildRow, floorRow, auditRow] = rows;
const x = (a, b) => `${(a / b).toFixed(2)}x`;
console.log(`audit / floor: ${x(auditRow.cpuS, floorRow.cpuS)} CPU (target <= 1.3x); audit / esbuild: ${x(auditRow.cpuS, esbuildRow.cpuS)} CPU, ${x(auditRow.ms, esbuildRow.ms)} wall (target <= 1.5x wall); audit peak ${auditRow.peakMb.toFixed(0)} MB (target < 500 MB)`);
const jsonRow = row("coldstart audit --format json");
console.log(`with the JSON report (every gzip size): audit / floor ${x(jsonRow.cpuS, floorRow.cpuS)} CPU; audit / esbuild ${x(jsonRow.cpuS, esbuildRow.cpuS)} CPU, ${x(jsonRow.ms, esbuildRow.ms)} wall; peak ${jsonRow.peakMb.toFixed(0)} MB`);
if (AGAINST) {
  const other = rows[3];
  console.log(`this build / the other: ${x(auditRow.cpuS, other.cpuS)} CPU, ${x(auditRow.ms, other.ms)} wall`);
}
const version = row("coldstart --version");
const oneFunction = row("coldstart audit, one-function project");
console.log(`one-function project / --version: ${x(oneFunction.cpuS, version.cpuS)} CPU (target <= 5x), ${x(oneFunction.ms, version.ms)} wall`);
const [first, second] = [row("coldstart audit, first run (empty cache)"), row("coldstart audit, second run (cached)")];
console.log(`cached second run: ${(first.cpuS / second.cpuS).toFixed(2)}x less CPU than the first, ${(first.ms / second.ms).toFixed(2)}x less wall (target >= 4x)`);
const one = row("coldstart audit, one file edited (cached otherwise)");
console.log(`one file edited: ${(first.cpuS / one.cpuS).toFixed(2)}x less CPU than the first run (${path.relative(root, edited)} edited)`);
const report = JSON.parse(readFileSync(reportFile, "utf8"));
console.log(`audit saw ${report.functions.length} functions, ${report.summary.files} files, ${report.findings.length} findings`);
if (process.argv.includes("--keep")) console.log(`kept ${PROJECT ? "" : `${root} and `}${scratch}`);
