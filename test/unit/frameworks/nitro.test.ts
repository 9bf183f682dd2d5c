import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import type { Platform } from "../../../src/project/types.js";
import { auditFramework, costRows, expectedFindings, tempProject } from "./_framework-audit.js";

describe("Nuxt on Cloudflare Workers (nitro.preset cloudflare-module, wrangler.jsonc)", () => {
  it("finds each server handler as a route of one Worker, with the wrangler config's settings", async () => {
    const { project, findings, byId } = await auditFramework("nuxt-cloudflare");
    expect([...byId.keys()]).toEqual([
      "cloudflare-workers:server/api/orders/index.get.ts",
      "cloudflare-workers:server/api/orders/index.post.ts",
      "cloudflare-workers:server/api/rates.get.ts",
      "cloudflare-workers:server/api/reports/[id].get.ts",
      "cloudflare-workers:server/middleware/request-id.ts",
    ]);
    for (const fn of project.functions) {
      expect(fn.platform).toBe("cloudflare-workers");
      expect(fn.runtime).toBe("workerd");
      expect(fn.handlers).toEqual(["default"]);
      expect(fn.deployUnit).toBe("one Worker (corner-shop)");
      expect(fn.workers?.compatibilityDate).toBe("2025-06-01");
      expect(fn.workers?.compatibilityFlags).toEqual([]);
      expect(fn.workers?.builtBy?.name).toBe("Nitro");
      expect(fn.config.file).toBe("wrangler.jsonc");
      expect(fn.framework?.targetAt).toEqual({ file: "nuxt.config.ts", line: 5, column: 13 });
    }
    expect(byId.get("cloudflare-workers:server/api/reports/[id].get.ts")?.framework).toMatchObject({ id: "nuxt", role: "api", route: "GET /api/reports/:id" });
    expect(byId.get("cloudflare-workers:server/middleware/request-id.ts")?.framework?.role).toBe("middleware");
    // The wrangler config's `main` is Nitro's build output: the app's, not a Worker of its own.
    expect(project.notes).toEqual([]);
    expect(findings).toEqual(expectedFindings("nuxt-cloudflare"));
  });

  it("follows Nitro's auto-imports into server/utils", async () => {
    const { result } = await auditFramework("nuxt-cloudflare");
    const fetch = result.findings.find((f) => f.ruleId === "timeout/fetch-no-signal");
    expect(fetch?.chain).toEqual(["server/api/rates.get.ts", "server/utils/rates.ts"]);
  });

  it("says Nitro stubs a built-in the Worker's flags do not provide", async () => {
    const { result } = await auditFramework("nuxt-cloudflare");
    const builtin = result.findings.find((f) => f.ruleId === "edge/node-builtin");
    expect(builtin?.message).toContain("Nitro bundles unenv's stub for it");
    expect(builtin?.message).toContain('add "nodejs_compat" to compatibility_flags in wrangler.jsonc');
  });

  it("is priced once, as the one Worker its 5 routes deploy as", async () => {
    const rows = await costRows("nuxt-cloudflare");
    expect(rows.map((r) => [r.platform, r.routes])).toEqual([["cloudflare-workers", 5]]);
    expect(rows.every((r) => r.monthlyUsd > 0)).toBe(true);
  });
});

describe("Nuxt 4 on Vercel (NITRO_PRESET=vercel in the build script)", () => {
  it("finds the handlers as Node.js functions of one Vercel function, with nitro.vercel's maxDuration", async () => {
    const { project, findings, byId } = await auditFramework("nuxt-vercel");
    expect([...byId.keys()]).toEqual([
      "vercel:server/api/products/[id].get.ts",
      "vercel:server/api/products/index.get.ts",
      "vercel:server/api/search.get.ts",
      "vercel:server/routes/sitemap.xml.ts",
    ]);
    for (const fn of project.functions) {
      expect(fn.platform).toBe("vercel");
      expect(fn.runtime).toBe("nodejs");
      expect(fn.handlers).toEqual(["default"]);
      expect(fn.deployUnit).toBe("one Vercel function (plant-catalog)");
      expect(fn.vercel).toMatchObject({ kind: "framework", maxDuration: { seconds: 30, at: { file: "nuxt.config.ts", line: 5 } } });
      expect(fn.framework?.targetAt).toMatchObject({ file: "package.json", line: 7 });
    }
    expect(byId.get("vercel:server/routes/sitemap.xml.ts")?.framework).toMatchObject({ role: "route", route: "/sitemap.xml" });
    expect(findings).toEqual(expectedFindings("nuxt-vercel"));
  });

  it("is priced on Vercel", async () => {
    const rows = await costRows("nuxt-vercel");
    expect(rows.map((r) => [r.platform, r.routes])).toEqual([["vercel", 4]]);
  });
});

