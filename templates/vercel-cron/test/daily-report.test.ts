import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const SECRET = "test-secret-0123456789";
let GET: typeof import("@/app/api/cron/daily-report/route").GET;

beforeEach(async () => {
  // A fresh module per test: the in-memory run store starts empty, as in a new function instance.
  vi.resetModules();
  ({ GET } = await import("@/app/api/cron/daily-report/route"));
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

function call(authorization?: string): Promise<Response> {
  return GET(new Request("http://localhost/api/cron/daily-report", { headers: { ...(authorization ? { authorization } : {}), "x-vercel-id": "iad1::abcde-1764921600000-0123456789ab" } }));
}

function upstream(answer: () => Response | Promise<Response>) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async () => answer());
}

describe("GET /api/cron/daily-report", () => {
  it("refuses a call without the CRON_SECRET bearer token, or with a wrong one", async () => {
    const fetch = upstream(() => Response.json({}));
    expect((await call()).status).toBe(401);
    expect((await call(`Bearer ${SECRET}x`)).status).toBe(401);
    expect((await call(SECRET)).status).toBe(401);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("runs the job with the secret, and does nothing on a second delivery of the same run", async () => {
    const fetch = upstream(() => Response.json({ status: { indicator: "none", description: "All Systems Operational" } }));
    const first = await call(`Bearer ${SECRET}`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "done", result: { indicator: "none" }, key: expect.stringMatching(/^daily-report:\d{4}-\d{2}-\d{2}$/) });
    const second = await call(`Bearer ${SECRET}`);
    expect(await second.json()).toMatchObject({ status: "skipped" });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(console.log).toHaveBeenCalledWith(expect.stringContaining('"requestId":"iad1::abcde-1764921600000-0123456789ab"'));
  });

  it("gives up on a hung upstream after UPSTREAM_TIMEOUT_MS, answers 500, and lets the next delivery retry", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation((_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason))));
    const started = Date.now();
    const failed = await call(`Bearer ${SECRET}`);
    expect(failed.status).toBe(500);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("TimeoutError"));
    vi.restoreAllMocks();
    upstream(() => Response.json({ status: { indicator: "minor", description: "Partial outage" } }));
    expect(await (await call(`Bearer ${SECRET}`)).json()).toMatchObject({ status: "done", result: { indicator: "minor" } });
  });
});
