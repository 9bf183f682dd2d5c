// Builds src/ into dist/ so that `npm install` (via `prepare`) gives a working CLI.
// Code splitting keeps each command in its own chunk: `--help` loads none of them.
// The build goes to a fresh folder that replaces dist/ at the end, so a CLI started during a
// rebuild never finds dist/ half-written.
import { build } from "esbuild";
import { renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist", import.meta.url));
const next = `${dist}.next-${process.pid}`;
const old = `${dist}.old-${process.pid}`;

try {
  await build({
    entryPoints: { cli: "src/cli/main.ts" },
    outdir: next,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    chunkNames: "chunks/[name]-[hash]",
    logLevel: "warning",
  });
  try {
    renameSync(dist, old);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  renameSync(next, dist);
} finally {
  rmSync(next, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}
