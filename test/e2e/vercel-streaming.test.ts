import { execa, type ResultPromise } from "execa";
import { readFileSync, rmSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coldstart, freePort, node22Env, repoRoot, stopProcessGroup, tempDir, waitUntilAnswering } from "./_helpers.js";

/**
 * The vercel-streaming template from the npm registry (coldstart from this checkout's tarball): its own
 * tests, `next build`, then `next start` streaming a chat answer from a real local HTTP server that
 * stands in for the model API, piece by piece, and hanging up on it when the client leaves.
 */
const MODEL_API_KEY = "e2e-model-key-not-a-secret";

let root: string;
let project: string;
let env: NodeJS.ProcessEnv;
let server: ResultPromise | undefined;
let model: Server | undefined;

async function run(command: string, args: string[]) {
  const result = await execa(command, args, { cwd: project, env, reject: false, all: true, stdin: "ignore" });
  return { exitCode: result.exitCode, output: stripVTControlCharacters(String(result.all)) };
}

function piece(text: string): string {
  return `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;
}

/** Reads the stream until `text` contains `marker`; what was read so far. */
async function readUntil(reader: ReadableStreamDefaultReader<string>, marker: string, sofar = ""): Promise<string> {
  let text = sofar;
  while (!text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before ${JSON.stringify(marker)}:\n${text}`);
    text += value;
  }
  return text;
}

beforeAll(async () => {
  env = { ...(await node22Env()), NEXT_TELEMETRY_DISABLED: "1" };
  root = tempDir("vercel-streaming");
  project = path.join(root, "chat");
  const created = await coldstart(["create", project, "--template", "vercel-streaming", "--yes", "--install", "--no-git", "--timeout", "60"], { env, all: true, stdin: "ignore" });
  expect(created.exitCode, String(created.all)).toBe(0);
});

afterAll(async () => {
  await stopProcessGroup(server);
  model?.closeAllConnections();
  model?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("coldstart create --template vercel-streaming", () => {
  it("writes maxDuration into the route and vercel.json", () => {
    expect(readFileSync(path.join(project, "app/api/chat/route.ts"), "utf8")).toContain("export const maxDuration = 60;");
    const vercel = JSON.parse(readFileSync(path.join(project, "vercel.json"), "utf8")) as { functions: Record<string, { maxDuration: number }> };
    expect(vercel.functions["app/api/**/route.ts"]?.maxDuration).toBe(60);
    expect(readFileSync(path.join(project, ".env.example"), "utf8")).toMatch(/^MODEL_API_KEY=$/m);
  });

  it("type-checks and passes its own tests against a local model server", async () => {
    const typecheck = await run("npm", ["run", "typecheck"]);
    expect(typecheck.exitCode, typecheck.output).toBe(0);
    const tests = await run("npm", ["test"]);
    expect(tests.exitCode, tests.output).toBe(0);
    expect(tests.output).toMatch(/Tests\s+13 passed/);
  });

  it("audits clean with its own pinned coldstart (npm run audit)", async () => {
    const ours = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
    expect((JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies.coldstart).toBe(ours);
    const result = await run("npm", ["run", "audit"]);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toMatch(/0 errors, 0 warnings, 0 info in 2 functions/);
  });

  it("builds with next build, then streams the model's answer under next start as it arrives, and hangs up on the model when the client leaves", async () => {
    const build = await run("npm", ["run", "build"]);
    expect(build.exitCode, build.output).toBe(0);
    expect(build.output).toContain("/api/chat");

    // The model server: the first answer holds its second piece until the test has seen the first one
    // come out of next start; the second answer never finishes, so only the client leaving ends it.
    let releaseRest: () => void = () => {};
    const restReleased = new Promise<void>((resolve) => (releaseRest = resolve));
    let markHungUp: () => void = () => {};
    const hungUp = new Promise<void>((resolve) => (markHungUp = resolve));
    const received: Array<{ authorization: string | undefined; body: { model: string; stream: boolean } }> = [];
    model = createServer(async (request, response: ServerResponse) => {
      let raw = "";
      for await (const part of request) raw += String(part);
      received.push({ authorization: request.headers.authorization, body: JSON.parse(raw) });
      response.writeHead(200, { "content-type": "text/event-stream" });
      if (received.length === 1) {
        response.write(piece("Hel"));
        await restReleased;
        response.write(piece("lo"));
        response.end(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`);
        return;
      }
      response.on("close", () => markHungUp());
      response.write(piece("Once"));
    });
    await new Promise<void>((resolve) => model!.listen(0, "127.0.0.1", resolve));
    const modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1/chat/completions`;

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = execa(path.join(project, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: project,
      env: { ...env, MODEL_API_URL: modelUrl, MODEL_API_KEY, MODEL: "e2e-model" },
      detached: true,
      stdin: "ignore",
      all: true,
      reject: false,
    });
    await waitUntilAnswering(`${base}/api/health`, server, "next start", 60_000);
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
  });
});
