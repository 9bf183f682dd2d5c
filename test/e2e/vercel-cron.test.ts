import { execa, type ResultPromise } from "execa";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coldstart, freePort, node22Env, repoRoot, stopProcessGroup, tempDir, waitUntilAnswering } from "./_helpers.js";

/**
 * The vercel-cron template from the npm registry (coldstart from this checkout's tarball): its own tests,
 * `next build`, then `next start` answering real cron calls as Vercel makes them (GET with the
 * CRON_SECRET bearer token), against a local status page standing in for the upstream.
 */
const CRON_SECRET = "e2e-cron-secret-not-a-secret";

let root: string;
let project: string;
let env: NodeJS.ProcessEnv;
let server: ResultPromise | undefined;
let statusPage: Server | undefined;
let statusCalls = 0;

async function run(command: string, args: string[]) {
  const result = await execa(command, args, { cwd: project, env, reject: false, all: true, stdin: "ignore" });
  return { exitCode: result.exitCode, output: stripVTControlCharacters(String(result.all)) };
}

beforeAll(async () => {
  env = { ...(await node22Env()), NEXT_TELEMETRY_DISABLED: "1" };
  root = tempDir("vercel-cron");
  project = path.join(root, "nightly");
  const created = await coldstart(["create", project, "--template", "vercel-cron", "--yes", "--install", "--no-git", "--timeout", "60"], { env, all: true, stdin: "ignore" });
  expect(created.exitCode, String(created.all)).toBe(0);
});

afterAll(async () => {
  await stopProcessGroup(server);
  statusPage?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("coldstart create --template vercel-cron", () => {
  it("declares the cron in vercel.json with the chosen maxDuration", () => {
    const vercel = JSON.parse(readFileSync(path.join(project, "vercel.json"), "utf8")) as { crons: unknown[]; functions: Record<string, { maxDuration: number }> };
    expect(vercel.crons).toEqual([{ path: "/api/cron/daily-report", schedule: "0 6 * * *" }]);
    expect(Object.values(vercel.functions)[0]?.maxDuration).toBe(60);
  });

  it("type-checks and passes its own tests", async () => {
    const typecheck = await run("npm", ["run", "typecheck"]);
    expect(typecheck.exitCode, typecheck.output).toBe(0);
    const tests = await run("npm", ["test"]);
    expect(tests.exitCode, tests.output).toBe(0);
    expect(tests.output).toMatch(/Tests\s+7 passed/);
  });

  it("audits clean with its own pinned coldstart (npm run audit)", async () => {
    const ours = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
    expect((JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies.coldstart).toBe(ours);
    const result = await run("npm", ["run", "audit"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(/0 errors, 0 warnings, 0 info in 2 functions/);
  });

  it("builds with next build, then answers cron calls under next start: 401 without the secret, once per run with it", async () => {
    const build = await run("npm", ["run", "build"]);
    expect(build.exitCode, build.output).toBe(0);
    expect(build.output).toContain("/api/cron/daily-report");

    statusPage = createServer((_request, response) => {
      statusCalls++;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ status: { indicator: "none", description: "All Systems Operational" } }));
    });
    await new Promise<void>((resolve) => statusPage!.listen(0, "127.0.0.1", resolve));
    const statusUrl = `http://127.0.0.1:${(statusPage.address() as AddressInfo).port}/api/v2/status.json`;

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = execa(path.join(project, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: project,
      env: { ...env, CRON_SECRET, STATUS_URL: statusUrl },
      detached: true,
      stdin: "ignore",
      all: true,
      reject: false,
    });
    await waitUntilAnswering(`${base}/api/health`, server, "next start", 60_000);

    const cron = (authorization?: string) =>
      fetch(`${base}/api/cron/daily-report`, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(10_000) });
    expect((await cron()).status).toBe(401);
    expect((await cron("Bearer wrong")).status).toBe(401);
    expect(statusCalls).toBe(0);

    const first = await cron(`Bearer ${CRON_SECRET}`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "done", result: { indicator: "none" } });
    const second = await cron(`Bearer ${CRON_SECRET}`);
    expect(await second.json()).toMatchObject({ status: "skipped" });
    expect(statusCalls).toBe(1);
  });
});
