import { introspectWorkflow, introspectWorkflowInstance } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";

let errorLog: MockInstance<typeof console.error>;

beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  errorLog = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

interface Sent {
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A stand-in email API. The Workflow runs in the tests' isolate, so its fetch calls land here; what they
 * sent is kept as plain data (a request body cannot be read from outside the instance that made it).
 */
function emailApi(answer: (request: Request, call: number) => Response | Promise<Response>) {
  let calls = 0;
  const requests: Sent[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    requests.push({ headers: Object.fromEntries(request.headers), body: await request.clone().json() });
    return answer(request, ++calls);
  });
  return requests;
}

const sent = (id: string) => Response.json({ id });
const signup = { email: "Ada@Example.com", name: "Ada" };

function post(key: string | undefined, body: unknown = signup): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", "cf-ray": "ray-onboarding-1" };
  if (key !== undefined) headers["idempotency-key"] = key;
  return exports.default.fetch(new Request("https://worker.test/signups", { method: "POST", headers, body: JSON.stringify(body) }));
}

const status = (id: string) => exports.default.fetch(new Request(`https://worker.test/signups/${id}`)).then((r) => r.json<{ status: string; output?: unknown; error?: { message: string } }>());

describe("the onboarding Workflow", () => {
  it("sends the welcome email, sleeps a day, sends the follow-up, each with its own idempotency key", async () => {
    const requests = emailApi((request, call) => sent(`msg-${call}`));
    await using instance = await introspectWorkflowInstance(env.ONBOARDING, "signup-key-complete-1");
    await instance.modify(async (m) => {
      // The day-long sleep is real in production; here it resolves at once.
      await m.disableSleeps();
    });
    const started = await post("key-complete-1");
    expect(started.status).toBe(202);
    expect(await started.json()).toEqual({ id: "signup-key-complete-1", status: "queued" });
    expect(started.headers.get("location")).toBe("/signups/signup-key-complete-1");

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ welcome: "msg-1", followUp: "msg-2" });
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual(["signup-key-complete-1:welcome", "signup-key-complete-1:follow-up"]);
    expect(requests.map((r) => r.headers.authorization)).toEqual(["Bearer test-key", "Bearer test-key"]);
    expect(requests[0]?.body).toMatchObject({ from: "hello@example.com", to: "ada@example.com", subject: "Welcome, Ada" });
    expect(await status("signup-key-complete-1")).toEqual({ id: "signup-key-complete-1", status: "complete", output: { welcome: "msg-1", followUp: "msg-2" } });
  });

  it("really sleeps between the emails: the follow-up waits while the instance does", async () => {
    const requests = emailApi((_request, call) => sent(`msg-${call}`));
    await using instance = await introspectWorkflowInstance(env.ONBOARDING, "signup-key-sleeping-1");
    await post("key-sleeping-1");
    expect(await instance.waitForStepResult({ name: "send the welcome email" })).toEqual({ messageId: "msg-1" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Deployed, a sleeping instance reports "waiting"; the local engine reports "running" until the sleep ends.
    expect((await status("signup-key-sleeping-1")).status).not.toBe("complete");
    expect(requests).toHaveLength(1);
  });

  it("retries a failing call (503, then a hung API cut off by its timeout) and completes", async () => {
    const requests = emailApi((request, call) => {
      if (call === 1) return new Response("busy", { status: 503 });
      if (call === 2) return new Promise((_resolve, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
      return sent(`msg-${call}`);
    });
    await using instance = await introspectWorkflowInstance(env.ONBOARDING, "signup-key-retries-1");
    await instance.modify(async (m) => {
      await m.disableSleeps();
      await m.disableRetryDelays();
    });
    await post("key-retries-1");
    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ welcome: "msg-3", followUp: "msg-4" });
    // Every attempt of the step carried the same key, so the API can drop a duplicate of a timed-out send.
    expect(requests.slice(0, 3).map((r) => r.headers["idempotency-key"])).toEqual(Array(3).fill("signup-key-retries-1:welcome"));
  });

  it("fails at once, without retrying, when the API refuses the message (4xx)", async () => {
    const requests = emailApi(() => Response.json({ error: "invalid recipient" }, { status: 422 }));
    await using instance = await introspectWorkflowInstance(env.ONBOARDING, "signup-key-refused-1");
    await instance.modify(async (m) => {
      await m.disableRetryDelays();
    });
    await post("key-refused-1");
    await instance.waitForStatus("errored");
    expect(requests).toHaveLength(1);
    expect(errorLog).toHaveBeenCalledWith(
      expect.objectContaining({ message: "the email API refused the message (422)", idempotencyKey: "signup-key-refused-1:welcome", response: '{"error":"invalid recipient"}' }),
    );
    const reported = await status("signup-key-refused-1");
    expect(reported.status).toBe("errored");
    expect(reported.error?.message).toMatch(/NonRetryableError/);
    expect(reported.output).toBeUndefined();
  });
});

describe("starting idempotently", () => {
  it("starts one instance per Idempotency-Key: a retried POST gets the same instance back", async () => {
    emailApi((_request, call) => sent(`msg-${call}`));
    await using workflow = await introspectWorkflow(env.ONBOARDING);
    const first = await post("key-once-0001");
    const again = await post("key-once-0001");
    expect([first.status, again.status]).toEqual([202, 200]);
    expect((await again.json<{ id: string }>()).id).toBe("signup-key-once-0001");
    expect(again.headers.get("location")).toBe("/signups/signup-key-once-0001");
    expect(await workflow.get()).toHaveLength(1);
  });

  it("refuses a missing or malformed key (400) and an invalid signup (422) without starting anything", async () => {
    await using workflow = await introspectWorkflow(env.ONBOARDING);
    expect((await post(undefined)).status).toBe(400);
    expect((await post("no spaces here")).status).toBe(400);
    const invalid = await post("key-invalid-1", { email: "not-an-address", name: "" });
    expect(invalid.status).toBe(422);
    expect((await invalid.json<{ error: { details: string[] } }>()).error.details).toEqual(["email: an email address", "name: 1-100 characters"]);
    expect(await workflow.get()).toHaveLength(0);
  });

  it("answers 404 for an unknown signup or route", async () => {
    expect((await exports.default.fetch(new Request("https://worker.test/signups/signup-never-started"))).status).toBe(404);
    expect((await exports.default.fetch(new Request("https://worker.test/signups/other-id"))).status).toBe(404);
    expect((await exports.default.fetch(new Request("https://worker.test/nope"))).status).toBe(404);
  });
});
