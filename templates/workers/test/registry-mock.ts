import { vi } from "vitest";

type Upstream = (request: Request) => Response | Promise<Response>;

/**
 * Replaces the global fetch with a fake registry. The Worker under test runs in the same isolate
 * as the tests, so this also covers requests made through `exports.default.fetch()`.
 */
export function mockRegistry(upstream: Upstream) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => upstream(new Request(input, init)));
}

export function packageJson(body: Record<string, unknown>): Response {
  return Response.json(body, { headers: { "content-type": "application/json" } });
}

/** An upstream that never answers: the request only ends when its signal aborts. */
export function stalled(request: Request): Promise<Response> {
  return new Promise((_resolve, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason));
  });
}