describe("a Nitro app with the vercel-edge preset", () => {
  it("runs its routes and middleware on the edge runtime", async () => {
    const { project, findings } = await auditFramework("nitro-vercel-edge");
    expect(project.functions.map((fn) => [fn.id, fn.runtime, fn.framework?.route ?? fn.framework?.role])).toEqual([
      ["vercel:middleware/cors.ts", "edge", "middleware"],
      ["vercel:routes/[slug].ts", "edge", "/:slug"],
      ["vercel:routes/api/links.post.ts", "edge", "POST /api/links"],
    ]);
    expect(project.functions.every((fn) => fn.handlers?.join() === "default")).toBe(true);
    expect(findings).toEqual(expectedFindings("nitro-vercel-edge"));
  });

  it("points at the preset, not at Next.js, to leave the edge", async () => {
    const { result } = await auditFramework("nitro-vercel-edge");
    const builtin = result.findings.find((f) => f.ruleId === "edge/node-builtin");
    expect(builtin?.message).toContain("the edge runtime is chosen at nitro.config.ts:5");
    expect(builtin?.message).not.toContain("Next.js");
  });

  it("eval and process members in its edge routes are judged by the Edge Runtime, with no Next.js advice", async () => {
    const { runAudit } = await import("../../../src/audit/engine.js");
    const root = tempProject({
      "package.json": JSON.stringify({ dependencies: { nitropack: "^2.11.0" } }),
      "nitro.config.ts": 'import { defineNitroConfig } from "nitropack/config";\nexport default defineNitroConfig({ preset: "vercel-edge" });\n',
      "routes/calc.ts": "export default defineEventHandler((event) => {\n  const q = getQuery(event).q as string;\n  return { value: eval(q), cwd: process.umask() };\n});\n",
    });
    const result = await runAudit({ root, today: "2026-12-01", config: {} });
    const messages = result.findings.filter((f) => f.ruleId.startsWith("edge/")).map((f) => [f.ruleId, f.message]);
    expect(messages).toEqual([
      ["edge/dynamic-code", expect.stringContaining("which the Vercel Edge Runtime forbids: code generation from strings is disallowed there, so this throws EvalError")],
      ["edge/node-global", expect.stringContaining("keep it in code that runs only on Node.js")],
    ]);
    for (const [, message] of messages) expect(message).not.toMatch(/next build|NEXT_RUNTIME|unstable_allowDynamic/);
  });

  it("is priced on Vercel", async () => {
    expect((await costRows("nitro-vercel-edge")).map((r) => [r.platform, r.routes])).toEqual([["vercel", 3]]);
  });
});

describe("a Nitro app with the aws-lambda preset (srcDir server)", () => {
  it("finds the handlers under srcDir as routes of one Lambda", async () => {
    const { project, findings } = await auditFramework("nitro-aws-lambda");
    expect(project.functions.map((fn) => fn.id)).toEqual([
      "aws-lambda:server/api/exchange.get.ts",
      "aws-lambda:server/api/invoices/[id]/pdf.get.ts",
      "aws-lambda:server/api/invoices/index.get.ts",
      "aws-lambda:server/routes/health.ts",
    ]);
    for (const fn of project.functions) {
      expect([fn.platform, fn.runtime, fn.handlers]).toEqual(["aws-lambda", "nodejs", ["default"]]);
      expect(fn.lambda).toMatchObject({ source: "framework", unresolved: ["runtime", "timeout", "memory", "reservedConcurrency"] });
      expect(fn.deployUnit).toBe("one Lambda function (billing-api)");
    }
    expect(findings).toEqual(expectedFindings("nitro-aws-lambda"));
  });

  it("is priced on Lambda", async () => {
    expect((await costRows("nitro-aws-lambda")).map((r) => [r.platform, r.routes])).toEqual([["aws-lambda", 4]]);
  });
});

