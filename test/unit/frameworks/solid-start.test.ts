import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { discoverFixture, itAuditsAndPrices, on, shapeOf, writeApp } from "./_framework.js";

describe("SolidStart 1 on Vercel's edge (app.config server.preset)", () => {
  it("API routes, \"use server\" files and functions, and the configured middleware run on the Edge Runtime", async () => {
    const project = await discoverFixture("solid-start-vercel-edge");
    const v = on("vercel", "edge");
    expect(shapeOf(project)).toEqual([
      v("src/lib/api.ts", "server-function", ["getNotes"]),
      v("src/lib/export.ts", "server-function", ["exportTemplate"]),
      v("src/middleware.ts", "middleware", ["default"]),
      v("src/routes/api/notes/[id].ts", "endpoint", ["GET"]),
    ]);
    expect(project.functions.find((f) => f.framework?.role === "endpoint")?.framework?.route).toBe("/api/notes/[id]");
    expect(project.functions[0]!.framework?.targetAt).toEqual({ file: "app.config.ts", line: 6, column: 13 });
  });

  itAuditsAndPrices("solid-start-vercel-edge", "node:fs on the edge, a fetch without a timeout", (result) => {
      // Not Next.js: the advice is the Nitro preset, not a route's runtime export.
      expect(result.findings.find((f) => f.ruleId === "edge/node-builtin")?.message).toMatch(/the build either fails on any other built-in or replaces it with a stub.*the Nitro preset "vercel" instead of "vercel-edge"/);
  });

});

describe("SolidStart 2 on Cloudflare (vite.config nitro.preset)", () => {
  it("runs in one Worker with the wrangler config's settings; the build-output `main` is the app's", async () => {
    const project = await discoverFixture("solid-start-cloudflare");
    const w = on("cloudflare-workers", "workerd");
    expect(shapeOf(project)).toEqual([
      w("src/middleware.ts", "middleware", ["default"]),
      w("src/routes/api/checks.ts", "endpoint", ["GET"]),
      w("src/server/probes.ts", "server-function", ["probe", "diskFree"]),
    ]);
    for (const fn of project.functions) expect(fn.workers).toMatchObject({ compatibilityDate: "2025-03-01", compatibilityFlags: ["nodejs_compat"] });
    expect(project.notes).toEqual([]);
  });

  itAuditsAndPrices("solid-start-cloudflare", "node:fs before its date, a fetch without a timeout, a mysql connection per request");

});

describe("SolidStart: targets that are not decided, or not serverless", () => {
  const pkg = JSON.stringify({ dependencies: { "@solidjs/start": "^1.1.4" } });
  const api = "export function GET() { return new Response('ok'); }\n";

  it("app.config without a preset: a note naming the framework, server.preset and coldstart's platform (with the package in a monorepo)", async () => {
    const dir = writeApp({
      "package.json": JSON.stringify({ private: true, workspaces: ["apps/*"] }),
      "apps/web/package.json": pkg,
      "apps/web/app.config.ts": 'import { defineConfig } from "@solidjs/start/config";\nexport default defineConfig({});\n',
      "apps/web/src/routes/api/health.ts": api,
    });
    const project = await discoverProject(dir);
    expect(project.functions).toEqual([]);
    expect(project.notes?.map((n) => [n.at.file, n.message])).toEqual([
      [
        "apps/web/app.config.ts",
        expect.stringMatching(/^a SolidStart app, but where it deploys is not decided.*Set it in app\.config\.ts \(`server: \{ preset: "cloudflare-module" \}`\), or in coldstart's config: `"platform": "cloudflare-workers"` \(or "vercel", "aws-lambda"\), as `"packages": \{ "apps\/web": \{ "platform": "cloudflare-workers" \} \}` in a monorepo$/),
      ],
    ]);
    const hinted = await discoverProject(dir, { platforms: { "apps/web": "vercel" } });
    expect(shapeOf(hinted)).toEqual([{ id: "vercel:apps/web/src/routes/api/health.ts", platform: "vercel", runtime: "nodejs", role: "endpoint", handlers: ["GET"] }]);
  });

  it("Nitro's cloudflare options are part of the deployed Worker's settings: nodeCompat adds nodejs_compat, compatibilityDate fills a missing date", async () => {
    const dir = writeApp({
      "package.json": pkg,
      "app.config.ts": 'import { defineConfig } from "@solidjs/start/config";\nexport default defineConfig({ server: { preset: "cloudflare_module", compatibilityDate: "2024-12-21", cloudflare: { nodeCompat: true } } });\n',
      "wrangler.toml": 'name = "site"\n',
      "src/routes/api/health.ts": api,
    });
    const project = await discoverProject(dir);
    expect(project.functions.map((f) => [f.id, f.workers?.compatibilityDate, f.workers?.compatibilityFlags])).toEqual([["cloudflare-workers:src/routes/api/health.ts", "2024-12-21", ["nodejs_compat"]]]);
  });

  it("a node-server preset is not serverless", async () => {
    const dir = writeApp({ "package.json": pkg, "app.config.ts": 'import { defineConfig } from "@solidjs/start/config";\nexport default defineConfig({ server: { preset: "node-server" } });\n', "src/routes/api/health.ts": api });
    const project = await discoverProject(dir);
    expect(project.functions).toEqual([]);
    expect(project.notes?.map((n) => n.message)).toEqual(['a SolidStart app built as a long-lived server (Nitro preset "node-server" in app.config.ts), not serverless functions; coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions']);
  });
  it("the aws-lambda-streaming preset is AWS Lambda; fetch in a form's onSubmit or an effect is the browser's, the server function's is the server's", async () => {
    const dir = writeApp({
      "package.json": pkg,
      "app.config.ts": 'import { defineConfig } from "@solidjs/start/config";\nexport default defineConfig({ server: { preset: "aws-lambda-streaming" } });\n',
      "src/routes/index.tsx": [
        'import { createEffect, onMount } from "solid-js";',
        "async function upstream() {",
        '  "use server";',
        '  return (await fetch("https://api.example.com/rows")).json();',
        "}",
        "export default function Home() {",
        '  onMount(() => fetch("/api/ping"));',
        '  createEffect(() => { void fetch("/api/seen"); });',
        "  return (",
        '    <form onSubmit={async (e) => { e.preventDefault(); await fetch("/upload", { method: "PUT" }); }}>',
        '      <button on:click={() => fetch("/api/click")}>Go</button>',
        "    </form>",
        "  );",
        "}",
        "",
      ].join("\n"),
    });
    const project = await discoverProject(dir);
    expect(shapeOf(project)).toEqual([{ id: "aws-lambda:src/routes/index.tsx", platform: "aws-lambda", runtime: "nodejs", role: "server-function", handlers: [] }]);
    const { runAudit } = await import("../../../src/audit/engine.js");
    const result = await runAudit({ root: dir, today: "2026-05-01" });
    expect(result.findings.filter((f) => f.ruleId === "timeout/fetch-no-signal").map((f) => f.line)).toEqual([4]);
  });
});

