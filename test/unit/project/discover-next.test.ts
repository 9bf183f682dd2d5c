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
