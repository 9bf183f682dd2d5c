import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";

afterEach(() => {
  vi.unstubAllEnvs();
});

function request(method: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest("http://localhost/api/todos", { method, headers });
}

describe("proxy", () => {
  it("passes reads through with a new request id for the handler and the client", () => {
    const response = proxy(request("GET"));

    expect(response.headers.get("x-middleware-next")).toBe("1");
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-middleware-request-x-request-id")).toBe(id);
  });

  it("keeps a well-formed incoming request id and replaces a malformed one", () => {
    expect(proxy(request("GET", { "x-request-id": "abc-123" })).headers.get("x-request-id")).toBe("abc-123");
    expect(proxy(request("GET", { "x-request-id": "bad id <script>" })).headers.get("x-request-id")).not.toContain("bad");
  });

  it("allows writes without a token outside production", () => {
    vi.stubEnv("API_TOKEN", "");
    vi.stubEnv("NODE_ENV", "development");
    expect(proxy(request("POST")).headers.get("x-middleware-next")).toBe("1");
  });

  it("refuses writes in production until API_TOKEN is set", async () => {
    vi.stubEnv("API_TOKEN", "");
    vi.stubEnv("NODE_ENV", "production");
    const response = proxy(request("DELETE"));

    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(/API_TOKEN/);
  });

  it("checks the bearer token when API_TOKEN is set", () => {
    vi.stubEnv("API_TOKEN", "s3cret-for-tests");
    expect(proxy(request("PATCH")).status).toBe(401);
    expect(proxy(request("PATCH", { authorization: "Bearer wrong" })).status).toBe(401);
    const allowed = proxy(request("PATCH", { authorization: "Bearer s3cret-for-tests" }));
    expect(allowed.headers.get("x-middleware-next")).toBe("1");
    expect(proxy(request("GET")).headers.get("x-middleware-next")).toBe("1");
  });
});
