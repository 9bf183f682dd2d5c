import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { flatRoutePath } from "../../../src/project/readers/react-router/react-router-routes.js";
import type { Platform } from "../../../src/project/types.js";
import { auditFramework, costRows, expectedFindings, tempProject } from "./_framework-audit.js";

const LOADER = "export async function loader() {\n  return { ok: true };\n}\n";

describe("React Router 7 on Cloudflare Workers (Cloudflare Vite plugin, wrangler.jsonc)", () => {
  it("reads routes.ts: each route module with a loader or action, entry.server and the Worker entry, as one Worker", async () => {
    const { project, findings } = await auditFramework("react-router-cloudflare");
    expect(project.functions.map((fn) => [fn.id, fn.framework?.role, fn.framework?.route ?? null, fn.handlers])).toEqual([
      ["cloudflare-workers:app/routes/home.tsx", "route", "/", ["loader"]],
      ["cloudflare-workers:app/routes/trail.tsx", "route", "/trails/:trailId", ["loader"]],
      ["cloudflare-workers:app/routes/api.photos.ts", "route", "/api/photos", ["action"]],
      ["cloudflare-workers:app/entry.server.tsx", "entry-server", null, ["default"]],
      ["cloudflare-workers:workers/app.ts", "server-entry", null, ["default"]],
    ]);
    for (const fn of project.functions) {
      expect([fn.platform, fn.runtime, fn.deployUnit]).toEqual(["cloudflare-workers", "workerd", "one Worker (trail-journal)"]);
      expect(fn.workers).toMatchObject({ compatibilityDate: "2025-04-04", compatibilityFlags: [] });
      expect(fn.framework?.targetAt).toMatchObject({ file: "vite.config.ts", line: 6 });
    }
    // The wrangler config's `main` is the app's Worker entry, read once, as the app's.
    expect(project.notes).toEqual([]);
    expect(findings).toEqual(expectedFindings("react-router-cloudflare"));
  });

  it("is priced once, as the one Worker its 5 routes deploy as", async () => {
    expect((await costRows("react-router-cloudflare")).map((r) => [r.platform, r.routes])).toEqual([["cloudflare-workers", 5]]);
  });
});

describe("React Router 7 on Vercel (vercelPreset(), flatRoutes())", () => {
  it("reads file routes, skips ignored files, and puts a route that asks for the edge on the edge runtime", async () => {
    const { project, findings, byId } = await auditFramework("react-router-vercel");
    expect(project.functions.map((fn) => [fn.id, fn.runtime, fn.framework?.route, fn.handlers, fn.deployUnit])).toEqual([
      ["vercel:app/routes/_index.tsx", "nodejs", "/", ["loader"], "one Vercel function (recipe-box)"],
      ["vercel:app/routes/og.tsx", "edge", "/og", ["loader"], "one Vercel function (recipe-box), edge"],
      ["vercel:app/routes/recipes.$slug.tsx", "nodejs", "/recipes/:slug", ["loader", "action"], "one Vercel function (recipe-box)"],
    ]);
    expect(byId.get("vercel:app/routes/_index.tsx")?.framework?.targetAt).toMatchObject({ file: "react-router.config.ts", line: 6 });
    expect(byId.get("vercel:app/routes/og.tsx")?.vercel).toMatchObject({ kind: "framework", runtimeAt: { file: "app/routes/og.tsx", line: 4 } });
    expect(findings).toEqual(expectedFindings("react-router-vercel"));
  });

  it("points at the route's own config to leave the edge", async () => {
    const { result } = await auditFramework("react-router-vercel");
    expect(result.findings.find((f) => f.ruleId === "edge/node-builtin")?.message).toContain("the edge runtime is chosen at app/routes/og.tsx:4");
  });

  it("is priced on Vercel", async () => {
    // The edge route is a function of its own.
    expect((await costRows("react-router-vercel")).map((r) => [r.platform, r.routes])).toEqual([["vercel", 2], ["vercel", 1]]);
  });
});

