import { createScheduledController } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { RunRecord } from "../src/check";
import worker from "../src/index";

let errors: MockInstance<typeof console.error>;
let info: MockInstance<typeof console.log>;

beforeEach(() => {
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
  info = vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** The Worker runs in the same isolate as the tests, so replacing fetch covers its outbound requests. */
function upstream(answer: (request: Request) => Response | Promise<Response>) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => answer(new Request(input, init)));
}

const operational = () => Response.json({ status: { indicator: "none", description: "All Systems Operational" } });

function tick(iso: string) {
  return createScheduledController({ scheduledTime: new Date(iso), cron: "*/15 * * * *" });
}

describe("the Cron Trigger", () => {
  it("checks the status, records the run under its scheduled time and as the latest", async () => {
    const fetch = upstream(operational);
    await worker.scheduled!(tick("2026-12-05T10:15:00Z"), env);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(new Request(fetch.mock.calls[0]![0]).url).toBe(env.STATUS_URL);
    const record = await env.RUNS.get<RunRecord>("run:*/15 * * * *:2026-12-05T10:15:00.000Z", "json");
    expect(record).toMatchObject({ indicator: "none", description: "All Systems Operational", scheduledTime: "2026-12-05T10:15:00.000Z" });
    expect(await env.RUNS.get("latest", "json")).toEqual(record);
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ message: "status checked", runId: "run:*/15 * * * *:2026-12-05T10:15:00.000Z" }));
  });

  it("does the work once when the same scheduled time is delivered twice", async () => {
    const fetch = upstream(operational);
    await worker.scheduled!(tick("2026-12-05T10:30:00Z"), env);
    await worker.scheduled!(tick("2026-12-05T10:30:00Z"), env);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ message: "already ran for this scheduled time" }));
  });

  it("gives up on a hung upstream after UPSTREAM_TIMEOUT_MS, logs it with the run id and fails the run", async () => {
    upstream((request) => new Promise((_resolve, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason))));
    const started = Date.now();
    await expect(worker.scheduled!(tick("2026-12-05T10:45:00Z"), env)).rejects.toThrow(/timed out|aborted/i);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ message: "status check failed", runId: "run:*/15 * * * *:2026-12-05T10:45:00.000Z" }));
    expect(await env.RUNS.get("run:*/15 * * * *:2026-12-05T10:45:00.000Z")).toBeNull();
  });

  it("fails the run on an upstream error or an unexpected body, recording nothing", async () => {
    upstream(() => new Response("maintenance", { status: 503 }));
    await expect(worker.scheduled!(tick("2026-12-05T11:00:00Z"), env)).rejects.toThrow("answered 503");
    upstream(() => Response.json({ page: {} }));
    await expect(worker.scheduled!(tick("2026-12-05T11:15:00Z"), env)).rejects.toThrow("did not return a status");
    expect(await env.RUNS.get("run:*/15 * * * *:2026-12-05T11:00:00.000Z")).toBeNull();
  });
});

describe("HTTP", () => {
  it("GET /status answers 404 before the first run, then the latest run", async () => {
    // KV keeps what earlier tests in this file stored.
    await env.RUNS.delete("latest");
    expect((await exports.default.fetch(new Request("https://worker.test/status"))).status).toBe(404);
    upstream(operational);
    await worker.scheduled!(tick("2026-12-05T12:00:00Z"), env);
    vi.restoreAllMocks();
    const response = await exports.default.fetch(new Request("https://worker.test/status"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ indicator: "none", scheduledTime: "2026-12-05T12:00:00.000Z" });
  });

  it("answers the health check, and 404/405 elsewhere", async () => {
    expect((await exports.default.fetch(new Request("https://worker.test/health"))).status).toBe(200);
    expect((await exports.default.fetch(new Request("https://worker.test/nope"))).status).toBe(404);
    expect((await exports.default.fetch(new Request("https://worker.test/status", { method: "POST" }))).status).toBe(405);
  });
});
