import { execa, type ResultPromise } from "execa";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, coldstart, costMeasure, freePort, node22Env, stopProcessGroup, tempDir, waitUntilAnswering } from "./_helpers.js";

// The generated project's toolchain (Vitest 5) needs Node 22.12+, so its steps run under the
// registry's Node 22 while coldstart itself runs on this Node.
const API_TOKEN = "e2e-token-not-a-secret";
const TIMEOUT_S = 45;
const MEMORY_MB = 1536;

let root: string;
let project: string;
let env: NodeJS.ProcessEnv;
let server: ResultPromise | undefined;

async function run(command: string, args: string[]): Promise<{ exitCode: number | undefined; output: string }> {
  const result = await execa(command, args, { cwd: project, env, reject: false, all: true, stdin: "ignore" });
  return { exitCode: result.exitCode, output: stripVTControlCharacters(String(result.all)) };
}

interface ApiError {
  error: { code: string; message: string };
}

interface Todo {
  id: string;
  title: string;
  done: boolean;
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}



async function stopServer(): Promise<void> {
  const child = server;
  server = undefined;
  await stopProcessGroup(child);
}

describe("coldstart create --target vercel", () => {
  beforeAll(async () => {
    if (!existsSync(path.join(path.dirname(cliPath), "../dist/cli.js"))) {
      throw new Error("dist/ is missing: run `npm run build` before the e2e tests");
    }
    env = { ...(await node22Env()), NEXT_TELEMETRY_DISABLED: "1" };
    root = tempDir("vercel");
    project = path.join(root, "vercel-e2e");
    const result = await coldstart(
      ["create", project, "--target", "vercel", "--yes", "--install", "--no-git",
        "--timeout", String(TIMEOUT_S), "--memory", String(MEMORY_MB)],
      { env, all: true, stdin: "ignore" },
    );
    expect(result.exitCode, String(result.all)).toBe(0);
  });

  afterAll(async () => {
    await stopServer();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("writes a rendered project with its limits in vercel.json and the routes", () => {
    const vercelJson = JSON.parse(readFileSync(path.join(project, "vercel.json"), "utf8"));
    expect(vercelJson.$schema).toMatch(/vercel\.json$/);
    expect(vercelJson.functions["app/api/**/route.ts"]).toEqual({ maxDuration: TIMEOUT_S, memory: MEMORY_MB });

    const todosRoute = readFileSync(path.join(project, "app/api/todos/route.ts"), "utf8");
    expect(todosRoute).toContain(`export const maxDuration = ${TIMEOUT_S};`);
    expect(JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")).name).toBe("vercel-e2e");
    expect(existsSync(path.join(project, ".gitignore"))).toBe(true);
    expect(existsSync(path.join(project, ".env.example"))).toBe(true);

    const sources = readdirSync(project, { recursive: true, encoding: "utf8" }).filter(
      (file) => !/^(node_modules|\.next)\//.test(file) && /\.(ts|json|md|yml|sql)$/.test(file),
    );
    const unrendered = sources.filter((file) => /\{\{\w+\}\}/.test(readFileSync(path.join(project, file), "utf8")));
    expect(unrendered).toEqual([]);
    expect(existsSync(path.join(project, "node_modules/next/package.json"))).toBe(true);
  });

  it("type-checks", async () => {
    const result = await run("npm", ["run", "typecheck"]);
    expect(result.exitCode, result.output).toBe(0);
  });

  it("passes its own tests", async () => {
    const result = await run("npm", ["test"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(/Tests\s+\d+ passed/);
  });

  it("measures every route with cost --measure, streaming ones to the end of the stream", async () => {
    const { exitCode, stderr, estimates } = await costMeasure(project, env, 2);
    expect(exitCode, stderr).toBe(0);
    expect(stderr).not.toMatch(/not measured/);
    const byId = new Map(estimates.map((e) => [e.function, e]));
    for (const id of ["vercel:app/api/health/route.ts", "vercel:app/api/todos/[id]/route.ts", "vercel:app/api/events/route.ts", "vercel:proxy.ts"]) {
      expect(byId.get(id)?.assumptions.measured, `${id}\n${stderr}`).toBeDefined();
    }
    for (const estimate of estimates) {
      const measured = estimate.assumptions.measured!;
      expect(measured.how, estimate.function).toMatch(/^under Node 22\.[\d.]+ with GET \//);
      expect(measured.wallMs).toBeGreaterThan(0);
      // Wall = CPU work + I/O wait on Vercel's full vCPU; a handler whose measured CPU exceeds its wall
      // (GC threads count as CPU) is taken as all CPU work.
      expect(estimate.assumptions.durationMs).toBeCloseTo(Math.max(measured.wallMs, measured.cpuMs), 6);
    }
    expect(byId.get("vercel:app/api/todos/[id]/route.ts")!.assumptions.measured!.how).toContain("GET /api/todos/1");
    // The SSE route sends 10 events 1 s apart by default: it holds the instance about 9 s, and
    // provisioned memory is billed for all of it.
    const events = byId.get("vercel:app/api/events/route.ts")!.assumptions.measured!;
    expect(events.wallMs).toBeGreaterThan(8_000);
    expect(events.wallMs).toBeLessThan(15_000);
    expect(events.cpuMs).toBeLessThan(events.wallMs / 10);
  });

  it("builds with next build", async () => {
    const result = await run("npm", ["run", "build"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toContain("/api/health");
  });

  it("serves the built app with next start", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = execa(path.join(project, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: project,
      env: { ...env, API_TOKEN },
      detached: true,
      stdin: "ignore",
      all: true,
      reject: false,
    });
    await waitUntilAnswering(`${base}/api/health`, server!, "next start", 60_000);

    const health = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    expect(health.headers.get("x-request-id")).toBeTruthy();
    expect(await health.json()).toMatchObject({ status: "ok", database: "disabled" });

    const post = (headers: Record<string, string>) =>
      fetch(`${base}/api/todos`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ title: "deployed" }),
        signal: AbortSignal.timeout(5_000),
      });
    const refused = await post({});
    expect(refused.status).toBe(401);
    expect((await json<ApiError>(refused)).error.code).toBe("unauthorized");

    const created = await post({ authorization: `Bearer ${API_TOKEN}` });
    expect(created.status).toBe(201);
    const todo = (await json<{ data: Todo }>(created)).data;
    expect(todo).toMatchObject({ title: "deployed", done: false });

    const listed = await fetch(`${base}/api/todos`, { signal: AbortSignal.timeout(5_000) });
    expect((await json<{ data: Todo[] }>(listed)).data).toEqual([todo]);

    const events = await fetch(`${base}/api/events?count=2&intervalMs=500`, { signal: AbortSignal.timeout(10_000) });
    expect(events.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("event: tick")) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += chunk.value;
    }
    // Streamed, not buffered: the first tick arrives while the stream is still open.
    expect(text).toContain("event: tick");
    expect(text).not.toContain("event: done");
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
    expect(text.match(/^event: (\w+)$/gm)).toEqual(["event: tick", "event: tick", "event: done"]);

    const missing = await fetch(`${base}/api/nothing`, { signal: AbortSignal.timeout(5_000) });
    expect(missing.status).toBe(404);
    expect((await json<ApiError>(missing)).error.code).toBe("not_found");
  });
});