describe("Remix v2 on AWS Lambda (@remix-run/architect)", () => {
  it("reads the flat routes (files and folders with route.tsx) and the Lambda handler in server.ts", async () => {
    const { project, findings } = await auditFramework("remix-architect");
    expect(project.functions.map((fn) => [fn.id, fn.framework?.route ?? fn.framework?.role, fn.handlers])).toEqual([
      ["aws-lambda:app/routes/_index.tsx", "/", ["loader"]],
      ["aws-lambda:app/routes/dashboard/route.tsx", "/dashboard", ["loader"]],
      ["aws-lambda:app/routes/webhooks.slack.tsx", "/webhooks/slack", ["action"]],
      ["aws-lambda:server.ts", "server-entry", ["handler"]],
    ]);
    for (const fn of project.functions) {
      expect([fn.platform, fn.runtime, fn.framework?.id, fn.deployUnit]).toEqual(["aws-lambda", "nodejs", "remix", "one Lambda function (team-standup)"]);
      expect(fn.lambda?.source).toBe("framework");
    }
    expect(findings).toEqual(expectedFindings("remix-architect"));
  });

  it("is priced on Lambda", async () => {
    expect((await costRows("remix-architect")).map((r) => [r.platform, r.routes])).toEqual([["aws-lambda", 4]]);
  });
});

describe("configs that refer to themselves", () => {
  it("a route list that spreads itself, and a Nuxt config whose spreads go round, end", async () => {
    const rr = rrApp({ devDependencies: { "@react-router/dev": "^7.7.0", "@vercel/react-router": "^1.2.0" } }, {
      "app/routes.ts": 'import { index } from "@react-router/dev/routes";\n\nconst routes = [index("routes/home.tsx"), ...routes, ...routes];\nexport default routes;\n',
    });
    expect((await discover(rr)).functions.map((fn) => fn.id)).toEqual(["vercel:app/routes/home.tsx"]);
    const nuxt = tempProject({
      "package.json": JSON.stringify({ dependencies: { nuxt: "^3.17.0" } }),
      "nuxt.config.ts": 'const a = { ...b, nitro: { preset: "vercel" } };\nconst b = { ...a };\nexport default defineNuxtConfig(b);\n',
      "server/api/x.ts": "export default defineEventHandler(() => 1);\n",
    });
    expect((await discover(nuxt)).functions.map((fn) => fn.id)).toEqual(["vercel:server/api/x.ts"]);
  });
});

