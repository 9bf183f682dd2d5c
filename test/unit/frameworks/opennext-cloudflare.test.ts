import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { discoverProject } from "../../../src/project/discover.js";
import { discoverFixture, itAuditsAndPrices, on, shapeOf, writeApp } from "./_framework.js";

const HTTP = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

describe("Next.js with OpenNext for Cloudflare", () => {
  it("every server file runs in one Worker on workerd, with the wrangler config's date and flags", async () => {
    const project = await discoverFixture("opennext-cloudflare");
    const w = on("cloudflare-workers", "workerd");
    expect(shapeOf(project)).toEqual([
      w("app/actions.ts", "server-action", ["addReview"]),
      w("app/api/books/route.ts", "route-handler", HTTP),
      w("app/api/checkout/route.ts", "route-handler", HTTP),
      // generateMetadata runs per request too; the sync layout and the "use client" card do no server work.
      w("app/books/[id]/page.tsx", "page", ["default", "generateMetadata"]),
      w("app/page.tsx", "page", ["default"]),
      w("middleware.ts", "middleware", ["default", "middleware"]),
    ]);
    for (const fn of project.functions) {
      expect(fn.deployUnit).toBe('the OpenNext Worker "bookshelf"');
      expect(fn.workers).toMatchObject({ compatibilityDate: "2025-05-05", compatibilityFlags: ["nodejs_compat", "global_fetch_strictly_public"], locations: { config: { file: "wrangler.jsonc", line: 1 } } });
      expect(fn.framework).toMatchObject({ id: "opennext-cloudflare", targetAt: { file: "open-next.config.ts", line: 1 } });
    }
    expect(project.functions.find((f) => f.id.endsWith("app/books/[id]/page.tsx"))?.framework?.route).toBe("/books/[id]");
    // The wrangler config is the app's: its build-output `main` is not reported on its own.
    expect(project.notes).toEqual([]);
  });

  // The wishlist hook's fetch runs in the browser: it is only imported through the "use client" BookCard.
  itAuditsAndPrices("opennext-cloudflare", "an edge runtime route, node:fs before its date, fetch without a timeout, a database per request", (result) => {
      const edge = result.findings.find((f) => f.ruleId === "config-error")!;
      expect(edge.message).toMatch(/not supported by OpenNext for Cloudflare.*Instead, remove the runtime export/);
  });

});

const pkg = JSON.stringify({ dependencies: { next: "15.3.3", "@opennextjs/cloudflare": "^1.3.1" } });
const route = "export async function GET() { return Response.json({ ok: true }); }\n";

describe("OpenNext for Cloudflare: what the Worker needs", () => {
  it("a wrangler config without nodejs_compat is a config problem at its flags", async () => {
    const dir = writeApp({ "package.json": pkg, "wrangler.toml": 'main = ".open-next/worker.js"\ncompatibility_date = "2025-06-01"\ncompatibility_flags = ["global_fetch_strictly_public"]\n', "app/api/ping/route.ts": route });
    const project = await discoverProject(dir);
    expect(project.functions.map((f) => f.id)).toEqual(["cloudflare-workers:app/api/ping/route.ts"]);
    expect(project.problems).toEqual([
      {
        message: expect.stringMatching(/^OpenNext for Cloudflare needs Node\.js compatibility, and wrangler\.toml does not turn it on \(compatibility_date 2025-06-01, flags \[global_fetch_strictly_public\]\).*Instead, add "nodejs_compat" to compatibility_flags$/),
        at: { file: "wrangler.toml", line: 3, column: 1 },
      },
    ]);
  });

  it("nodejs_compat with a date before 2024-09-23 gets the v1 polyfills, which OpenNext does not run on", async () => {
    const dir = writeApp({ "package.json": pkg, "wrangler.jsonc": '{ "main": ".open-next/worker.js", "compatibility_date": "2024-06-01", "compatibility_flags": ["nodejs_compat"] }', "app/api/ping/route.ts": route });
    const project = await discoverProject(dir);
    expect(project.problems.map((p) => p.message)).toEqual([expect.stringMatching(/needs compatibility_date 2024-09-23 or later with nodejs_compat.*2024-06-01 is earlier/)]);
  });

  it("without a wrangler config, says so at open-next.config.ts", async () => {
    const dir = writeApp({ "package.json": pkg, "open-next.config.ts": 'import { defineCloudflareConfig } from "@opennextjs/cloudflare";\nexport default defineCloudflareConfig();\n', "app/api/ping/route.ts": route });
    const project = await discoverProject(dir);
    expect(project.problems).toEqual([{ message: expect.stringMatching(/^OpenNext for Cloudflare deploys with a wrangler config, and there is none/), at: { file: "open-next.config.ts", line: 1, column: 1 } }]);
    expect(project.functions[0]).toMatchObject({ platform: "cloudflare-workers", runtime: "workerd" });
  });

  it("proxy.ts (Node.js middleware) is not supported: the build stops", async () => {
    const dir = writeApp({ "package.json": pkg, "wrangler.jsonc": '{ "main": ".open-next/worker.js", "compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compat"] }', "proxy.ts": "export function proxy() {}\n" });
    const project = await discoverProject(dir);
    expect(project.problems.map((p) => [p.at.file, p.message])).toEqual([["proxy.ts", expect.stringMatching(/proxy\.ts always runs on Node\.js.*Node\.js middleware is not currently supported/)]]);
  });

  it("a custom Worker in `main` that wraps .open-next/worker.js is audited too, with the build output left out of its bundle", async () => {
    const dir = writeApp({
      "package.json": pkg,
      "wrangler.jsonc": '{ "main": "./custom-worker.ts", "compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compat"] }',
      "custom-worker.ts": 'import { default as handler } from "./.open-next/worker.js";\nexport default { fetch: handler.fetch, async scheduled() {} };\n',
      "app/api/ping/route.ts": route,
    });
    const project = await discoverProject(dir);
    expect(shapeOf(project).map((f) => [f.id, f.role])).toEqual([["cloudflare-workers:custom-worker.ts", "worker-entry"], ["cloudflare-workers:app/api/ping/route.ts", "route-handler"]]);
    expect(project.functions[0]!.build).toEqual({ external: ["./.open-next/*", "../.open-next/*"] });
    const result = await runAudit({ root: dir, project, today: "2026-12-01" });
    expect(result.findings.filter((f) => f.ruleId === "parse-error")).toEqual([]);
  });

  it("an app with no server code is named in a note, not 'no functions'", async () => {
    const dir = writeApp({ "package.json": pkg, "wrangler.jsonc": '{ "main": ".open-next/worker.js", "compatibility_date": "2025-06-01", "compatibility_flags": ["nodejs_compat"] }', "app/page.tsx": "export default function Home() { return null; }\n" });
    const project = await discoverProject(dir);
    expect(project.functions).toEqual([]);
    expect(project.notes?.map((n) => n.message)).toEqual([expect.stringMatching(/^a Next\.js app deployed with OpenNext for Cloudflare, with no server code to audit/)]);
  });
});
