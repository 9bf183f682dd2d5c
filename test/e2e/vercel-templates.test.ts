import { execa, type ResultPromise } from "execa";
import { readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coldstart, freePort, node22Env, repoRoot, stopProcessGroup, tempDir, waitUntilAnswering } from "./_helpers.js";

/**
 * The Vercel templates beyond the default one, each created from the npm registry (coldstart itself from
 * this checkout's tarball, see _registry.ts), type-checked, tested, audited with its own pinned coldstart,
 * built with `next build` and then answering real requests under `next start`, against local HTTP servers
 * standing in for what they call. Each builds its own app, so nothing past the npm cache is shared.
 */
interface Case {
  template: string;
  args: string[];
  tests: number;
  audit: RegExp;
  rendered(project: string): void;
  built(output: string, project: string): void;
  /** Starts what the app calls, then the app (`start` returns its base URL), then checks its answers. */
  serve(start: (extraEnv: Record<string, string>) => Promise<string>, closeLater: (server: Server) => void): Promise<void>;
}

const CRON_SECRET = "e2e-cron-secret-not-a-secret";
const MODEL_API_KEY = "e2e-model-key-not-a-secret";
const API_TOKEN = "e2e-edge-token-not-a-secret";

const read = (project: string, file: string) => readFileSync(path.join(project, file), "utf8");
const json = <T>(project: string, file: string) => JSON.parse(read(project, file)) as T;
type VercelJson = { crons?: unknown[]; functions: Record<string, { maxDuration: number; memory?: number }> };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function modelPiece(text: string): string {
  return `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;
}

/** Reads the stream until it contains `marker`; everything read so far. */
async function readUntil(reader: ReadableStreamDefaultReader<string>, marker: string, sofar = ""): Promise<string> {
  let text = sofar;
  while (!text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before ${JSON.stringify(marker)}:\n${text}`);
    text += value;
  }
  return text;
}