describe("Remix v2 on Cloudflare Pages", () => {
  it("reads the Pages function that serves the app, and the Pages project's wrangler.toml", async () => {
    const dir = tempProject({
      "package.json": JSON.stringify({ name: "pages-shop", dependencies: { "@remix-run/cloudflare": "^2.16.0", "@remix-run/cloudflare-pages": "^2.16.0" }, devDependencies: { "@remix-run/dev": "^2.16.0" } }),
      "wrangler.toml": 'name = "pages-shop"\npages_build_output_dir = "./build/client"\ncompatibility_date = "2025-06-01"\ncompatibility_flags = ["nodejs_compat"]\n',
      "functions/[[path]].ts": 'import { createPagesFunctionHandler } from "@remix-run/cloudflare-pages";\nimport * as build from "../build/server";\n\nexport const onRequest = createPagesFunctionHandler({ build });\n',
      "app/root.tsx": "export default function App() { return null; }\n",
      "app/routes/_index.tsx": LOADER,
    });
    const p = await discoverProject(dir);
    expect(p.functions.map((fn) => [fn.id, fn.framework?.role, fn.handlers, fn.workers?.compatibilityFlags])).toEqual([
      ["cloudflare-workers:app/routes/_index.tsx", "route", ["loader"], ["nodejs_compat"]],
      ["cloudflare-workers:functions/[[path]].ts", "server-entry", ["onRequest"], ["nodejs_compat"]],
    ]);
    expect(p.notes).toEqual([]);
  });

  it("without a wrangler config its date and flags are the Pages dashboard's: noted, and no error that wrangler refuses to deploy (a Workers app without one still gets it)", async () => {
    const files = (deps: Record<string, string>, extra: Record<string, string> = {}) => ({
      "package.json": JSON.stringify({ name: "pages-shop", dependencies: { "@remix-run/cloudflare": "^2.16.0", ...deps }, devDependencies: { "@remix-run/dev": "^2.16.0" }, scripts: { deploy: "wrangler pages deploy ./build/client" } }),
      "app/root.tsx": "export default function App() { return null; }\n",
      "app/routes/_index.tsx": LOADER,
      ...extra,
    });
    const { runAudit } = await import("../../../src/audit/engine.js");
    const compat = async (dir: string) => (await runAudit({ root: dir, today: "2026-05-01" })).findings.filter((f) => f.ruleId === "workers/compat-config").map((f) => f.message);
    const pages = tempProject(files({ "@remix-run/cloudflare-pages": "^2.16.0" }));
    const p = await discoverProject(pages);
    expect(p.notes?.map((n) => n.message)).toEqual([expect.stringMatching(/^Remix app deploys to Cloudflare but has no wrangler config: its compatibility date and flags are set outside the project \(a Pages project's dashboard\)/)]);
    expect(await compat(pages)).toEqual([]);
    // The `wrangler pages` script alone says Pages too.
    expect(await compat(tempProject(files({ "@remix-run/cloudflare-workers": "^2.16.0" })))).toEqual([]);
    const worker = tempProject({ ...files({ "@remix-run/cloudflare-workers": "^2.16.0" }), "package.json": JSON.stringify({ name: "shop", dependencies: { "@remix-run/cloudflare-workers": "^2.16.0" }, devDependencies: { "@remix-run/dev": "^2.16.0" } }) });
    expect(await compat(worker)).toEqual([expect.stringContaining("This Worker has no compatibility_date: wrangler refuses to deploy without one")]);
  });
});

describe("flat route names", () => {
  it("turn into paths as React Router's fs-routes does", () => {
    expect(flatRoutePath("_index")).toEqual({ path: "/", index: true });
    expect(flatRoutePath("blogs.$blogHandle._index")).toEqual({ path: "/blogs/:blogHandle", index: true });
    expect(flatRoutePath("account_.login")).toEqual({ path: "/account/login" });
    expect(flatRoutePath("_auth.signup")).toEqual({ path: "/signup" });
    expect(flatRoutePath("$")).toEqual({ path: "/*" });
    expect(flatRoutePath("sitemap.$type.$page[.xml]")).toEqual({ path: "/sitemap/:type/:page.xml" });
    expect(flatRoutePath("[robots.txt]")).toEqual({ path: "/robots.txt" });
    expect(flatRoutePath("($lang).about")).toEqual({ path: "/:lang?/about" });
  });
});

const rrApp = (pkg: Record<string, unknown>, files: Record<string, string> = {}) =>
  tempProject({
    "package.json": JSON.stringify({ name: "app", private: true, ...pkg }),
    "react-router.config.ts": "export default { ssr: true };\n",
    "app/root.tsx": "export default function App() { return null; }\n",
    "app/routes.ts": 'import { index } from "@react-router/dev/routes";\n\nexport default [index("routes/home.tsx")];\n',
    "app/routes/home.tsx": LOADER,
    ...files,
  });

async function discover(dir: string, platforms?: Record<string, Platform>) {
  return discoverProject(dir, platforms ? { platforms } : {});
}

describe("a React Router app whose target is undecided or not serverless", () => {
  it("with react-router-serve: says it runs as a Node.js server, and how to deploy it as functions", async () => {
    const p = await discover(rrApp({ dependencies: { "@react-router/node": "^7.7.0", "@react-router/serve": "^7.7.0" }, devDependencies: { "@react-router/dev": "^7.7.0" } }));
    expect(p.functions).toEqual([]);
    expect(p.notes).toEqual([
      {
        at: { file: "package.json", line: 1, column: 76 },
        message:
          "this React Router app runs as a Node.js server (the @react-router/serve dependency), not as serverless functions, so its loaders and actions are not audited. " +
          'If you deploy it to Vercel (which builds React Router apps as functions), add vercelPreset() from @vercel/react-router to react-router.config.ts, or set `"platform": "vercel"` in coldstart\'s config (or "cloudflare-workers", "aws-lambda")',
      },
    ]);
  });

  it("with nothing that decides: says so, and how to decide", async () => {
    const p = await discover(rrApp({ devDependencies: { "@react-router/dev": "^7.7.0" } }));
    expect(p.notes?.map((n) => [n.at.file, n.message])).toEqual([
      [
        "react-router.config.ts",
        'this React Router app names no deploy target (no Cloudflare Vite plugin, vercelPreset(), or architect adapter), so coldstart cannot tell where its loaders and actions run. Add the target\'s adapter, or set `"platform": "vercel"` in coldstart\'s config (or "cloudflare-workers", "aws-lambda")',
      ],
    ]);
  });

  it("vercel.json says it deploys to Vercel, which builds it as functions without the preset", async () => {
    const p = await discover(rrApp({ dependencies: { "@react-router/node": "^7.7.0", "@react-router/serve": "^7.7.0" }, devDependencies: { "@react-router/dev": "^7.7.0" } }, { "vercel.json": "{}\n" }));
    expect(p.functions.map((fn) => [fn.id, fn.runtime, fn.framework?.targetAt?.file])).toEqual([["vercel:app/routes/home.tsx", "nodejs", "vercel.json"]]);
  });

  it("coldstart's platform decides where nothing else does, even over react-router-serve", async () => {
    const p = await discover(rrApp({ dependencies: { "@react-router/serve": "^7.7.0" }, devDependencies: { "@react-router/dev": "^7.7.0" } }), { ".": "vercel" });
    expect(p.functions.map((fn) => [fn.id, fn.runtime])).toEqual([["vercel:app/routes/home.tsx", "nodejs"]]);
  });

  it("a single-page app (ssr: false) has no server", async () => {
    const dir = rrApp({ devDependencies: { "@react-router/dev": "^7.7.0" } }, { "react-router.config.ts": "export default { ssr: false };\n" });
    const p = await discover(dir, { ".": "vercel" });
    expect(p.functions).toEqual([]);
    expect(p.notes?.map((n) => n.message)).toEqual(["`ssr: false`: this React Router app is a single-page app, with no server at runtime (loaders run at build time, if at all), so there are no functions to audit"]);
  });

  it("Netlify is named as a host coldstart does not audit", async () => {
    const p = await discover(rrApp({ devDependencies: { "@react-router/dev": "^7.7.0", "@netlify/vite-plugin-react-router": "^1.0.0" } }));
    expect(p.notes?.map((n) => n.message)).toEqual(["this React Router app deploys to Netlify (the @netlify/vite-plugin-react-router dependency), which coldstart does not audit (it audits Vercel, Cloudflare Workers and AWS Lambda)"]);
  });

  it("a route list routes.ts computes is named; the static part is still read, and the routes folder's modules stand in for the rest", async () => {
    const dir = rrApp({ devDependencies: { "@react-router/dev": "^7.7.0", "@vercel/react-router": "^1.2.0" } }, {
      "app/routes.ts": 'import { index } from "@react-router/dev/routes";\nimport { extraRoutes } from "./extra";\n\nexport default [index("routes/home.tsx"), ...extraRoutes({\n  base: "x",\n})];\n',
      "app/routes/admin+/users.tsx": LOADER,
      "app/routes/admin+/users.server.ts": "export function listUsers() {\n  return [];\n}\n",
    });
    const p = await discover(dir);
    expect(p.functions.map((fn) => [fn.id, fn.framework?.route ?? null])).toEqual([
      ["vercel:app/routes/home.tsx", "/"],
      ["vercel:app/routes/admin+/users.tsx", null],
    ]);
    expect(p.notes?.map((n) => [n.at.file, n.at.line, n.message])).toEqual([
      ["app/routes.ts", 4, "`extraRoutes()` in app/routes.ts is not a static route list (route(), index(), layout(), prefix() or flatRoutes()): coldstart audits the modules under app/routes/ that export a loader, action, middleware or headers instead"],
    ]);
  });
});
