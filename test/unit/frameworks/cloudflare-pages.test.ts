import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { discoverFixture, itAuditsAndPrices, on, shapeOf, writeApp } from "./_framework.js";

const pages = on("cloudflare-workers", "workerd");

describe("Cloudflare Pages Functions", () => {
  it("each functions/ file with an onRequest handler is a route of one Worker, with the Pages wrangler config's settings", async () => {
    const project = await discoverFixture("cloudflare-pages-functions");
    // functions/_lib/db.ts exports no handler: a helper, not a route.
    expect(shapeOf(project)).toEqual([
      pages("functions/[[path]].ts", "route", ["onRequest"]),
      pages("functions/_middleware.ts", "middleware", ["onRequest"]),
      pages("functions/api/orders/[id].ts", "route", ["onRequestGet"]),
      pages("functions/api/orders/index.ts", "route", ["onRequestPost"]),
    ]);
    expect(project.functions.map((f) => f.framework?.route)).toEqual(["/:path*", "/", "/api/orders/:id", "/api/orders"]);
    for (const fn of project.functions) {
      expect(fn.deployUnit).toBe('the Pages project "tea-shop"');
      expect(fn.workers).toMatchObject({ compatibilityDate: "2024-11-01", compatibilityFlags: [], name: "tea-shop", bindings: { vars: { INVENTORY_API: "https://inventory.example.com" } } });
      expect(fn.framework?.targetAt).toEqual({ file: "wrangler.toml", line: 2, column: 1 });
    }
    // The config is the Pages project's: no "has no `main`" note from the Workers reader.
    expect(project.notes).toEqual([]);
  });

  itAuditsAndPrices("cloudflare-pages-functions", "node:crypto without nodejs_compat, a fetch without a timeout, a pg client per request", (result) => {
      const builtin = result.findings.find((f) => f.ruleId === "edge/node-builtin")!;
      expect(builtin.message).toContain('add "nodejs_compat" to compatibility_flags in wrangler.toml');
  });

});

describe("Cloudflare Pages advanced mode (_worker.js)", () => {
  it("the _worker.js in the folder `wrangler pages deploy` serves is the one Worker; functions/ is ignored, and said so", async () => {
    const project = await discoverFixture("cloudflare-pages-worker");
    expect(shapeOf(project)).toEqual([pages("site/_worker.js", "advanced-worker", ["default"])]);
    expect(project.functions[0]!.workers).toBeUndefined();
    expect(project.notes?.map((n) => [n.at.file, n.message])).toEqual([
      ["site/_worker.js", "functions/ is not deployed: with site/_worker.js in the output folder Pages runs that Worker alone (advanced mode) and ignores functions/"],
      ["package.json", expect.stringMatching(/^the compatibility date and flags of this Cloudflare Pages project: they are set in the Pages dashboard, which coldstart cannot read/)],
    ]);
  });

  itAuditsAndPrices("cloudflare-pages-worker", "with advice that does not point at a wrangler file that is not there", (result) => {
      const builtin = result.findings.find((f) => f.ruleId === "edge/node-builtin")!;
      expect(builtin.message).toContain("in a wrangler config (the project has none; or in the Cloudflare dashboard");
  });


  it("a Pages config with neither functions/ nor _worker.js is a static site, said by name", async () => {
    const dir = writeApp({ "wrangler.jsonc": '{ "name": "docs", "pages_build_output_dir": "./dist", "compatibility_date": "2025-06-01" }', "src/index.html": "<h1>Docs</h1>" });
    const project = await discoverProject(dir);
    expect(project.functions).toEqual([]);
    expect(project.notes).toEqual([
      { message: expect.stringMatching(/^a Cloudflare Pages project \(pages_build_output_dir \.\/dist\) with no functions\/ folder and no _worker\.js in its source/), at: { file: "wrangler.jsonc", line: 1, column: 19 } },
    ]);
  });

  it("a Workers config (with `main`) is left to the Workers reader", async () => {
    const dir = writeApp({ "wrangler.toml": 'name = "api"\nmain = "src/index.ts"\ncompatibility_date = "2025-06-01"\n', "src/index.ts": "export default { fetch() { return new Response('ok'); } };\n" });
    const project = await discoverProject(dir);
    expect(project.functions.map((f) => [f.id, f.framework])).toEqual([["cloudflare-workers:src/index.ts", undefined]]);
  });
});
