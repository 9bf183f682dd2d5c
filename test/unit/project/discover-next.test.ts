import { describe, expect, it } from "vitest";
import { byId, discoverFixture, fixture } from "./_fixtures.js";
import path from "node:path";

describe("Next.js app router", () => {
  it("finds route handlers, skips private folders, and reads runtime and maxDuration with their lines", async () => {
    const project = await discoverFixture("next-app-router");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id).sort()).toEqual([
      "vercel:app/(marketing)/feed/route.ts",
      "vercel:app/api/users/[id]/route.ts",
      "vercel:middleware.ts",
    ]);
    const user = byId(project, "vercel:app/api/users/[id]/route.ts");
    expect(user.runtime).toBe("edge");
    expect(user.entry).toBe(path.join(fixture("next-app-router"), "app/api/users/[id]/route.ts"));
    expect(user.vercel).toMatchObject({
      kind: "app-route",
      nextMajor: 15,
      route: "/api/users/[id]",
      maxDuration: { seconds: 30, at: { file: "app/api/users/[id]/route.ts", line: 4 } },
      runtimeAt: { file: "app/api/users/[id]/route.ts", line: 3 },
    });
    expect(user.config).toMatchObject({ file: "app/api/users/[id]/route.ts", line: 3 });

    const feed = byId(project, "vercel:app/(marketing)/feed/route.ts");
    expect(feed.runtime).toBe("nodejs");
    expect(feed.vercel?.route).toBe("/feed");
    expect(feed.vercel?.maxDuration).toBeUndefined();
    expect(feed.vercel?.runtimeAt).toBeUndefined();

    const middleware = byId(project, "vercel:middleware.ts");
    expect(middleware.runtime).toBe("edge");
    expect(middleware.vercel?.kind).toBe("middleware");
  });
});

describe("Next.js pages router, src/, proxy and vercel.json", () => {
  it("reads config.runtime, regions, vercel.json globs with memory, and proxy on Node.js (Next 16)", async () => {
    const project = await discoverFixture("next16-src-pages-proxy");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => [f.id, f.runtime, f.vercel?.kind])).toEqual([
      ["vercel:src/app/api/reports/route.ts", "nodejs", "app-route"],
      ["vercel:src/pages/api/hello.ts", "edge", "pages-api"],
      ["vercel:src/pages/api/users/index.ts", "nodejs", "pages-api"],
      ["vercel:src/proxy.ts", "nodejs", "proxy"],
    ]);
    const hello = byId(project, "vercel:src/pages/api/hello.ts");
    expect(hello.vercel).toMatchObject({
      nextMajor: 16,
      route: "/api/hello",
      runtimeAt: { file: "src/pages/api/hello.ts", line: 2 },
      regions: ["iad1", "sfo1"],
      memory: { mb: 1769, at: { file: "vercel.json", line: 5, column: 32 } },
      maxDuration: { seconds: 60, at: { file: "vercel.json", line: 5, column: 48 } },
    });
    const users = byId(project, "vercel:src/pages/api/users/index.ts");
    expect(users.vercel).toMatchObject({ route: "/api/users", regions: ["fra1"], memory: { mb: 1769 } });
    // The route's own maxDuration wins over vercel.json.
    const reports = byId(project, "vercel:src/app/api/reports/route.ts");
    expect(reports.vercel?.maxDuration).toEqual({ seconds: 120, at: { file: "src/app/api/reports/route.ts", line: 1, column: 14 } });
    expect(project.configFiles.map((c) => c.kind).sort()).toEqual(["next-config", "package-json", "vercel-json"]);
  });

  it("lets middleware opt into Node.js from Next 15.5", async () => {
    const project = await discoverFixture("next-middleware-nodejs");
    const middleware = byId(project, "vercel:middleware.ts");
    expect(middleware.runtime).toBe("nodejs");
    expect(middleware.vercel?.runtimeAt).toEqual({ file: "middleware.ts", line: 8, column: 3 });
  });
});

describe("plain Vercel functions", () => {
  it("finds api/ files except _-prefixed and .d.ts ones, with vercel.json memory and env", async () => {
    const project = await discoverFixture("vercel-api-functions");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => [f.id, f.runtime])).toEqual([
      ["vercel:api/geo.ts", "edge"],
      ["vercel:api/hello.ts", "nodejs"],
      ["vercel:api/webhooks/stripe.ts", "nodejs"],
    ]);
    const hello = byId(project, "vercel:api/hello.ts");
    expect(hello.vercel).toMatchObject({
      kind: "vercel-api",
      nextMajor: undefined,
      route: "/api/hello",
      memory: { mb: 1024, at: { file: "vercel.json", line: 3, column: 19 } },
      env: { values: { PUBLIC_API: "https://example.com" }, at: { file: "vercel.json", line: 6, column: 3 } },
    });
    // `api/*.ts` does not match a nested file; the nested glob and the file's own export do.
    const stripe = byId(project, "vercel:api/webhooks/stripe.ts");
    expect(stripe.vercel?.memory).toBeUndefined();
    expect(stripe.vercel?.maxDuration).toEqual({ seconds: 30, at: { file: "api/webhooks/stripe.ts", line: 1, column: 14 } });
  });
});

describe("an api/ folder that belongs to another tool", () => {
  it("is not read as Vercel functions in a Nitro app", async () => {
    const { discoverFixture } = await import("./_fixtures.js");
    const project = await discoverFixture("nitro-api-handlers");
    expect(project.functions).toEqual([]);
  });
});
