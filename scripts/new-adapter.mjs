// Makes the files a new discovery adapter needs: `npm run new:adapter -- <id>` (e.g. `qwik`).
// Writes the adapter, a fixture folder to fill with a small project and its expected findings, and
// registers the adapter before the platform readers in src/project/adapters/index.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const id = process.argv[2] ?? "";
if (!/^[a-z][a-z0-9-]*$/.test(id)) {
  console.error("coldstart: usage: npm run new:adapter -- <id>   (e.g. qwik)");
  process.exit(2);
}
const name = id.replace(/-(.)/g, (_, c) => c.toUpperCase());
const files = {
  [`src/project/adapters/${id}.ts`]: `import { dependencyRange } from "../source/package-json.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "${id}",
  name: "TODO: the framework's name",
  reads: "TODO: the files and config this adapter reads",
  kind: "framework",
  detect: (ctx) => dependencyRange(ctx.packageJson, "TODO-package") !== undefined,
  async discover(ctx) {
    // TODO: read the deploy target (adapter, preset) statically; push one FunctionInfo per server
    // file with its platform, runtime, handlers and framework info; add a note naming the framework
    // when the target cannot be decided (ctx.platformHint is coldstart's config \`platform\`).
    void ctx;
  },
});
`,
  [`fixtures/frameworks/${id}/README.md`]: "A small app of this framework with planted problems in its routes; expected.json lists the findings.\n",
};
for (const rel of Object.keys(files)) {
  if (existsSync(path.join(repo, rel))) {
    console.error(`coldstart: ${rel} already exists; nothing was written`);
    process.exit(2);
  }
}
for (const [rel, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  writeFileSync(path.join(repo, rel), text);
  console.log(`wrote ${rel}`);
}
const index = path.join(repo, "src/project/adapters/index.ts");
let source = readFileSync(index, "utf8");
source = source.replace('import type { DiscoveryAdapter } from "./types.js";', `import ${name} from "./${id}.js";\nimport type { DiscoveryAdapter } from "./types.js";`);
source = source.replace("vercelApi, ", `${name}, vercelApi, `);
writeFileSync(index, source);
console.log(`registered ${id} in src/project/adapters/index.ts; regenerate the README table with COLDSTART_UPDATE_README=1 npx vitest run test/unit/readme-tables.test.ts`);
