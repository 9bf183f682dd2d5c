import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverFixture, fixture } from "./_fixtures.js";

describe("workspaces", () => {
  it("discovers each npm workspace package on its own", async () => {
    const project = await discoverFixture("npm-workspaces");
    const root = fixture("npm-workspaces");
    expect(project.packages).toEqual([root, ...["apps/edge-worker", "apps/web", "packages/shared"].map((p) => path.join(root, p))]);
    expect(project.functions.map((f) => [f.id, f.packageRoot])).toEqual([
      ["cloudflare-workers:apps/edge-worker/src/index.ts", path.join(root, "apps/edge-worker")],
      ["vercel:apps/web/app/api/health/route.ts", path.join(root, "apps/web")],
    ]);
    expect(project.functions[1]!.vercel?.nextMajor).toBe(15);
    // tools/scratch is not a workspace, so it is not a Next.js package of its own.
    expect(project.packages).not.toContain(path.join(root, "tools/scratch"));
  });

  it("reads pnpm-workspace.yaml, negations included", async () => {
    const project = await discoverFixture("pnpm-workspace");
    const root = fixture("pnpm-workspace");
    expect(project.packages).toEqual([root, path.join(root, "services/orders")]);
    expect(project.functions.map((f) => f.id)).toEqual(["aws-lambda:services/orders/src/list.ts#list"]);
    expect(project.functions[0]!.config).toEqual({ file: "services/orders/serverless.yml", line: 6, column: 3 });
  });
});
