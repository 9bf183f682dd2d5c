import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { discoverFixture, itAuditsAndPrices, shapeOf, writeApp } from "./_framework.js";

const HTTP = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

describe("Next.js with OpenNext for AWS", () => {
  it("routes run on Lambda, grouped by the server function open-next.config.ts puts them in; external middleware on its own", async () => {
    const project = await discoverFixture("opennext-aws");
    expect(shapeOf(project)).toEqual([
      { id: "aws-lambda:app/api/orders/[id]/route.ts", platform: "aws-lambda", runtime: "nodejs", role: "route-handler", handlers: HTTP },
      { id: "aws-lambda:app/api/orders/route.ts", platform: "aws-lambda", runtime: "nodejs", role: "route-handler", handlers: HTTP },
      { id: "aws-lambda:app/dashboard/page.tsx", platform: "aws-lambda", runtime: "nodejs", role: "page", handlers: ["default"] },
      // Next.js builds middleware for its edge runtime, wherever it is deployed.
      { id: "aws-lambda:middleware.ts", platform: "aws-lambda", runtime: "edge", role: "middleware", handlers: ["default", "middleware"] },
    ]);
    const units = Object.fromEntries(project.functions.map((f) => [f.id, f.deployUnit]));
    expect(units).toEqual({
      "aws-lambda:app/api/orders/[id]/route.ts": 'OpenNext\'s server function "orders"',
      "aws-lambda:app/api/orders/route.ts": 'OpenNext\'s server function "orders"',
      "aws-lambda:app/dashboard/page.tsx": 'OpenNext\'s server function "default"',
      "aws-lambda:middleware.ts": "OpenNext's external middleware",
    });
    const orders = project.functions.find((f) => f.id === "aws-lambda:app/api/orders/route.ts")!;
    expect(orders.framework?.targetAt).toEqual({ file: "open-next.config.ts", line: 10, column: 5 });
    // Memory, timeout and runtime are set by whatever deploys the build output: unknown, not missing.
    expect(orders.lambda).toMatchObject({ source: "external", unresolved: ["runtime", "timeout", "memory", "reservedConcurrency"] });
  });

  itAuditsAndPrices("opennext-aws", "a Prisma client per request and a fetch without a timeout");


  it("the `node` wrapper runs a long-lived server: a note, not functions", async () => {
    const dir = writeApp({
      "package.json": JSON.stringify({ dependencies: { next: "15.3.3" }, devDependencies: { "@opennextjs/aws": "^3.6.5" } }),
      "open-next.config.ts": 'const config = { default: { override: { wrapper: "node", converter: "node" } } };\nexport default config;\n',
      "app/api/ping/route.ts": "export async function GET() { return Response.json({ ok: true }); }\n",
    });
    const project = await discoverProject(dir);
    expect(project.functions).toEqual([]);
    expect(project.notes).toEqual([
      { message: expect.stringMatching(/^OpenNext's server uses the `node` wrapper, so the Next\.js app runs as a long-lived Node\.js server \(a container or VM\), not as serverless functions/), at: { file: "open-next.config.ts", line: 1, column: 50 } },
    ]);
  });
});
