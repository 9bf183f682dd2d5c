import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import app from "../src/index";

let info: MockInstance<typeof console.log>;
let warn: MockInstance<typeof console.warn>;
let error: MockInstance<typeof console.error>;

beforeEach(() => {
  info = vi.spyOn(console, "log").mockImplementation(() => {});
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  error = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** Requests go through the Worker's default export, as they do in production. */
function request(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`https://worker.test${path}`, init));
}

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return request("/api/bookmarks", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** Replaces the outbound fetch (the Worker runs in the tests' isolate) with a stand-in web page. */
function page(answer: (request: Request) => Response | Promise<Response>) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => answer(new Request(input, init)));
}

const html = (title: string) => new Response(`<!doctype html><html><head><title>${title}</title></head><body>hi</body></html>`, { headers: { "content-type": "text/html" } });

interface Bookmark {
  id: string;
  url: string;
  title: string | null;
  tags: string[];
}

describe("routing and logs", () => {
  it("answers the health check with the request id (cf-ray) in a header and in the JSON log line", async () => {
    const response = await request("/health", { headers: { "cf-ray": "8f1e2d3c4b5a6978-AMS" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("x-request-id")).toBe("8f1e2d3c4b5a6978-AMS");
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ level: "info", message: "request", requestId: "8f1e2d3c4b5a6978-AMS", method: "GET", path: "/health", status: 200 }));
  });

  it("answers JSON 404 for an unknown route", async () => {
    const response = await request("/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "No route for GET /nope" } });
  });
});

describe("bookmarks", () => {
  it("saves a bookmark with the page's title, reads it back and deletes it", async () => {
    const fetchSpy = page(() => html("Hono &amp; Workers"));
    const created = await post({ url: "https://hono.dev/docs", tags: ["web", " docs "] });
    expect(created.status).toBe(201);
    const bookmark = await created.json<Bookmark>();
    expect(bookmark).toMatchObject({ url: "https://hono.dev/docs", title: "Hono & Workers", tags: ["web", "docs"] });
    expect(created.headers.get("location")).toBe(`/api/bookmarks/${bookmark.id}`);
    expect(fetchSpy.mock.calls[0]?.[1]?.signal).toBeInstanceOf(AbortSignal);

    const read = await request(`/api/bookmarks/${bookmark.id}`);
    expect(await read.json()).toEqual(bookmark);
    expect((await request(`/api/bookmarks/${bookmark.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await request(`/api/bookmarks/${bookmark.id}`)).status).toBe(404);
  });

  it("refuses invalid input with every problem listed (422), and malformed JSON (400)", async () => {
    const fetchSpy = page(() => html("never fetched"));
    const invalid = await post({ url: "ftp://example.com/file", tags: Array.from({ length: 11 }, (_, i) => `t${i}`) });
    expect(invalid.status).toBe(422);
    const { error: body } = await invalid.json<{ error: { code: string; details: string[] } }>();
    expect(body.code).toBe("invalid_request");
    expect(body.details).toEqual([expect.stringMatching(/^url: /), expect.stringMatching(/^tags: /)]);
    const malformed = await request("/api/bookmarks", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(malformed.status).toBe(400);
    expect((await request("/api/bookmarks/not-an-id")).status).toBe(422);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("refuses a body over 16 KiB before reading it (413)", async () => {
    const response = await post({ url: "https://example.com/", tags: ["x".repeat(20_000)] });
    expect(response.status).toBe(413);
  });

  it("creates one bookmark for a retried POST with the same Idempotency-Key", async () => {
    const fetchSpy = page(() => html("Once"));
    const headers = { "idempotency-key": "bookmark-retry-0001" };
    const first = await post({ url: "https://example.com/once" }, headers);
    const again = await post({ url: "https://example.com/once" }, headers);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect((await again.json<Bookmark>()).id).toBe((await first.json<Bookmark>()).id);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect((await post({ url: "https://example.com/once" }, { "idempotency-key": "bad key" })).status).toBe(422);
  });

  it("saves without a title when the page does not answer in time, and logs why with the request id", async () => {
    page((upstream) => new Promise((_resolve, reject) => upstream.signal.addEventListener("abort", () => reject(upstream.signal.reason))));
    const response = await post({ url: "https://slow.example/" }, { "cf-ray": "slow-ray-1" });
    expect(response.status).toBe(201);
    expect((await response.json<Bookmark>()).title).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ message: "saved without a title", requestId: "slow-ray-1", host: "slow.example", problem: "no answer within 200 ms" }));
  });

  it("answers 500 without internal details when storage fails, and logs the error with the request id", async () => {
    const failing = { ...env, BOOKMARKS: { get: () => Promise.reject(new Error("KV unavailable")) } as unknown as KVNamespace };
    // app.request calls the Hono app directly with the bindings given: here, a KV namespace that fails.
    const response = await app.request("/api/bookmarks/0b7e2b0e-6c1f-4d6e-9d38-1f2a3b4c5d6e", { headers: { "cf-ray": "kv-ray-1" } }, failing);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "internal_error", message: "Something went wrong on our side", requestId: "kv-ray-1" } });
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ message: "unhandled error", requestId: "kv-ray-1", error: "Error: KV unavailable" }));
  });
});
