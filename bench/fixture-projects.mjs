// The project folders under fixtures/: every folder holding a package.json or a platform's
// configuration, without such a folder above it (a monorepo's packages are audited with it).
import { readdirSync } from "node:fs";
import path from "node:path";

const MARKER = /^(package\.json|wrangler\.(toml|json|jsonc)|serverless\.(yml|yaml|ts|js)|template\.(yml|yaml|json)|vercel\.json|cdk\.json|sst\.config\.ts|netlify\.toml)$/;

export function fixtureProjects(fixtures) {
  const found = [];
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (dir !== fixtures && entries.some((e) => e.isFile() && MARKER.test(e.name))) {
      found.push(dir);
      return;
    }
    for (const e of entries) if (e.isDirectory() && e.name !== "node_modules" && !e.name.startsWith(".")) walk(path.join(dir, e.name));
  };
  walk(fixtures);
  return found.sort();
}
