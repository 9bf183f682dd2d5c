import { describe, expect, it, vi } from "vitest";
import { GET, maxDuration } from "@/app/api/events/route";

interface ServerSentEvent {
  id?: string;
  event?: string;
  data?: string;
}

function parseEvents(text: string): ServerSentEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const event: ServerSentEvent = {};
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        const field = line.slice(0, colon);
        const value = line.slice(colon + 1).trimStart();
        if (field === "id" || field === "event" || field === "data") event[field] = value;
      }
      return event;
    })
    .filter((event) => event.event !== undefined);
}

describe("GET /api/events", () => {
  it("streams count ticks and a done event as server-sent events", async () => {
    const response = GET(new Request("http://localhost/api/events?count=3&intervalMs=10"));

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseEvents(await response.text());
    expect(events.map((event) => event.event)).toEqual(["tick", "tick", "tick", "done"]);
    expect(events.map((event) => event.id)).toEqual(["1", "2", "3", "4"]);
    expect(JSON.parse(events[2]?.data ?? "")).toMatchObject({ n: 3, of: 3 });
  });

  it("delivers the first event before the stream ends", async () => {
    const response = GET(new Request("http://localhost/api/events?count=2&intervalMs=200"));
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();

    let received = "";
    while (!received.includes("event: tick")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended before the first tick");
      received += value;
    }
    expect(received).toContain('"n":1');
    await reader.cancel();
  });

  it("stops its timer when the client cancels the stream or the request is aborted", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const url = "http://localhost/api/events?count=50&intervalMs=20";
      const reader = GET(new Request(url)).body!.getReader();
      await reader.read();
      expect(vi.getTimerCount()).toBe(1);
      await reader.cancel();
      expect(vi.getTimerCount()).toBe(0);

      const client = new AbortController();
      const aborted = GET(new Request(url, { signal: client.signal })).body!.getReader();
      await aborted.read();
      expect(vi.getTimerCount()).toBe(1);
      client.abort();
      expect(vi.getTimerCount()).toBe(0);
      // The stream ends instead of hanging: whatever was queued, then done.
      while (!(await aborted.read()).done);

      // A disconnect can cancel the body and abort the request; both together must not throw.
      const both = new AbortController();
      const cancelledThenAborted = GET(new Request(url, { signal: both.signal })).body!.getReader();
      await cancelledThenAborted.cancel();
      expect(() => both.abort()).not.toThrow();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a stream that cannot finish within maxDuration", async () => {
    const count = maxDuration;
    const response = GET(new Request(`http://localhost/api/events?count=${count}&intervalMs=1000`));

    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe("validation_failed");
  });
});