const cases: Case[] = [
  {
    template: "vercel-cron",
    args: ["--timeout", "60"],
    tests: 7,
    audit: /0 errors, 0 warnings, 0 info in 2 functions/,
    rendered(project) {
      const vercel = json<VercelJson>(project, "vercel.json");
      expect(vercel.crons).toEqual([{ path: "/api/cron/daily-report", schedule: "0 6 * * *" }]);
      expect(Object.values(vercel.functions)[0]?.maxDuration).toBe(60);
    },
    built(output) {
      expect(output).toContain("/api/cron/daily-report");
    },
    // Real cron calls as Vercel makes them (GET with the CRON_SECRET bearer token), against a local status page.
    async serve(start, closeLater) {
      let statusCalls = 0;
      const statusPage = createServer((_request, response) => {
        statusCalls++;
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ status: { indicator: "none", description: "All Systems Operational" } }));
      });
      closeLater(statusPage);
      const base = await start({ CRON_SECRET, STATUS_URL: `${await listen(statusPage)}/api/v2/status.json` });

      const cron = (authorization?: string) => fetch(`${base}/api/cron/daily-report`, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(10_000) });
      expect((await cron()).status).toBe(401);
      expect((await cron("Bearer wrong")).status).toBe(401);
      expect(statusCalls).toBe(0);
      const first = await cron(`Bearer ${CRON_SECRET}`);
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ status: "done", result: { indicator: "none" } });
      expect(await (await cron(`Bearer ${CRON_SECRET}`)).json()).toMatchObject({ status: "skipped" });
      expect(statusCalls).toBe(1);
    },
  },
  {
    template: "vercel-streaming",
    args: ["--timeout", "45"],
    tests: 13,
    audit: /0 errors, 0 warnings, 0 info in 2 functions/,
    rendered(project) {
      expect(read(project, "app/api/chat/route.ts")).toContain("export const maxDuration = 45;");
      expect(json<VercelJson>(project, "vercel.json").functions["app/api/**/route.ts"]?.maxDuration).toBe(45);
      expect(read(project, ".env.example")).toMatch(/^MODEL_API_KEY=$/m);
    },
    built(output) {
      expect(output).toContain("/api/chat");
    },
    // A local server streams like the model API: the first answer holds its second piece until the first
    // has come out of next start; the second never finishes, so only the client leaving can end it.
    async serve(start, closeLater) {
      let releaseRest: () => void = () => {};
      const restReleased = new Promise<void>((resolve) => (releaseRest = resolve));
      let markHungUp: () => void = () => {};
      const hungUp = new Promise<void>((resolve) => (markHungUp = resolve));
      const received: Array<{ authorization: string | undefined; body: unknown }> = [];
      const model = createServer(async (request, response) => {
        let raw = "";
        for await (const part of request) raw += String(part);
        received.push({ authorization: request.headers.authorization, body: JSON.parse(raw) });
        response.writeHead(200, { "content-type": "text/event-stream" });
        if (received.length > 1) {
          response.on("close", () => markHungUp());
          response.write(modelPiece("Once"));
          return;
        }
        response.write(modelPiece("Hel"));
        await restReleased;
        response.write(modelPiece("lo"));
        response.end(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`);
      });
      closeLater(model);
      const base = await start({ MODEL_API_URL: `${await listen(model)}/v1/chat/completions`, MODEL_API_KEY, MODEL: "e2e-model" });
      expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: "ok", model: "configured" });

      const chat = (signal: AbortSignal) =>
        fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "Say hello" }] }), signal });
      const first = await chat(AbortSignal.timeout(20_000));
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = first.body!.pipeThrough(new TextDecoderStream()).getReader();
      // Streamed, not buffered: the first piece comes through while the model still holds the rest.
      let text = await readUntil(reader, '"text":"Hel"');
      expect(text).not.toContain("event: done");
      releaseRest();
      text = await readUntil(reader, "event: done", text);
      expect(text.match(/^event: (\w+)$/gm)).toEqual(["event: start", "event: token", "event: token", "event: done"]);
      expect(text).toContain('"text":"lo"');
      expect(received[0]).toEqual({ authorization: `Bearer ${MODEL_API_KEY}`, body: expect.objectContaining({ model: "e2e-model", stream: true }) });

      const client = new AbortController();
      const second = await chat(client.signal);
      await readUntil(second.body!.pipeThrough(new TextDecoderStream()).getReader(), '"text":"Once"');
      client.abort();
      const closed = await Promise.race([hungUp.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
      expect(closed, "next start should close the model connection when the client leaves").toBe(true);
    },
  },
  {
    template: "vercel-edge",
    args: ["--timeout", "20"],
    tests: 10,
    // The two `runtime = "edge"` lines carry a coldstart-ignore comment for next/edge-runtime-deprecated.
    audit: /0 errors, 0 warnings, 0 info in 4 functions \(2 suppressed\)/,
    rendered(project) {
      // Only the Node.js route gets maxDuration and memory: edge functions have neither.
      expect(json<VercelJson>(project, "vercel.json").functions).toEqual({ "app/api/health/route.ts": { maxDuration: 20, memory: 1024 } });
    },
    built(output, project) {
      expect(output).toContain("/api/geo");
      // What the chosen Next.js says about the two deprecated choices (its README, "Edge or Node.js").
      expect(output).toContain('The "middleware" file convention is deprecated');
      expect(output).toContain("The Edge Runtime is deprecated");
      const manifest = json<{ middleware: Record<string, { matchers: Array<{ originalSource: string }> }>; functions: Record<string, unknown> }>(project, ".next/server/middleware-manifest.json");
      expect(manifest.middleware["/"]?.matchers.map((m) => m.originalSource)).toEqual(["/api/:path*"]);
      expect(Object.keys(manifest.functions).sort()).toEqual(["/api/geo/route", "/api/private/session/route"]);
    },
    // Requests as Vercel forwards them, with its x-vercel-ip-* geolocation headers.
    async serve(start) {
      const base = await start({ API_TOKEN, BLOCKED_COUNTRIES: "KP,IR" });
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
    },
  },
];

let env: NodeJS.ProcessEnv;
const roots: string[] = [];
const servers: ResultPromise[] = [];
const fakes: Server[] = [];

beforeAll(async () => {
  env = { ...(await node22Env()), NEXT_TELEMETRY_DISABLED: "1" };
});

afterAll(async () => {
  for (const server of servers) await stopProcessGroup(server);
  for (const fake of fakes) {
    fake.closeAllConnections();
    fake.close();
  }
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe.each(cases)("coldstart create --template $template", ({ template, args, tests, audit, rendered, built, serve }) => {
  let project: string;
  const run = async (file: string, runArgs: string[]) => {
    const result = await execa(file, runArgs, { cwd: project, env, reject: false, all: true, stdin: "ignore" });
    return { exitCode: result.exitCode, output: stripVTControlCharacters(String(result.all)) };
  };

  beforeAll(async () => {
    const root = tempDir(template);
    roots.push(root);
    project = path.join(root, `${template}-e2e`);
    const created = await coldstart(["create", project, "--template", template, "--yes", "--install", "--no-git", ...args], { env, all: true, stdin: "ignore" });
    expect(created.exitCode, String(created.all)).toBe(0);
  });

  it("renders its files with the chosen limits", () => {
    expect(json<{ name: string }>(project, "package.json").name).toBe(`${template}-e2e`);
    rendered(project);
  });

  it("type-checks and passes its own tests", async () => {
    const typecheck = await run("npm", ["run", "typecheck"]);
    expect(typecheck.exitCode, typecheck.output).toBe(0);
    const result = await run("npm", ["test"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(new RegExp(`Tests\\s+${tests} passed`));
  });

  it("audits clean with its own pinned coldstart (npm run audit)", async () => {
    const ours = json<{ version: string }>(repoRoot, "package.json").version;
    expect(json<{ devDependencies: Record<string, string> }>(project, "package.json").devDependencies.coldstart).toBe(ours);
    const result = await run("npm", ["run", "audit"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(audit);
  });

  it("builds with next build, then answers real requests under next start", async () => {
    const build = await run("npm", ["run", "build"]);
    expect(build.exitCode, build.output).toBe(0);
    built(build.output, project);

    await serve(
      async (extraEnv) => {
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        const server = execa(path.join(project, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
          cwd: project,
          env: { ...env, ...extraEnv },
          detached: true,
          stdin: "ignore",
          all: true,
          reject: false,
        });
        servers.push(server);
        await waitUntilAnswering(`${base}/api/health`, server, "next start", 60_000);
        return base;
      },
      (fake) => fakes.push(fake),
    );
  });
});