const HANDLER = "export default defineEventHandler(() => ({ ok: true }));\n";
const nuxtApp = (config: string, pkg: Record<string, unknown> = {}) =>
  tempProject({
    "package.json": JSON.stringify({ name: "app", private: true, dependencies: { nuxt: "^3.17.0" }, ...pkg }),
    "nuxt.config.ts": `export default defineNuxtConfig(${config});\n`,
    "server/api/hello.get.ts": HANDLER,
  });

async function discover(dir: string, platforms?: Record<string, Platform>) {
  return discoverProject(dir, platforms ? { platforms } : {});
}

describe("a Nitro app whose target is undecided or not serverless", () => {
  it("without a preset: says it builds a Node.js server, and how to pick a serverless target", async () => {
    const p = await discover(nuxtApp("{ compatibilityDate: \"2025-07-15\" }"));
    expect(p.functions).toEqual([]);
    expect(p.notes).toEqual([
      {
        at: { file: "nuxt.config.ts", line: 1 },
        message:
          "this Nuxt app sets no Nitro preset, so `nuxt build` builds a Node.js server (Nitro's default, node-server) unless it runs on a host Nitro detects (Vercel, Cloudflare, Netlify...): coldstart cannot tell which, so its server routes are not audited. " +
          'Set the preset in nuxt.config.ts (`nitro: { preset: "cloudflare-module" }`, or "vercel", "aws-lambda"), or `"platform": "cloudflare-workers"` in coldstart\'s config ("vercel", "aws-lambda")',
      },
    ]);
  });

  it("without a preset but with coldstart's platform: deploys there", async () => {
    const p = await discover(nuxtApp("{}"), { ".": "cloudflare-workers" });
    expect(p.functions.map((fn) => [fn.id, fn.runtime, fn.workers?.compatibilityFlags])).toEqual([["cloudflare-workers:server/api/hello.get.ts", "workerd", []]]);
    expect(p.notes).toEqual([]);
    const vercel = await discover(nuxtApp("{}"), { ".": "vercel" });
    expect(vercel.functions.map((fn) => [fn.platform, fn.runtime])).toEqual([["vercel", "nodejs"]]);
  });

  it("without a preset but depending on a package that works only on Vercel (@vercel/functions, Web Analytics): Vercel's, located at the dependency", async () => {
    const p = await discover(nuxtApp("{}", { dependencies: { nuxt: "^3.17.0", "@vercel/functions": "^3.1.0" } }));
    expect(p.notes).toEqual([]);
    expect(p.functions.map((fn) => [fn.id, fn.platform, fn.runtime])).toEqual([["vercel:server/api/hello.get.ts", "vercel", "nodejs"]]);
    expect(p.functions[0]!.framework).toMatchObject({ targetAt: { file: "package.json", line: 1 } });
    // An SDK that works anywhere (@vercel/og, @vercel/blob) says nothing of where the app runs.
    const anywhere = await discover(nuxtApp("{}", { dependencies: { nuxt: "^3.17.0", "@vercel/blob": "^1.0.0", "@vercel/og": "^0.6.0" } }));
    expect(anywhere.functions).toEqual([]);
    expect(anywhere.notes?.[0]?.message).toContain("this Nuxt app sets no Nitro preset");
  });

  it("a Nuxt layer (in the app's layers/ folder, or named in its `extends`) is named as the app's layer, not as an undecided app", async () => {
    const files = (layerDir: string, appConfig: string) => ({
      "package.json": JSON.stringify({ name: "site", private: true, workspaces: [layerDir], dependencies: { nuxt: "^3.17.0" } }),
      "nuxt.config.ts": appConfig,
      "server/api/hello.get.ts": HANDLER,
      [`${layerDir}/package.json`]: JSON.stringify({ name: "agent", private: true, dependencies: { nuxt: "^3.17.0" } }),
      [`${layerDir}/nuxt.config.ts`]: "export default defineNuxtConfig({});\n",
      [`${layerDir}/server/api/ask.post.ts`]: HANDLER,
    });
    const vercelApp = 'export default defineNuxtConfig({ nitro: { preset: "vercel" } });\n';
    const auto = await discover(tempProject(files("layers/agent", vercelApp)));
    expect(auto.functions.map((fn) => fn.id)).toEqual(["vercel:server/api/hello.get.ts"]);
    expect(auto.notes?.map((n) => `${n.at.file}: ${n.message}`)).toEqual([
      "layers/agent/nuxt.config.ts: this Nuxt layer is part of the app at nuxt.config.ts (Nuxt registers layers/agent, in its layers/ folder, as a layer): its server routes deploy with that app, not on their own, and coldstart does not yet read a layer's routes into the app, so they are not audited",
    ]);
    const extended = await discover(tempProject(files("packages/agent", 'export default defineNuxtConfig({\n  extends: ["./packages/agent"],\n  nitro: { preset: "vercel" },\n});\n')));
    expect(extended.notes?.map((n) => n.message)).toEqual([expect.stringContaining("this Nuxt layer is part of the app at nuxt.config.ts (its `extends` names ./packages/agent)")]);
    // A Nuxt app beside another, extending nothing, is still an app of its own.
    const sibling = await discover(tempProject(files("packages/agent", vercelApp)));
    expect(sibling.notes?.map((n) => n.message)).toEqual([expect.stringContaining("this Nuxt app sets no Nitro preset")]);
  });

  it("the aws-lambda-streaming preset deploys to AWS Lambda, as aws-lambda does", async () => {
    const p = await discover(nuxtApp('{ nitro: { preset: "aws_lambda_streaming" } }'));
    expect(p.notes).toEqual([]);
    expect(p.functions.map((fn) => [fn.id, fn.platform, fn.runtime])).toEqual([["aws-lambda:server/api/hello.get.ts", "aws-lambda", "nodejs"]]);
  });

  it("the config's preset wins over coldstart's platform", async () => {
    const p = await discover(nuxtApp('{ nitro: { preset: "node-server" } }'), { ".": "vercel" });
    expect(p.functions).toEqual([]);
    expect(p.notes).toEqual([
      {
        at: { file: "nuxt.config.ts", line: 1, column: 52 },
        message:
          'this Nuxt app builds a Node.js server (`nitro.preset: "node-server"` in nuxt.config.ts), not serverless functions: coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions. To audit it as serverless, use the "cloudflare-module", "vercel" or "aws-lambda" preset',
      },
    ]);
  });

  it("a static preset and a host coldstart does not audit are named", async () => {
    const stat = await discover(nuxtApp("{}", { scripts: { build: "NITRO_PRESET=github_pages nuxt build" } }));
    expect(stat.notes?.map((n) => n.message)).toEqual(['this Nuxt app builds a static site (the `build` script\'s preset "github_pages"): there is no server at runtime, so there are no functions to audit']);
    const netlify = await discover(nuxtApp('{ nitro: { preset: "netlify" } }'));
    expect(netlify.notes?.map((n) => n.message)).toEqual(['this Nuxt app deploys to Netlify Functions (`nitro.preset: "netlify"` in nuxt.config.ts), which coldstart does not audit (it audits Vercel, Cloudflare Workers and AWS Lambda)']);
    // Without a preset, Nitro picks the host it builds on: netlify.toml says which.
    const zeroConfig = await discover(tempProject({ "package.json": JSON.stringify({ dependencies: { nuxt: "^3.17.0" } }), "nuxt.config.ts": "export default defineNuxtConfig({});\n", "netlify.toml": "[build]\n", "server/api/a.ts": HANDLER }));
    expect(zeroConfig.notes?.map((n) => [n.at.file, n.message])).toEqual([
      ["netlify.toml", "this Nuxt app deploys to Netlify Functions (netlify.toml: Nitro builds for Netlify when it builds there), which coldstart does not audit (it audits Vercel, Cloudflare Workers and AWS Lambda)"],
    ]);
  });

  it("a package.json script's NITRO_PRESET wins over the config, as in Nitro's loader", async () => {
    const p = await discover(nuxtApp('{ nitro: { preset: "node-server" } }', { scripts: { build: "nuxt build", "build:cf": "NITRO_PRESET=cloudflare_module nuxt build" } }));
    expect(p.functions.map((fn) => fn.platform)).toEqual(["cloudflare-workers"]);
    expect(p.functions[0]?.framework?.targetAt).toMatchObject({ file: "package.json", line: 1 });
    // No wrangler config: Nitro writes one, with nitropack 2's fallback date.
    expect(p.functions[0]?.workers).toMatchObject({ compatibilityDate: "2024-04-03", compatibilityFlags: [] });
  });

  it("create-cloudflare's Nuxt setup (deployConfig and nodeCompat): Nitro adds nodejs_compat to the wrangler config it writes", async () => {
    const dir = tempProject({
      "package.json": JSON.stringify({ name: "c3-nuxt", dependencies: { nuxt: "^3.17.0" }, devDependencies: { "nitro-cloudflare-dev": "^0.2.2", wrangler: "^4.0.0" } }),
      "nuxt.config.ts": 'export default defineNuxtConfig({\n  compatibilityDate: "2025-07-15",\n  nitro: { preset: "cloudflare_module", cloudflare: { deployConfig: true, nodeCompat: true } },\n  modules: ["nitro-cloudflare-dev"],\n});\n',
      "wrangler.jsonc": '{ "name": "c3-nuxt", "main": "./.output/server/index.mjs", "compatibility_date": "2025-09-20", "assets": { "binding": "ASSETS", "directory": "./.output/public/" } }\n',
      "server/api/hello.ts": HANDLER,
    });
    const p = await discover(dir);
    expect(p.functions.map((fn) => [fn.id, fn.workers?.compatibilityDate, fn.workers?.compatibilityFlags])).toEqual([["cloudflare-workers:server/api/hello.ts", "2025-09-20", ["nodejs_compat"]]]);
    expect(p.notes).toEqual([]);
  });

  it("the Worker settings Nitro writes from its own options: nitro.compatibilityDate and cloudflare.wrangler", async () => {
    const dir = tempProject({
      "package.json": JSON.stringify({ name: "inline", dependencies: { nuxt: "^3.17.0" } }),
      "nuxt.config.ts": [
        "export default defineNuxtConfig({",
        '  compatibilityDate: "2024-11-01",',
        "  nitro: {",
        '    preset: "cloudflare_module",',
        '    compatibilityDate: "2025-10-01",',
        "    cloudflare: {",
        "      deployConfig: true,",
        '      wrangler: { compatibility_flags: ["nodejs_als"], hyperdrive: [{ binding: "DB", id: "abc" }] },',
        "    },",
        "  },",
        "});",
        "",
      ].join("\n"),
      "server/api/hello.ts": HANDLER,
    });
    const [fn] = (await discover(dir)).functions;
    expect(fn?.workers).toMatchObject({ compatibilityDate: "2025-10-01", compatibilityFlags: ["nodejs_als", "nodejs_compat"], bindings: { hyperdrive: ["DB"] } });
    expect(fn?.workers?.locations).toMatchObject({ compatibilityDate: { file: "nuxt.config.ts", line: 5 }, compatibilityFlags: { file: "nuxt.config.ts", line: 8 } });
  });

  it("NuxtHub before 0.10 deploys to Cloudflare Pages, with Node.js compatibility", async () => {
    const p = await discover(nuxtApp('{ compatibilityDate: "2025-03-01", hub: { database: true } }', { dependencies: { nuxt: "^3.15.0", "@nuxthub/core": "^0.8.17" } }));
    expect(p.functions.map((fn) => [fn.platform, fn.workers?.compatibilityDate, fn.workers?.compatibilityFlags])).toEqual([["cloudflare-workers", "2025-03-01", ["nodejs_compat"]]]);
  });

  it("a Nuxt app without server handlers says there is nothing of its own to audit", async () => {
    const dir = tempProject({
      "package.json": JSON.stringify({ dependencies: { nuxt: "^4.0.0" } }),
      "nuxt.config.ts": 'export default defineNuxtConfig({ nitro: { preset: "vercel" } });\n',
      "app/pages/index.vue": "<template><p>hi</p></template>\n",
    });
    const p = await discover(dir);
    expect(p.functions).toEqual([]);
    expect(p.notes?.map((n) => n.message)).toEqual([
      "this Nuxt app has no server handlers (server/{api,routes,middleware}/): its pages are rendered by the framework, and coldstart audits the server code you write",
    ]);
  });

  it("a package that only depends on Nuxt (a module's source) is left alone", async () => {
    const dir = tempProject({ "package.json": JSON.stringify({ devDependencies: { nuxt: "^3.17.0", "@nuxt/kit": "^3.17.0" } }), "src/module.ts": "export default {};\n" });
    const p = await discover(dir);
    expect(p.notes).toEqual([]);
  });
});

