// Audits every fixture project (bench/fixture-projects.mjs) with this checkout and another, and
// says which JSON reports differ (durationMs aside), so a speed change can show it changed nothing else.
// `--args "--format pretty"` compares another format (the pretty report's closing time aside).
// Usage: node bench/compare-reports.mjs --against <other checkout>/bin/coldstart.js [--project <dir>]... [--args "..."]
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fixtureProjects } from "./fixture-projects.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const values = (name) => process.argv.flatMap((a, i) => (a === `--${name}` ? [process.argv[i + 1]] : []));
const against = values("against")[0];
if (!against) {
  console.error("usage: node bench/compare-reports.mjs --against <other checkout>/bin/coldstart.js [--project <dir>]...");
  process.exit(2);
}
const extra = (values("args")[0] ?? "").split(" ").filter(Boolean);
const projects = values("project").length > 0 ? values("project").map((p) => path.resolve(p)) : fixtureProjects(path.join(repo, "fixtures"));

function audit(cli, dir) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, "audit", dir, "--format", "json", "--fail-on", "never", ...extra], { maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      resolve({ code: error?.code ?? 0, stderr: stderr.replace(/\/proc\/\d+\//g, "/proc/N/"), report: stdout.replace(/"durationMs": \d+/g, '"durationMs": 0').replace(/ · [\d.]+ m?s$/gm, " · <time>").replace(/\/proc\/\d+\//g, "/proc/N/")});
    });
  });
}

let differ = 0;
let next = 0;
await Promise.all(
  [0, 1].map(async () => {
    while (next < projects.length) {
      const dir = projects[next++];
      const [a, b] = [await audit(path.join(repo, "bin/coldstart.js"), dir), await audit(path.resolve(against), dir)];
      if (a.code !== b.code || a.report !== b.report || a.stderr !== b.stderr) {
        differ++;
        console.log(`differs: ${path.relative(repo, dir)} (exit ${a.code} vs ${b.code})`);
      }
    }
  }),
);
console.log(`${projects.length - differ} of ${projects.length} projects: identical reports, exit codes and stderr`);
process.exitCode = differ > 0 ? 1 : 0;
