import { describe, expect, it } from "vitest";
import { modelConfig, parseChatRequest, parseModelEvent } from "@/lib/model";
import { sseData } from "@/lib/sse";

async function dataOf(chunks: string[]): Promise<string[]> {
  const source = new ReadableStream<string>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  const out: string[] = [];
  for await (const data of source.pipeThrough(sseData())) out.push(data);
  return out;
}

describe("sseData", () => {
  it("joins data lines per event, whatever the chunk boundaries and line endings", async () => {
    expect(await dataOf(["data: a\n\nda", "ta: b\r", "\ndata: c\r\n\r\n: comment\n\nevent: x\ndata:d"])).toEqual(["a", "b\nc", "d"]);
  });
});

describe("parseModelEvent", () => {
  it("reads text, the finish reason, [DONE] and errors", () => {
    expect(parseModelEvent('{"choices":[{"delta":{"content":"hi"}}]}')).toEqual({ kind: "text", text: "hi" });
    expect(parseModelEvent('{"choices":[{"delta":{},"finish_reason":"length"}]}')).toEqual({ kind: "finish", reason: "length" });
    expect(parseModelEvent("[DONE]")).toEqual({ kind: "done" });
    expect(parseModelEvent('{"error":{"message":"overloaded"}}')).toEqual({ kind: "error", message: "overloaded" });
    expect(parseModelEvent("not json").kind).toBe("error");
  });
});

describe("modelConfig", () => {
  it("names every missing setting", () => {
    expect(modelConfig(30, {})).toEqual({ ok: false, missing: ["MODEL_API_KEY", "MODEL"] });
  });

  it("keeps the model's deadline under maxDuration", () => {
    const result = modelConfig(30, { MODEL_API_KEY: "k", MODEL: "m", MODEL_TIMEOUT_MS: "600000" });
    expect(result.ok && result.config.timeoutMs).toBe(25_000);
    const fallback = modelConfig(60, { MODEL_API_KEY: "k", MODEL: "m" });
    expect(fallback.ok && fallback.config).toMatchObject({ timeoutMs: 55_000, idleTimeoutMs: 10_000, url: "https://api.openai.com/v1/chat/completions" });
  });
});

describe("parseChatRequest", () => {
  it("accepts messages and says what is wrong otherwise", () => {
    expect(parseChatRequest({ messages: [{ role: "user", content: "hi" }] })).toEqual({ ok: true, value: { messages: [{ role: "user", content: "hi" }] } });
    expect(parseChatRequest({ messages: [] })).toMatchObject({ ok: false, message: expect.stringMatching(/^messages: expected 1 to 100/) });
    expect(parseChatRequest({ messages: [{ role: "user", content: "" }] })).toMatchObject({ ok: false, message: expect.stringMatching(/^messages\.0\.content/) });
    expect(parseChatRequest({ messages: [{ role: "user", content: "hi" }], model: "other" })).toMatchObject({ ok: false, message: "model: unexpected field" });
    expect(parseChatRequest(["hi"])).toMatchObject({ ok: false });
  });
});
