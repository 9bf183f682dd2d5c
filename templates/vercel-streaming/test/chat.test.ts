import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/chat/route";
import { gate, startFakeModel, type FakeModel, type Script } from "./fake-model";

const KEY = "test-key-not-a-secret";
let model: FakeModel | undefined;

beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await model?.close();
  model = undefined;
});

async function serve(script: Script, env: Record<string, string> = {}): Promise<FakeModel> {
  model = await startFakeModel(script);
  vi.stubEnv("MODEL_API_URL", model.url);
  vi.stubEnv("MODEL_API_KEY", KEY);
  vi.stubEnv("MODEL", "test-model");
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return model;
}

function chat(body: unknown = { messages: [{ role: "user", content: "Say hello" }] }, init: RequestInit = {}): Promise<Response> {
  return POST(new Request("http://localhost/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...init }));
}

/** Reads server-sent events until `until` returns true or the stream ends. */
async function readEvents(reader: ReadableStreamDefaultReader<string>, until: (events: Array<{ event: string; data: unknown }>) => boolean) {
  const events: Array<{ event: string; data: unknown }> = [];
  let buffer = "";
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const blocks = buffer.split("\n\n");
    buffer = blocks.pop() ?? "";
    for (const block of blocks) {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1];
      events.push({ event, data: data === undefined ? undefined : JSON.parse(data) });
    }
  }
  return events;
}

const text = (response: Response) => response.body!.pipeThrough(new TextDecoderStream()).getReader();

describe("POST /api/chat", () => {
  it("answers 503 naming what is missing when the model API is not configured, and calls nothing", async () => {
    await serve((_response, _send, done) => done());
    vi.stubEnv("MODEL_API_KEY", "");
    const response = await chat();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "not_configured", message: expect.stringContaining("MODEL_API_KEY") } });
    expect(model!.requests).toHaveLength(0);
  });

  it("refuses a body that is not JSON, or not a list of messages", async () => {
    await serve((_response, _send, done) => done());
    expect((await chat(undefined, { body: "hello", headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await chat(undefined, { body: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
    const invalid = await chat({ messages: [{ role: "robot", content: "hi" }] });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.message).toMatch(/^messages\.0\.role/);
    expect(model!.requests).toHaveLength(0);
  });

  it("passes each piece on as it arrives, before the model has finished", async () => {
    const rest = gate();
    await serve(async (_response, send, done) => {
      send("Hel");
      await rest.opened;
      send("lo");
      done();
    });
    const response = await chat();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = text(response);

    const first = await readEvents(reader, (events) => events.some((e) => e.event === "token"));
    expect(first).toEqual([{ event: "start", data: { requestId: expect.any(String) } }, { event: "token", data: { text: "Hel" } }]);
    rest.open();
    const more = await readEvents(reader, () => false);
    expect(more).toEqual([{ event: "token", data: { text: "lo" } }, { event: "done", data: { tokens: 2, finishReason: "stop" } }]);

    const sent = model!.requests[0]!;
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.body).toEqual({ model: "test-model", messages: [{ role: "user", content: "Say hello" }], stream: true });
  });

  it("turns a refusal from the model API into 502, and its rate limit into 429 with Retry-After", async () => {
    await serve((response) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "internal" } }));
    });
    const failed = await chat();
    expect(failed.status).toBe(502);
    expect((await failed.json()).error.code).toBe("model_error");
    await model!.close();

    await serve((response) => {
      response.writeHead(429, { "retry-after": "7" });
      response.end();
    });
    const limited = await chat();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
  });

  it("ends with an error event when the model goes quiet mid-answer, within MODEL_IDLE_TIMEOUT_MS", async () => {
    await serve((_response, send) => send("Once upon"), { MODEL_IDLE_TIMEOUT_MS: "300" });
    const started = Date.now();
    const events = await readEvents(text(await chat()), () => false);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(events.map((e) => e.event)).toEqual(["start", "token", "error"]);
    expect(events[2]!.data).toMatchObject({ code: "model_timeout", message: expect.stringContaining("300 ms") });
    await model!.hungUp;
  });

  it("answers 504 when the model sends no headers before the deadline", async () => {
    await serve(() => {}, { MODEL_TIMEOUT_MS: "300" });
    const response = await chat();
    expect(response.status).toBe(504);
    expect((await response.json()).error.code).toBe("model_timeout");
  });

  it("hangs up on the model when the client cancels the stream", async () => {
    await serve((_response, send) => send("a"));
    const reader = text(await chat());
    await readEvents(reader, (events) => events.some((e) => e.event === "token"));
    await reader.cancel();
    await model!.hungUp;
  });

  it("hangs up on the model when the request is aborted", async () => {
    await serve((_response, send) => send("a"));
    const client = new AbortController();
    const response = await chat(undefined, { signal: client.signal });
    await readEvents(text(response), (events) => events.some((e) => e.event === "token"));
    client.abort();
    await model!.hungUp;
  });
});
