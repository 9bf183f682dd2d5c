import { describe, expect, it } from "vitest";
import { dailyRunKey, isAuthorizedCron } from "@/lib/cron";
import { memoryRunStore } from "@/lib/runs";

describe("isAuthorizedCron", () => {
  const request = (authorization?: string) => new Request("http://localhost/", authorization ? { headers: { authorization } } : {});

  it("accepts exactly `Bearer <secret>`", () => {
    expect(isAuthorizedCron(request("Bearer s3cret-value"), "s3cret-value")).toBe(true);
    expect(isAuthorizedCron(request("Bearer s3cret-valu"), "s3cret-value")).toBe(false);
    expect(isAuthorizedCron(request("bearer s3cret-value"), "s3cret-value")).toBe(false);
  });

  it("lets nothing through when no secret is configured", () => {
    expect(isAuthorizedCron(request("Bearer "), undefined)).toBe(false);
    expect(isAuthorizedCron(request("Bearer "), "")).toBe(false);
    expect(isAuthorizedCron(request(), "")).toBe(false);
  });
});

describe("runs", () => {
  it("one key per UTC day", () => {
    expect(dailyRunKey("report", new Date("2026-12-05T23:59:59Z"))).toBe("report:2026-12-05");
    expect(dailyRunKey("report", new Date("2026-12-06T00:00:00Z"))).toBe("report:2026-12-06");
  });

  it("a key is claimed once until released", async () => {
    const store = memoryRunStore();
    expect(await store.claim("a")).toBe(true);
    expect(await store.claim("a")).toBe(false);
    await store.release("a");
    expect(await store.claim("a")).toBe(true);
  });
});
