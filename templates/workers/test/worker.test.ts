import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import worker from "../src/index";
import { mockRegistry, packageJson, stalled } from "./registry-mock";

let errorLog: MockInstance<typeof console.error>;

beforeEach(() => {
  errorLog = vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
});

// Integration style: requests go through the Worker's default export, as they would in production.
function request(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`https://worker.test${path}`, init));
}

async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = await response.json<{ error: { code: string; message: string } }>();
  expect(body.error.code).toBe(code);
  expect(body.error.message).not.toBe("");
}

describe("routing", () => {
  it("answers the health check", async () => {
    const response = await request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("returns a JSON 404 for an unknown path", async () => {
    await expectError(await request("/nope"), 404, "not_found");
    expect(errorLog).not.toHaveBeenCalled();
  });

  it("returns 405 with an Allow header for a known path and the wrong method", async () => {
    const response = await request("/health", { method: "POST" });
    expect(response.headers.get("allow")).toBe("GET");
    await expectError(response, 405, "method_not_allowed");
  });
});

describe("GET /api/packages/:name", () => {
  it("returns the latest version of a scoped package", async () => {
    const fetchSpy = mockRegistry((upstream) =>
      upstream.url.endsWith("/@types/node/latest")
        ? packageJson({ name: "@types/node", version: "24.0.0", description: "TypeScript definitions" })
        : new Response("unexpected", { status: 500 }),
    );

    const response = await request("/api/packages/@types/node");

    expect(response.status).toBe(200);
    expect(response.headers.get("x-cache")).toBe("miss");
    expect(await response.json()).toEqual({
      name: "@types/node",
      version: "24.0.0",
      description: "TypeScript definitions",
      license: null,
    });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it("rejects an invalid package name before calling the registry", async () => {
    const fetchSpy = mockRegistry(() => packageJson({ version: "1.0.0" }));
    await expectError(await request("/api/packages/Not%20A%20Name"), 400, "invalid_package_name");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("passes the registry's 404 through as a JSON 404", async () => {
    mockRegistry(() => new Response("Not Found", { status: 404 }));
    await expectError(await request("/api/packages/no-such-package-here"), 404, "package_not_found");
  });

  it("turns a registry failure into a 502", async () => {
    mockRegistry(() => new Response("Service Unavailable", { status: 503 }));
    await expectError(await request("/api/packages/flaky"), 502, "upstream_error");
    expect(errorLog).toHaveBeenCalledWith(
      expect.objectContaining({ message: "The registry answered 503", path: "/api/packages/flaky" }),
    );
  });

  it("turns invalid JSON from the registry into a 502", async () => {
    mockRegistry(() => new Response("<html>oops</html>", { status: 200 }));
    await expectError(await request("/api/packages/html-instead"), 502, "upstream_unreachable");
  });

  it("gives up on a registry that does not answer and returns a 504", async () => {
    mockRegistry(stalled);
    await expectError(await request("/api/packages/slow"), 504, "upstream_timeout");
  });
});

describe("caching (unit style, calling the handler directly)", () => {
  it("serves the second request from KV", async () => {
    const fetchSpy = mockRegistry(() => packageJson({ name: "vitest", version: "5.1.1", license: "MIT" }));

    const first = await fetchWithContext("/api/packages/vitest");
    const second = await fetchWithContext("/api/packages/vitest");

    expect(first.headers.get("x-cache")).toBe("miss");
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(await second.json()).toEqual(await first.json());
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });
});

describe("unexpected errors", () => {
  it("answers a generic 500 and logs the details", async () => {
    const misconfigured = { ...env, UPSTREAM_TIMEOUT_MS: "soon" } as unknown as Env;
    const response = await worker.fetch(
      new Request("https://worker.test/api/packages/hono"),
      misconfigured,
      createExecutionContext(),
    );

    await expectError(response, 500, "internal_error");
    expect(errorLog).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining("UPSTREAM_TIMEOUT_MS") }));
  });
});

async function fetchWithContext(path: string): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`https://worker.test${path}`), env, ctx);
  // Let ctx.waitUntil() work (the KV write) finish before the next request.
  await waitOnExecutionContext(ctx);
  return response;
}
