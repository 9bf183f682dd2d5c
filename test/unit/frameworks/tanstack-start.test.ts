import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { discoverFixture, itAuditsAndPrices, on, shapeOf, writeApp } from "./_framework.js";

describe("TanStack Start on Cloudflare (@cloudflare/vite-plugin)", () => {
  it("server routes, server functions and start.ts middleware run in one Worker with the wrangler config's settings", async () => {
    const project = await discoverFixture("tanstack-start-cloudflare");
    const w = on("cloudflare-workers", "workerd");
    // src/routes/index.tsx only calls a server function: a page, not server code of its own.
    expect(shapeOf(project)).toEqual([
      w("src/routes/api/products.ts", "endpoint", ["Route"]),
      w("src/routes/api/webhooks.ts", "endpoint", ["Route"]),
      w("src/server/orders.ts", "server-function", ["listOrders"]),
      w("src/start.ts", "middleware", ["startInstance"]),
    ]);
    expect(project.functions.map((f) => f.framework?.route)).toEqual(["/api/products", "/api/webhooks", undefined, undefined]);
    for (const fn of project.functions) {
      expect(fn.deployUnit).toBe('the TanStack Start Worker "plant-nursery"');
      expect(fn.workers).toMatchObject({ compatibilityDate: "2025-06-10", compatibilityFlags: [] });
      expect(fn.framework?.targetAt).toEqual({ file: "vite.config.ts", line: 7, column: 13 });
    }
    // wrangler's `main` names the framework's server entry (a package), not a missing file.
    expect(project.problems).toEqual([]);
    expect(project.notes).toEqual([]);
  });

  itAuditsAndPrices("tanstack-start-cloudflare", "node:crypto, process and Buffer without nodejs_compat, a fetch without a timeout, a postgres client per request");

});

describe("TanStack Start on Vercel (Nitro preset)", () => {
  it("runs on Vercel's Node.js runtime, as the one function Nitro builds", async () => {
    const project = await discoverFixture("tanstack-start-vercel");
    expect(shapeOf(project)).toEqual([
      { id: "vercel:src/lib/nutrition.ts", platform: "vercel", runtime: "nodejs", role: "server-function", handlers: ["lookupNutrition"] },
      { id: "vercel:src/routes/api/recipes.ts", platform: "vercel", runtime: "nodejs", role: "endpoint", handlers: ["Route"] },
    ]);
    expect(new Set(project.functions.map((f) => f.deployUnit))).toEqual(new Set(["the Vercel function Nitro builds for the TanStack Start app"]));
    expect(project.functions[0]!.framework?.targetAt).toEqual({ file: "vite.config.ts", line: 9, column: 13 });
  });

  itAuditsAndPrices("tanstack-start-vercel", "a Prisma client per request, a fetch without a timeout");

});

const pkg = JSON.stringify({ dependencies: { "@tanstack/react-start": "^1.130.0", "@tanstack/react-router": "^1.130.0" }, devDependencies: { nitro: "^3.0.0" } });
const serverFn = 'import { createServerFn } from "@tanstack/react-start";\nexport const ping = createServerFn().handler(async () => "pong");\n';

describe("TanStack Start: targets that are not decided, or not serverless", () => {
  it("nitro() without a preset: a note naming the framework and both ways to decide", async () => {
    const dir = writeApp({ "package.json": pkg, "vite.config.ts": 'import { tanstackStart } from "@tanstack/react-start/plugin/vite";\nimport { nitro } from "nitro/vite";\nexport default { plugins: [tanstackStart(), nitro()] };\n', "src/server/ping.ts": serverFn });
    const project = await discoverProject(dir);
    expect(project.functions).toEqual([]);
    expect(project.notes).toEqual([
      {
        message: expect.stringMatching(/^a TanStack Start app, but where it deploys is not decided in its config .*Set it in vite\.config\.ts \(`cloudflare\(\{ viteEnvironment: \{ name: "ssr" \} \}\)` from @cloudflare\/vite-plugin, or `nitro\(\{ preset: "vercel" \}\)` from nitro\/vite\), or in coldstart's config: `"platform": "cloudflare-workers"`/),
        at: { file: "vite.config.ts", line: 0 },
      },
    ]);
  });

  it("coldstart's `platform` decides it when the config does not", async () => {
    const dir = writeApp({ "package.json": pkg, "vite.config.ts": 'import { tanstackStart } from "@tanstack/react-start/plugin/vite";\nexport default { plugins: [tanstackStart()] };\n', "src/server/ping.ts": serverFn });
    const project = await discoverProject(dir, { platforms: { ".": "aws-lambda" } });
    expect(shapeOf(project)).toEqual([{ id: "aws-lambda:src/server/ping.ts", platform: "aws-lambda", runtime: "nodejs", role: "server-function", handlers: ["ping"] }]);
    expect(project.functions[0]!.lambda).toMatchObject({ source: "external" });
  });

  it("a node-server preset is not serverless; the Netlify plugin is a platform coldstart does not audit", async () => {
    const node = writeApp({ "package.json": pkg, "vite.config.ts": 'import { nitro } from "nitro/vite";\nexport default { plugins: [nitro({ config: { preset: "node_server" } })] };\n', "src/server/ping.ts": serverFn });
    expect((await discoverProject(node)).notes?.map((n) => n.message)).toEqual([
      'a TanStack Start app built as a long-lived server (Nitro preset "node_server" in vite.config.ts), not serverless functions; coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions',
    ]);
    const netlify = writeApp({ "package.json": pkg, "vite.config.ts": 'import netlify from "@netlify/vite-plugin-tanstack-start";\nexport default { plugins: [netlify()] };\n', "src/server/ping.ts": serverFn });
    expect((await discoverProject(netlify)).notes?.map((n) => n.message)).toEqual([
      "a TanStack Start app deployed to Netlify (the Netlify plugin in vite.config.ts), which coldstart does not audit: it audits Vercel, Cloudflare Workers and AWS Lambda functions",
    ]);
  });

  it("reads the pre-1.0 forms: tanstackStart({ target }) and app.config's server.preset with app/ routes", async () => {
    const target = writeApp({ "package.json": pkg, "vite.config.ts": 'import { tanstackStart } from "@tanstack/react-start/plugin/vite";\nexport default { plugins: [tanstackStart({ target: "vercel" })] };\n', "src/server/ping.ts": serverFn });
    expect(shapeOf(await discoverProject(target)).map((f) => [f.id, f.runtime])).toEqual([["vercel:src/server/ping.ts", "nodejs"]]);
    const vinxi = writeApp({
      "package.json": pkg,
      "app.config.ts": 'import { defineConfig } from "@tanstack/react-start/config";\nexport default defineConfig({ server: { preset: "cloudflare-pages" } });\n',
      "app/routes/api/hello.ts": 'import { createAPIFileRoute } from "@tanstack/react-start/api";\nexport const APIRoute = createAPIFileRoute("/api/hello")({ GET: () => new Response("hi") });\n',
    });
    expect(shapeOf(await discoverProject(vinxi))).toEqual([{ id: "cloudflare-workers:app/routes/api/hello.ts", platform: "cloudflare-workers", runtime: "workerd", role: "endpoint", handlers: ["APIRoute"] }]);
  });
});
