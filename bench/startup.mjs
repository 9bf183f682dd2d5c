// Prints the median wall time of `coldstart --help` next to bare `node -e 0`.
// Target (issue 2): at most 1.5x bare Node. Run `npm run build` first.
// Usage: node bench/startup.mjs [runs]   (default 21, at least 15)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Math.max(15, Number(process.argv[2]) || 21);
if (!existsSync(path.join(root, "dist/cli.js"))) {
  console.error("dist/cli.js is missing: run `npm run build` first.");
  process.exitCode = 2;
} else {
  // Measure a private copy of bin/ and dist/ inside the repo (so node_modules resolves as usual):
  // a rebuild running at the same time cannot break or skew the figures.
  mkdirSync(path.join(root, ".cache"), { recursive: true });
  const copy = mkdtempSync(path.join(root, ".cache/bench-startup-"));
  try {
    cpSync(path.join(root, "bin"), path.join(copy, "bin"), { recursive: true });
    cpSync(path.join(root, "dist"), path.join(copy, "dist"), { recursive: true });
    report(measure(path.join(copy, "bin/coldstart.js")));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function measure(cli) {
  const cases = [
    ["node -e 0", ["-e", "0"]],
    ["coldstart --help", [cli, "--help"]],
    ["coldstart --version", [cli, "--version"]],
  ];
  // One untimed run each fills the compile cache (Node 22+) and the OS file cache.
  for (const [, args] of cases) spawnSync(process.execPath, args, { stdio: "ignore" });
  // Interleaved, so a change in machine load hits every case alike.
  const times = new Map(cases.map(([label]) => [label, []]));
  for (let i = 0; i < runs; i++) {
    for (const [label, args] of cases) {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, args, { stdio: "ignore" });
      times.get(label).push(Number(process.hrtime.bigint() - start) / 1e6);
      if (result.status !== 0) throw new Error(`${label} exited with ${result.status}`);
    }
  }
  return new Map([...times].map(([label, list]) => [label, list.sort((a, b) => a - b)[Math.floor(list.length / 2)]]));
}

function report(medians) {
  const base = medians.get("node -e 0");
  console.log(`Node ${process.version}, ${runs} interleaved runs each, median wall time:`);
  for (const [label, ms] of medians) {
    console.log(`  ${label.padEnd(22)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / base).toFixed(2)}x`);
  }
  const ratio = medians.get("coldstart --help") / base;
  console.log(`coldstart --help is ${ratio.toFixed(2)}x bare Node (target: at most 1.5x).`);
}
