import { execa, type ResultPromise } from "execa";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coldstart, freePort, node22Env, repoRoot, stopProcessGroup, tempDir, waitUntilAnswering } from "./_helpers.js";

/**
 * The vercel-edge template from the npm registry (coldstart from this checkout's tarball): its own tests,
 * `next build` (middleware.ts and the edge routes built for the Edge runtime), then `next start`
 * answering as Vercel would: geolocation from the x-vercel-ip-* headers, 451 for a blocked country,
 * /api/private behind the bearer token, all run inside Next.js's Edge runtime sandbox.
 */
const API_TOKEN = "e2e-edge-token-not-a-secret";

let root: string;
let project: string;
let env: NodeJS.ProcessEnv;
let server: ResultPromise | undefined;

async function run(command: string, args: string[]) {
  const result = await execa(command, args, { cwd: project, env, reject: false, all: true, stdin: "ignore" });
  return { exitCode: result.exitCode, output: stripVTControlCharacters(String(result.all)) };
}

beforeAll(async () => {
  env = { ...(await node22Env()), NEXT_TELEMETRY_DISABLED: "1" };
  root = tempDir("vercel-edge");
  project = path.join(root, "edge");
  const created = await coldstart(["create", project, "--template", "vercel-edge", "--yes", "--install", "--no-git", "--timeout", "20"], { env, all: true, stdin: "ignore" });
  expect(created.exitCode, String(created.all)).toBe(0);
});

afterAll(async () => {
  await stopProcessGroup(server);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("coldstart create --template vercel-edge", () => {
  it("gives the Node.js route, and only it, the chosen maxDuration in vercel.json", () => {
    const vercel = JSON.parse(readFileSync(path.join(project, "vercel.json"), "utf8")) as { functions: Record<string, { maxDuration: number }> };
    expect(vercel.functions).toEqual({ "app/api/health/route.ts": { maxDuration: 20, memory: 1024 } });
  });

  it("type-checks and passes its own tests", async () => {
    const typecheck = await run("npm", ["run", "typecheck"]);
    expect(typecheck.exitCode, typecheck.output).toBe(0);
    const tests = await run("npm", ["test"]);
    expect(tests.exitCode, tests.output).toBe(0);
    expect(tests.output).toMatch(/Tests\s+10 passed/);
  });

  it("audits clean with its own pinned coldstart, the edge-runtime deprecation suppressed where it is chosen", async () => {
    const ours = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
    expect((JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies.coldstart).toBe(ours);
    const result = await run("npm", ["run", "audit"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(/0 errors, 0 warnings, 0 info in 4 functions \(2 suppressed\)/);
  });

  it("builds middleware.ts and the edge routes for the Edge runtime, then answers under next start", async () => {
    const build = await run("npm", ["run", "build"]);
    expect(build.exitCode, build.output).toBe(0);
    expect(build.output).toContain("/api/geo");
    // What the chosen Next.js says about the two deprecated choices (README, "Edge or Node.js").
    expect(build.output).toContain('The "middleware" file convention is deprecated');
    expect(build.output).toContain("The Edge Runtime is deprecated");

    const manifest = JSON.parse(readFileSync(path.join(project, ".next/server/middleware-manifest.json"), "utf8")) as {
      middleware: Record<string, { matchers: Array<{ originalSource: string }> }>;
      functions: Record<string, unknown>;
    };
    expect(manifest.middleware["/"]?.matchers.map((m) => m.originalSource)).toEqual(["/api/:path*"]);
    expect(Object.keys(manifest.functions).sort()).toEqual(["/api/geo/route", "/api/private/session/route"]);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = execa(path.join(project, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: project,
      env: { ...env, API_TOKEN, BLOCKED_COUNTRIES: "KP,IR" },
      detached: true,
      stdin: "ignore",
      all: true,
      reject: false,
    });
    await waitUntilAnswering(`${base}/api/health`, server, "next start", 60_000);
    const get = (route: string, headers: Record<string, string> = {}) => fetch(`${base}${route}`, { headers, signal: AbortSignal.timeout(10_000) });

    const health = await get("/api/health");
    expect(await health.json()).toMatchObject({ status: "ok", runtime: "nodejs" });
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const geo = await get("/api/geo", { "x-vercel-ip-country": "DE", "x-vercel-ip-city": "M%C3%BCnchen", "x-vercel-ip-latitude": "48.137", "x-request-id": "e2e-trace-1" });
    expect(geo.status).toBe(200);
    expect(geo.headers.get("x-request-id")).toBe("e2e-trace-1");
    expect(await geo.json()).toEqual({ country: "DE", region: null, city: "München", latitude: 48.137, longitude: null, requestId: "e2e-trace-1", runtime: "edge" });

    const blocked = await get("/api/geo", { "x-vercel-ip-country": "IR" });
    expect(blocked.status).toBe(451);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe("unavailable_in_country");

    expect((await get("/api/private/session")).status).toBe(401);
    expect((await get("/api/private/session", { authorization: "Bearer wrong" })).status).toBe(401);
    const session = await get("/api/private/session", { authorization: `Bearer ${API_TOKEN}`, "x-vercel-ip-country": "FR" });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ authorized: true, country: "FR", runtime: "edge", requestId: session.headers.get("x-request-id") });
  });
});
