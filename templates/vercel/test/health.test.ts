import { afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";

afterEach(() => {
  vi.doUnmock("@/lib/db");
  vi.resetModules();
});

describe("GET /api/health", () => {
  it("reports ok with the database disabled when DATABASE_URL is unset", async () => {
    const response = await GET();

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: "disabled" });
    expect(Number.isNaN(Date.parse(body.time))).toBe(false);
  });

  it("answers 503 degraded when the configured database does not answer", async () => {
    vi.resetModules();
    vi.doMock("@/lib/db", async (importOriginal) => ({
      ...(await importOriginal<typeof import("@/lib/db")>()),
      db: {
        async query() {
          throw new Error("connection refused");
        },
      },
    }));
    const { GET: degradedGet } = await import("@/app/api/health/route");

    const response = await degradedGet();

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "degraded", database: "error" });
  });
});
