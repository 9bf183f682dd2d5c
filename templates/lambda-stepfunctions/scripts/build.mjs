// Bundles each handler in src/handlers/ into dist/<name>/<name>.mjs, the same file `sam build`
// produces from template.yaml's esbuild settings, and reports each function's size.
import * as esbuild from "esbuild";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

const handlersDir = "src/handlers";
const outRoot = "dist";

const names = (await readdir(handlersDir))
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
  .map((file) => path.basename(file, ".ts"))
  .sort();

await rm(outRoot, { recursive: true, force: true });

const rows = [];
for (const name of names) {
  const outdir = path.join(outRoot, name);
  const result = await esbuild.build({
    entryPoints: [path.join(handlersDir, `${name}.ts`)],
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    minify: true,
    sourcemap: true,
    // Prefer the ESM builds of dependencies (the AWS SDK ships both): smaller bundles after tree-shaking.
    mainFields: ["module", "main"],
    // CommonJS dependencies that call require() on Node built-ins need a real require inside an ES module.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    metafile: true,
    logLevel: "warning",
  });
  await writeFile(path.join(outRoot, `${name}.meta.json`), JSON.stringify(result.metafile));
  const [file, output] = Object.entries(result.metafile.outputs).find(([out]) => out.endsWith(".mjs"));
  const gzip = gzipSync(await readFile(file)).length;
  rows.push({ name, file, bytes: output.bytes, gzip });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const { file, bytes, gzip } of rows) {
  console.log(`${file.padEnd(40)} ${kb(bytes).padStart(10)}  (${kb(gzip)} gzip)`);
}
console.log(`\nMetafiles: ${outRoot}/<name>.meta.json (drop one on https://esbuild.github.io/analyze/ to see what each function carries)`);
