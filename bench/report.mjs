// Generates a Next.js project of 500 route handlers that all import one module with an un-timed
// fetch (one finding shared by every function), each route doing I/O without a maxDuration (one info
// each), then prints what a person gets from `coldstart audit`: lines of the pretty report, its
// longest line, and the size of the Markdown report (a PR comment holds 65,536 characters).
// Usage: node bench/report.mjs [--routes 500] [--keep] [--cli path/to/coldstart.js] [--against path/to/other/coldstart.js]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const flag = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ROUTES = Number(flag("routes") ?? 500);
const CLI = path.resolve(flag("cli") ?? path.join(repo, "bin/coldstart.js"));
const AGAINST = flag("against") ? path.resolve(flag("against")) : undefined;

const root = mkdtempSync(path.join(tmpdir(), "coldstart-report-"));
const write = (rel, text) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};
write("package.json", JSON.stringify({ name: "report-bench", private: true, dependencies: { next: "15.5.4", "@acme/db": "1.0.0" } }));
write("lib/upstream.ts", 'export async function upstream(path: string) {\n  const res = await fetch(`https://api.example.com/${path}`);\n  return res.json();\n}\n');
for (let i = 0; i < ROUTES; i++) {
  write(
    `app/api/r${i}/route.ts`,
    `import { upstream } from "../../../lib/upstream";\nimport { db } from "@acme/db";\nexport async function GET() {\n  return Response.json({ a: await upstream("r${i}"), b: db });\n}\n`,
  );
}

function report(cli, args) {
  const run = spawnSync(process.execPath, [cli, "audit", root, "--fail-on", "never", ...args], { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, CI: "" } });
  if (run.status !== 0) throw new Error(`${cli} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

console.log(`Generated ${ROUTES} route handlers sharing lib/upstream.ts in ${root}`);
for (const cli of [CLI, ...(AGAINST ? [AGAINST] : [])]) {
  const text = report(cli, []);
  const lines = text.trimEnd().split("\n");
  const md = report(cli, ["--format", "markdown"]);
  const name = path.relative(repo, cli) || cli;
  console.log(`${name}: pretty ${lines.length} lines (longest ${Math.max(...lines.map((l) => l.length))} characters), last: ${lines.at(-1)}`);
  console.log(`${name}: markdown ${md.length.toLocaleString("en-US")} characters (limit 65,536)`);
}
if (!process.argv.includes("--keep")) rmSync(root, { recursive: true, force: true });