describe("Nitro 3", () => {
  it("scans serverDir only when it is set, and reads the server entry (server.ts, server.node.ts) and `routes`", async () => {
    const dir = tempProject({
      "package.json": JSON.stringify({ name: "n3", devDependencies: { nitro: "latest" } }),
      "nitro.config.ts": 'import { defineConfig } from "nitro";\n\nexport default defineConfig({ preset: "vercel", routes: { "/hello": "./handlers/hello.ts", "/virtual": "#virtual-route" } });\n',
      "server.node.ts": "import express from \"express\";\n\nexport default express();\n",
      "handlers/hello.ts": HANDLER,
      "api/ignored.ts": HANDLER,
    });
    const p = await discover(dir);
    expect(p.functions.map((fn) => [fn.id, fn.framework?.role, fn.framework?.route ?? null])).toEqual([
      ["vercel:handlers/hello.ts", "handler", "/hello"],
      ["vercel:server.node.ts", "server-entry", null],
    ]);
  });
});

describe("globals Nitro's Worker build injects", () => {
  it("process and Buffer are not reported, whatever the flags; __dirname still is", async () => {
    const { runAudit } = await import("../../../src/audit/engine.js");
    const dir = tempProject({
      "package.json": JSON.stringify({ name: "v1-worker", dependencies: { nuxt: "^3.17.0" } }),
      "nuxt.config.ts": 'export default defineNuxtConfig({ nitro: { preset: "cloudflare-module" } });\n',
      "wrangler.toml": 'name = "v1-worker"\nmain = ".output/server/index.mjs"\ncompatibility_date = "2025-06-01"\ncompatibility_flags = ["nodejs_compat", "no_nodejs_compat_v2"]\n',
      "server/api/token.get.ts": "export default defineEventHandler(() => {\n  const key = process.env.TOKEN_KEY ?? \"\";\n  return { token: Buffer.from(key).toString(\"base64\"), dir: __dirname };\n});\n",
    });
    const result = await runAudit({ root: dir, today: "2026-12-01", config: {} });
    expect(result.findings.filter((f) => f.ruleId === "edge/node-global").map((f) => [f.line, f.column])).toEqual([[3, 61]]);
  });
});

