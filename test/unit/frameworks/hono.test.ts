import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { discoverFixture, itAuditsAndPrices, on, shapeOf, writeApp } from "./_framework.js";

describe("Hono on Lambda, deployed by a script (no SAM, CDK or Serverless config)", () => {
  it("the file exporting handle(app) from hono/aws-lambda is a Lambda function; its settings live outside the repository", async () => {
    const project = await discoverFixture("hono-lambda");
    expect(shapeOf(project)).toEqual([on("aws-lambda", "nodejs")("src/index.ts", "handler", ["handler"])]);
    expect(project.functions[0]!.lambda).toMatchObject({ source: "external", handlerExport: "handler", unresolved: ["runtime", "timeout", "memory", "reservedConcurrency"] });
  });

  itAuditsAndPrices("hono-lambda", "through routes on a sub-app mounted with app.route()");

});

describe("Hono on Vercel (api/ with hono/vercel)", () => {
  it("`export { handler as GET, handler as POST }` is a handler shape: the api/ file is found, on the edge it asks for", async () => {
    const project = await discoverFixture("hono-vercel");
    expect(project.functions.map((f) => [f.id, f.platform, f.runtime, f.vercel?.kind])).toEqual([["vercel:api/index.ts", "vercel", "edge", "vercel-api"]]);
  });

  itAuditsAndPrices("hono-vercel", "node:fs on the edge (not worded as Next.js), a fetch without a timeout", (result) => {
      expect(result.findings.find((f) => f.ruleId === "edge/node-builtin")?.message).not.toMatch(/Next\.js/);
  });

});

describe("HonoX on Workers (@hono/vite-build/cloudflare-workers)", () => {
  it("the source entry and the app/routes files run in one Worker; the build-output `main` is not a note of its own", async () => {
    const project = await discoverFixture("honox-workers");
    const w = on("cloudflare-workers", "workerd");
    // Islands are client code.
    expect(shapeOf(project)).toEqual([
      w("app/server.ts", "server-entry", ["default"]),
      w("app/routes/api/members.ts", "route", ["POST"]),
      w("app/routes/index.tsx", "route", ["default"]),
    ]);
    for (const fn of project.functions) expect(fn.deployUnit).toBe('the HonoX Worker "book-club"');
    expect(project.notes).toEqual([]);
  });

  itAuditsAndPrices("honox-workers", "node:crypto without nodejs_compat, a fetch without a timeout, a pg client per request");

});

describe("Hono apps that are not serverless, or whose platform is not decided", () => {
  const app = 'import { Hono } from "hono";\nconst app = new Hono();\napp.get("/", (c) => c.text("hi"));\nexport default app;\n';

  it("`export default app` in src/index.ts with nothing else: a note naming Hono and how to decide; coldstart's platform decides it", async () => {
    const dir = writeApp({ "package.json": JSON.stringify({ dependencies: { hono: "^4.7.11" } }), "src/index.ts": app });
    const project = await discoverProject(dir);
    expect(project.functions).toEqual([]);
    expect(project.notes).toEqual([
      {
        message: 'a Hono app exported as the default of src/index.ts, but where it runs is not decided: Vercel deploys such an entry as a function, Bun or Deno serve it, a Worker runs it. Say so with vercel.json (Vercel), a wrangler config with `main` (Workers), or coldstart\'s config `"platform": "vercel"` (or "cloudflare-workers")',
        at: { file: "src/index.ts", line: 1 },
      },
    ]);
    const hinted = await discoverProject(dir, { platforms: { ".": "vercel" } });
    expect(shapeOf(hinted)).toEqual([on("vercel", "nodejs")("src/index.ts", "app", ["default"])]);
  });

  it("with vercel.json it is Vercel's zero-configuration Hono function", async () => {
    const dir = writeApp({ "package.json": JSON.stringify({ dependencies: { hono: "^4.7.11" } }), "vercel.json": "{}", "src/index.ts": app });
    expect(shapeOf(await discoverProject(dir))).toEqual([on("vercel", "nodejs")("src/index.ts", "app", ["default"])]);
  });

  it("a package that works only on Vercel (@vercel/functions) says so too", async () => {
    const dir = writeApp({ "package.json": JSON.stringify({ dependencies: { hono: "^4.7.11", "@vercel/functions": "^3.1.0" } }), "src/index.ts": app });
    expect(shapeOf(await discoverProject(dir))).toEqual([on("vercel", "nodejs")("src/index.ts", "app", ["default"])]);
  });

  it("@hono/node-server and Bun serve the app as a long-lived server: a note", async () => {
    const node = writeApp({ "package.json": JSON.stringify({ dependencies: { hono: "^4.7.11", "@hono/node-server": "^1.14.0" } }), "src/index.ts": 'import { serve } from "@hono/node-server";\nimport { Hono } from "hono";\nconst app = new Hono();\nserve({ fetch: app.fetch, port: 3000 });\n' });
    expect((await discoverProject(node)).notes?.map((n) => n.message)).toEqual(["a Hono app served by @hono/node-server as a long-lived server, not serverless functions; coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions"]);
    const bun = writeApp({ "package.json": JSON.stringify({ scripts: { dev: "bun run --hot src/index.ts" }, dependencies: { hono: "^4.7.11" }, devDependencies: { "@types/bun": "latest" } }), "src/index.ts": app });
    expect((await discoverProject(bun)).notes?.map((n) => n.message)).toEqual([expect.stringMatching(/^a Hono app served by Bun .* not serverless functions/)]);
  });

  it("a package.json script that deploys the entry with wrangler (`wrangler deploy src/index.ts`, no config) makes it a Worker, with a note that its settings are elsewhere", async () => {
    const scripts = { dev: "wrangler dev src/index.ts", deploy: "wrangler deploy --minify ./src/index.ts" };
    const dir = writeApp({ "package.json": JSON.stringify({ scripts, dependencies: { hono: "^4.7.11" }, devDependencies: { wrangler: "^4.0.0" } }), "wrangler.example.toml": 'name = "blog"\n', "src/index.ts": app });
    const project = await discoverProject(dir);
    expect(shapeOf(project)).toEqual([on("cloudflare-workers", "workerd")("src/index.ts", "app", ["default"])]);
    expect(project.functions[0]!.framework?.targetAt).toEqual({ file: "package.json", line: 1, column: expect.any(Number) });
    expect(project.notes?.map((n) => n.message)).toEqual([expect.stringMatching(/^the Worker that package\.json's "deploy" script runs with wrangler has no wrangler config in the package/)]);
    // A script that runs wrangler on another file says nothing of this one.
    const other = writeApp({ "package.json": JSON.stringify({ scripts: { deploy: "wrangler deploy src/worker.ts" }, dependencies: { hono: "^4.7.11" } }), "src/index.ts": app });
    expect((await discoverProject(other)).functions).toEqual([]);
  });

  it("a Worker's `export default app` stays the wrangler reader's, with the app.get callbacks as its handlers", async () => {
    const dir = writeApp({ "package.json": JSON.stringify({ dependencies: { hono: "^4.7.11" } }), "wrangler.toml": 'name = "api"\nmain = "src/index.ts"\ncompatibility_date = "2025-06-01"\n', "src/index.ts": app });
    const project = await discoverProject(dir);
    expect(project.functions.map((f) => [f.id, f.framework?.id])).toEqual([["cloudflare-workers:src/index.ts", undefined]]);
    expect(project.notes).toEqual([]);
  });
});
