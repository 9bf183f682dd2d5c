import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { middleware } from "@/middleware";

const TOKEN = "test-token-0123456789";

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function request(path: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`http://localhost${path}`, { headers });
}

const passedOn = (response: Response) => response.headers.get("x-middleware-next") === "1";

describe("middleware", () => {
  it("passes public requests on with a request id for the route and the client", async () => {
    const response = await middleware(request("/api/geo"));
    expect(passedOn(response)).toBe(true);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-middleware-request-x-request-id")).toBe(id);
  });

  it("keeps a well-formed incoming request id and replaces a malformed one", async () => {
    expect((await middleware(request("/api/geo", { "x-request-id": "trace-42" }))).headers.get("x-request-id")).toBe("trace-42");
    expect((await middleware(request("/api/geo", { "x-request-id": "<script>" }))).headers.get("x-request-id")).not.toContain("script");
  });

  it("refuses a blocked country with 451, and only that country", async () => {
    vi.stubEnv("BLOCKED_COUNTRIES", "kp, IR");
    const refused = await middleware(request("/api/geo", { "x-vercel-ip-country": "IR" }));
    expect(refused.status).toBe(451);
    expect((await refused.json()).error.code).toBe("unavailable_in_country");
    expect(refused.headers.get("x-request-id")).toBeTruthy();
    expect(passedOn(await middleware(request("/api/geo", { "x-vercel-ip-country": "DE" })))).toBe(true);
    expect(passedOn(await middleware(request("/api/geo")))).toBe(true);
  });

  it("keeps /api/private closed while API_TOKEN is unset", async () => {
    const response = await middleware(request("/api/private/session", { authorization: "Bearer " }));
    expect(response.status).toBe(503);
    expect((await response.json()).error.message).toMatch(/API_TOKEN/);
  });

  it("lets /api/private through only with the bearer token", async () => {
    vi.stubEnv("API_TOKEN", TOKEN);
    expect((await middleware(request("/api/private/session"))).status).toBe(401);
    expect((await middleware(request("/api/private/session", { authorization: `Bearer ${TOKEN}x` }))).status).toBe(401);
    expect((await middleware(request("/api/private", { authorization: TOKEN }))).status).toBe(401);
    expect(passedOn(await middleware(request("/api/private/session", { authorization: `Bearer ${TOKEN}` })))).toBe(true);
    // Only the /api/private prefix itself, not paths that merely start with the same letters.
    expect(passedOn(await middleware(request("/api/privateer")))).toBe(true);
  });
});