describe("Nitro's file routing", () => {
  it("names routes as Nitro does: groups dropped, params, catch-alls, method and env suffixes", async () => {
    const { routeOf } = await import("../../../src/project/readers/nitro/nitro.js");
    expect(routeOf("todos/[id].delete.ts", "/api")).toEqual({ route: "/api/todos/:id", method: "delete" });
    expect(routeOf("(admin)/users/index.get.ts", "/api")).toEqual({ route: "/api/users", method: "get" });
    expect(routeOf("[...slug].ts", "/")).toEqual({ route: "/**:slug" });
    expect(routeOf("index.ts", "/")).toEqual({ route: "/" });
    expect(routeOf("seed.post.dev.ts", "/api")).toEqual({ route: "/api/seed", method: "post", env: "dev" });
  });

  it("leaves dev- and prerender-only handlers out, and reads Nuxt layers and a Nuxt 3 srcDir", async () => {
    const dir = tempProject({
      "package.json": JSON.stringify({ dependencies: { nuxt: "^3.17.0" } }),
      "nuxt.config.ts": 'export default defineNuxtConfig({ srcDir: "src/", nitro: { preset: "vercel" } });\n',
      "src/server/api/seed.post.dev.ts": HANDLER,
      "src/server/routes/feed.xml.prerender.ts": HANDLER,
      "src/server/api/ping.ts": HANDLER,
      "layers/billing/server/api/invoices.get.ts": HANDLER,
      "layers/billing/nuxt.config.ts": "export default defineNuxtConfig({});\n",
    });
    const p = await discover(dir);
    expect(p.functions.map((fn) => [fn.id, fn.framework?.route])).toEqual([
      ["vercel:src/server/api/ping.ts", "/api/ping"],
      ["vercel:layers/billing/server/api/invoices.get.ts", "GET /api/invoices"],
    ]);
  });
});
