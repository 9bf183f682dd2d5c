// Builds src/ into dist/ so that `npm install` (via `prepare`) gives a working CLI.
// Code splitting keeps each command in its own chunk: `--help` loads none of them.
// The build goes to a fresh folder that replaces dist/ at the end, so a CLI started during a
// rebuild never finds dist/ half-written.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

// commander and picocolors load on every start: bundled in, they skip package resolution and the
// CommonJS loader (measured with bench/startup). zod is bundled in for the same reason: as a package it
// is 95 ES modules that every audit resolves and links one by one (one-function audit: ~0.1 s of CPU
// less, bench/audit.mjs). Everything else stays an ordinary dependency.
const inlined = new Set(["commander", "picocolors", "zod"]);
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const external = Object.keys(pkg.dependencies).filter((name) => !inlined.has(name)).flatMap((name) => [name, `${name}/*`]);

// Names this build in the audit cache: results cached by one build are never taken for another's,
// though the version in package.json stays the same between releases.
const buildId = createHash("sha256");
for (const file of readdirSync(new URL("../src", import.meta.url), { recursive: true }).sort()) {
  const abs = new URL(`../src/${file.split("\\").join("/")}`, import.meta.url);
  if (/\.(ts|json)$/.test(file)) buildId.update(file).update(readFileSync(abs));
}
buildId.update(readFileSync(new URL("../package-lock.json", import.meta.url)));

// The rules' static `import { ts } from "ts-morph"` become TypeScript's compiler API by require()
// (requireTypeScript), without ts-morph and @ts-morph/common around it, loaded on first use: an audit
// that parses no file never loads it. The binding is live: the first use swaps in the real module. An ESM import of that
// CommonJS makes Node lex its source for the export names and check its format first (about 0.2 s of
// CPU on every audit), and ts-morph's wrappers are only loaded for a rule that asks for a wrapped
// source file (src/audit/context.ts). A name other than `ts` fails this build ("No matching export"),
// never the CLI at run time.
const tsMorphByRequire = {
  name: "ts-morph-by-require",
  setup(b) {
    b.onResolve({ filter: /^ts-morph$/ }, (args) => (args.kind === "import-statement" ? { path: "ts-morph", namespace: "ts-morph-by-require" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "ts-morph-by-require" }, () => ({
      contents: 'import { typeScriptOnFirstUse } from "./src/project/source/typescript.ts";\nexport let ts = typeScriptOnFirstUse((real) => {\n  ts = real;\n});\n',
      loader: "js",
      resolveDir: fileURLToPath(new URL("..", import.meta.url)),
    }));
  },
};

const dist = fileURLToPath(new URL("../dist", import.meta.url));
const next = `${dist}.next-${process.pid}`;
const old = `${dist}.old-${process.pid}`;

try {
  await build({
    entryPoints: { cli: "src/cli/main.ts", index: "src/api/index.ts" },
    outdir: next,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external,
    // Bundled CommonJS calls require() for Node built-ins; give the ESM output a real one.
    banner: { js: 'import { createRequire as __coldstartRequire } from "node:module"; const require = __coldstartRequire(import.meta.url);' },
    sourcemap: "linked",
    chunkNames: "chunks/[name]-[hash]",
    define: { __COLDSTART_BUILD__: JSON.stringify(buildId.digest("hex").slice(0, 16)) },
    plugins: [tsMorphByRequire],
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
