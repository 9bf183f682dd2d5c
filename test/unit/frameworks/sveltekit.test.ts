import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { InputError } from "../../../src/errors.js";
import { discoverProject } from "../../../src/project/discover.js";
import { auditMatchesExpected, byId, expectPricedRows, frameworksDir, shapes, writeProject } from "./_framework-fixtures.js";

const KIT = { "@sveltejs/kit": "^2.22.0", svelte: "^5.34.0", vite: "^6.3.5" };
const pkg = (deps: Record<string, string>, name = "kit-app") => JSON.stringify({ name, type: "module", devDependencies: { ...KIT, ...deps } });
const config = (adapterModule: string, call = "adapter()") =>
  `import adapter from '${adapterModule}';\n\nexport default {\n\tkit: {\n\t\tadapter: ${call}\n\t}\n};\n`;
const ROUTES = {
  "src/routes/+page.svelte": "<h1>Home</h1>\n",
  "src/routes/api/ping/+server.ts": "export function GET() {\n\treturn new Response('pong');\n}\n",
};

describe("SvelteKit on Cloudflare (adapter-cloudflare)", () => {
  it("finds each server file as a function of one Worker, with its role, route and handlers", async () => {
    const project = await auditMatchesExpected("sveltekit-cloudflare");
    expect(shapes(project)).toEqual([
      "cloudflare-workers:src/routes/(shop)/orders/+page.server.ts workerd page-server [load,actions]",
      "cloudflare-workers:src/routes/api/export/+server.ts workerd endpoint [GET]",
      "cloudflare-workers:src/routes/products/[id]/+page.server.ts workerd page-server [load]",
      "cloudflare-workers:src/routes/+layout.server.ts workerd layout-server [load]",
      "cloudflare-workers:src/hooks.server.ts workerd hooks [handle]",
    ]);
    expect(project.functions.map((f) => f.framework?.route)).toEqual(["/orders", "/api/export", "/products/[id]", "/", undefined]);
    expect(new Set(project.functions.map((f) => f.deployUnit))).toEqual(new Set(["one Worker (harbor-shop)"]));
    const orders = byId(project, "cloudflare-workers:src/routes/(shop)/orders/+page.server.ts");
    expect(orders.config).toEqual({ file: "wrangler.jsonc", line: 1 });
    expect(orders.framework?.targetAt).toEqual({ file: "svelte.config.js", line: 8, column: 12 });
    expect(orders.workers).toMatchObject({ compatibilityDate: "2025-06-01", compatibilityFlags: [] });
    const root = path.join(frameworksDir, "sveltekit-cloudflare");
    expect(orders.build?.alias).toEqual({ $lib: path.join(root, "src/lib"), $components: path.join(root, "src/components") });
    expect(orders.build?.external).toContain("$env/*");
    // The prerendered page is named, and the Worker's build-output `main` is not reported as a Worker of its own.
    expect(project.notes?.map((n) => `${n.at.file}: ${n.message}`)).toEqual([
      "src/routes/about/+page.server.ts: SvelteKit prerenders this server file's route at build time (`export const prerender = true` in it or a layout above it): its code runs during the build, not as a function, so it is not audited",
    ]);
    expect(project.problems).toEqual([]);
  });

  it("prices a Workers row for every function", async () => {
    await expectPricedRows("sveltekit-cloudflare", "cloudflare-workers");
  });

  it("without a wrangler config, audits the Worker as having no flags and says where they belong", async () => {
    const root = writeProject({
      "package.json": pkg({ "@sveltejs/adapter-cloudflare": "^7.0.3" }),
      "svelte.config.js": config("@sveltejs/adapter-cloudflare"),
      ...ROUTES,
      "src/routes/api/file/+server.ts": "import { readFileSync } from 'node:fs';\n\nexport function GET() {\n\treturn new Response(readFileSync('x'));\n}\n",
    });
    const project = await discoverProject(root);
    expect(project.notes?.[0]?.message).toMatch(/^SvelteKit app deploys to Cloudflare but has no wrangler config: its compatibility date and flags are set outside the project/);
    const result = await runAudit({ root, project, today: "2025-12-01" });
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["edge/node-builtin src/routes/api/file/+server.ts:1"]);
    expect(result.findings[0]!.message).toContain('add "nodejs_compat" to compatibility_flags in wrangler.jsonc');
  });
});

describe("SvelteKit on Vercel (adapter-vercel)", () => {
  it("gives each route the runtime its config and the adapter's options decide, grouped as adapter-vercel groups them", async () => {
    const project = await auditMatchesExpected("sveltekit-vercel");
    expect(shapes(project)).toEqual([
      "vercel:src/routes/(account)/invoices/[id]/+page.server.ts nodejs page-server [load]",
      "vercel:src/routes/api/geo/+server.ts edge endpoint [GET]",
      "vercel:src/routes/api/rates/+server.ts nodejs endpoint [GET]",
      "vercel:src/routes/reports/+page.server.ts nodejs page-server [load]",
      "vercel:src/routes/(account)/+layout.server.ts nodejs layout-server [load]",
      "vercel:src/hooks.server.ts nodejs hooks [handle]",
      // Hooks run in every function: once more on the edge, where the geo route runs.
      "vercel:src/hooks.server.ts#edge edge hooks [handle]",
    ]);
    const geo = byId(project, "vercel:src/routes/api/geo/+server.ts");
    expect(geo.config).toEqual({ file: "src/routes/api/geo/+server.ts", line: 4, column: 2 });
    expect(geo.vercel).toMatchObject({ kind: "framework", route: "/api/geo", regions: ["fra1"] });
    const reports = byId(project, "vercel:src/routes/reports/+page.server.ts");
    expect(reports.vercel?.maxDuration).toEqual({ seconds: 60, at: { file: "src/routes/reports/+page.server.ts", line: 5, column: 2 } });
    expect(reports.vercel?.runtimeAt).toEqual({ file: "svelte.config.js", line: 9, column: 4 });
    expect(project.functions.map((f) => f.deployUnit)).toEqual([
      "one Vercel function (ledgerline: nodejs, regions fra1)",
      "one Vercel function (ledgerline: edge, regions fra1)",
      "one Vercel function (ledgerline: nodejs, regions fra1)",
      "one Vercel function (ledgerline: nodejs, regions fra1, maxDuration 60)",
      "one Vercel function (ledgerline: nodejs, regions fra1)",
      "one Vercel function (ledgerline: nodejs, regions fra1)",
      "one Vercel function (ledgerline: edge, regions fra1)",
    ]);
  });

  it("prices a Vercel row for every function", async () => {
    await expectPricedRows("sveltekit-vercel", "vercel");
  });

  it("says the edge runtime fails the build with adapter-vercel 7, and audits the route on Node.js", async () => {
    const root = writeProject({
      "package.json": pkg({ "@sveltejs/adapter-vercel": "^7.0.0" }),
      "svelte.config.js": config("@sveltejs/adapter-vercel"),
      ...ROUTES,
      "src/routes/api/geo/+server.ts": "export const config = { runtime: 'edge' };\n\nexport function GET() {\n\treturn new Response('x');\n}\n",
    });
    const project = await discoverProject(root);
    expect(byId(project, "vercel:src/routes/api/geo/+server.ts").runtime).toBe("nodejs");
    expect(project.problems).toEqual([
      { message: expect.stringMatching(/^`runtime: 'edge'` is no longer supported by @sveltejs\/adapter-vercel 7 and fails the build/), at: { file: "src/routes/api/geo/+server.ts", line: 1, column: 25 } },
    ]);
  });
});

describe("SvelteKit config reading", () => {
  it("reads sveltekit({ adapter, files }) in vite.config (SvelteKit 3), remote functions, and hooks without `init`", async () => {
    const root = writeProject({
      "package.json": pkg({ "@sveltejs/adapter-cloudflare": "^7.0.3" }),
      "vite.config.ts":
        "import { sveltekit } from '@sveltejs/kit/vite';\nimport adapter from '@sveltejs/adapter-cloudflare';\nimport { defineConfig } from 'vite';\n\n" +
        "export default defineConfig({\n\tplugins: [sveltekit({ adapter: adapter(), files: { routes: 'app/pages' } })]\n});\n",
      "wrangler.jsonc": '{ "name": "kit3", "compatibility_date": "2025-09-01", "compatibility_flags": ["nodejs_compat"] }\n',
      "app/pages/+page.svelte": "<h1>Home</h1>\n",
      "app/pages/blog/[slug]/+page.server.ts": "export async function load({ params }) {\n\treturn { slug: params.slug };\n}\n",
      "src/routes/ignored/+server.ts": "export function GET() {\n\treturn new Response('not a route');\n}\n",
      "src/lib/posts.remote.ts": "import { query } from '$app/server';\n\nexport const getPosts = query(async () => []);\n",
      "src/hooks.server.ts": "export async function init() {}\nexport const handle = async ({ event, resolve }) => resolve(event);\n",
    });
    const project = await discoverProject(root);
    expect(shapes(project)).toEqual([
      "cloudflare-workers:app/pages/blog/[slug]/+page.server.ts workerd page-server [load]",
      "cloudflare-workers:src/hooks.server.ts workerd hooks [handle]",
      "cloudflare-workers:src/lib/posts.remote.ts workerd remote-functions [getPosts]",
    ]);
    expect(project.functions[0]!.framework?.targetAt).toEqual({ file: "vite.config.ts", line: 6, column: 33 });
    expect(project.functions[0]!.workers?.compatibilityFlags).toEqual(["nodejs_compat"]);
  });

  it("follows prerender down the layouts: a page may opt out, and a layout whose pages are all prerendered is not a function", async () => {
    const root = writeProject({
      "package.json": pkg({ "@sveltejs/adapter-vercel": "^5.7.2" }),
      "svelte.config.js": config("@sveltejs/adapter-vercel"),
      "src/routes/+layout.ts": "export const prerender = true;\n",
      "src/routes/+layout.server.ts": "export async function load() {\n\treturn {};\n}\n",
      "src/routes/+page.svelte": "<h1>Home</h1>\n",
      "src/routes/docs/+layout.server.ts": "export async function load() {\n\treturn { nav: [] };\n}\n",
      "src/routes/docs/+page.server.ts": "export async function load() {\n\treturn {};\n}\n",
      "src/routes/search/+page.server.ts": "export const prerender = false;\nexport async function load({ url }) {\n\treturn { q: url.searchParams.get('q') };\n}\n",
      "src/routes/feed.json/+server.ts": "export function GET() {\n\treturn new Response('[]');\n}\n",
    });
    const project = await discoverProject(root);
    expect(shapes(project)).toEqual([
      // Endpoints are not affected by layouts' prerender.
      "vercel:src/routes/feed.json/+server.ts nodejs endpoint [GET]",
      "vercel:src/routes/search/+page.server.ts nodejs page-server [load]",
      "vercel:src/routes/+layout.server.ts nodejs layout-server [load]",
    ]);
    expect(project.notes?.map((n) => n.message)).toEqual([
      "SvelteKit prerenders 2 server files' routes at build time (`export const prerender = true` in them or a layout above them): their code runs during the build, not as functions, so they are not audited: src/routes/docs/+page.server.ts, src/routes/docs/+layout.server.ts",
    ]);
  });

  it("takes the adapter from package.json when there is no config to read", async () => {
    const root = writeProject({ "package.json": pkg({ "@sveltejs/adapter-cloudflare": "^7.0.3", "@sveltejs/adapter-auto": "^6.0.0" }), ...ROUTES });
    const project = await discoverProject(root);
    expect(shapes(project)).toEqual(["cloudflare-workers:src/routes/api/ping/+server.ts workerd endpoint [GET]"]);
    expect(project.functions[0]!.framework?.targetAt).toMatchObject({ file: "package.json", line: 1 });
  });
});

describe("SvelteKit adapters chosen in code", () => {
  const both = "@sveltejs/adapter-vercel or @sveltejs/adapter-node";
  const project = (body: string) =>
    writeProject({
      "package.json": pkg({ "@sveltejs/adapter-vercel": "^5.7.2", "@sveltejs/adapter-node": "^5.2.0" }),
      "svelte.config.js": `import adapterVercel from '@sveltejs/adapter-vercel';\nimport adapterNode from '@sveltejs/adapter-node';\n\n${body}\n`,
      ...ROUTES,
    });

  it.each([
    ["a variable holding one of two imports", "const adapter = process.env.VERCEL ? adapterVercel : adapterNode;\nexport default { kit: { adapter: adapter() } };"],
    ["a `let` assigned in an if", "let adapter;\nif (process.env.VERCEL) adapter = adapterVercel;\nelse adapter = adapterNode;\nexport default { kit: { adapter: adapter() } };"],
    ["a function returning one call or another", "function getAdapter() {\n\tif (process.env.VERCEL) return adapterVercel({ maxDuration: 300 });\n\treturn adapterNode();\n}\nexport default { kit: { adapter: getAdapter() } };"],
  ])("%s: undecided until coldstart's `platform` picks one", async (_, body) => {
    const root = project(body);
    const undecided = await discoverProject(root);
    expect(undecided.functions).toEqual([]);
    expect(undecided.notes?.[0]?.message).toContain(`whose adapter is chosen when it builds (${both})`);
    const hinted = await discoverProject(root, { platforms: { ".": "vercel" } });
    expect(shapes(hinted)).toEqual(["vercel:src/routes/api/ping/+server.ts nodejs endpoint [GET]"]);
    if (body.includes("maxDuration")) expect(hinted.functions[0]!.vercel?.maxDuration).toEqual({ seconds: 300, at: { file: "svelte.config.js", line: 5, column: 49 } });
  });

  it("an adapter written in the config itself is named in the note", async () => {
    const root = writeProject({
      "package.json": pkg({}),
      "svelte.config.js": "export default {\n\tkit: {\n\t\tadapter: { name: 'in-house', async adapt() {} }\n\t}\n};\n",
      ...ROUTES,
    });
    const { notes } = await discoverProject(root);
    expect(notes?.[0]?.message).toMatch(/^SvelteKit app, but where it deploys is not decided: the adapter "in-house" written in the config is not an adapter coldstart knows/);
  });

  it("reads the Vite config the build script names, and a hooks path written with its extension", async () => {
    const root = writeProject({
      "package.json": JSON.stringify({ name: "custom", scripts: { build: "vite build -c vite.custom.config.js --mode custom" }, devDependencies: { ...KIT, "@sveltejs/adapter-vercel": "^5.7.2" } }),
      "vite.custom.config.js":
        "import { sveltekit } from '@sveltejs/kit/vite';\nimport adapter from '@sveltejs/adapter-vercel';\n\n" +
        "export default { plugins: [sveltekit({ adapter: adapter(), files: { src: 'source', routes: 'source/pages', hooks: { server: 'source/hooks.server.js' } } })] };\n",
      "source/pages/+server.js": "export function GET() {\n\treturn new Response('ok');\n}\n",
      "source/hooks.server.js": "export const handle = ({ event, resolve }) => resolve(event);\n",
    });
    expect(shapes(await discoverProject(root))).toEqual(["vercel:source/pages/+server.js nodejs endpoint [GET]", "vercel:source/hooks.server.js nodejs hooks [handle]"]);
  });
});

describe("SvelteKit apps coldstart does not audit, and why", () => {
  const noteOf = async (adapterModule: string, call?: string, platforms?: Record<string, "vercel" | "cloudflare-workers">) => {
    const root = writeProject({ "package.json": pkg({ [adapterModule]: "^1.0.0" }), "svelte.config.js": config(adapterModule, call), ...ROUTES });
    const project = await discoverProject(root, { platforms });
    return { project, notes: (project.notes ?? []).map((n) => `${n.at.file}:${n.at.line} ${n.message}`) };
  };

  it("adapter-auto: not decided, naming both ways to decide it; the audit says so instead of 'no functions found' alone", async () => {
    const { project, notes } = await noteOf("@sveltejs/adapter-auto");
    expect(project.functions).toEqual([]);
    expect(notes).toEqual([
      "svelte.config.js:5 SvelteKit app, but where it deploys is not decided: @sveltejs/adapter-auto picks the platform from the environment it builds in, so coldstart cannot tell where its routes run and audits none of them. " +
        "Choose the adapter in svelte.config.js (for example `kit: { adapter: adapter() }` with `import adapter from '@sveltejs/adapter-cloudflare'`), or tell coldstart with \"platform\": \"cloudflare-workers\" (or \"vercel\") in its config file (coldstart.config.json).",
    ]);
    const root = writeProject({ "package.json": pkg({ "@sveltejs/adapter-auto": "^6.0.0" }), "svelte.config.js": config("@sveltejs/adapter-auto"), ...ROUTES });
    const error = await runAudit({ root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).hint).toContain("Seen but not audited:\n  - svelte.config.js:5: SvelteKit app, but where it deploys is not decided");
  });

  it("a component library (@sveltejs/package, svelte-package, or public `exports`) with no deploy adapter: its routes are a demo, and the note says so", async () => {
    const library = (manifest: Record<string, unknown>) =>
      writeProject({ "package.json": JSON.stringify({ name: "ui-kit", type: "module", ...manifest }), "svelte.config.js": config("@sveltejs/adapter-auto"), ...ROUTES });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ devDependencies: { ...KIT, "@sveltejs/adapter-auto": "^6.0.0", "@sveltejs/package": "^2.5.0" } }, "it depends on @sveltejs/package"],
      [{ scripts: { package: "svelte-kit sync && svelte-package" }, devDependencies: { ...KIT, "@sveltejs/adapter-auto": "^6.0.0" } }, "its `package` script runs svelte-package"],
      [{ exports: { ".": { svelte: "./dist/index.js" } }, devDependencies: { ...KIT, "@sveltejs/adapter-auto": "^6.0.0" } }, "its package.json has `exports` and is not private"],
    ];
    for (const [manifest, why] of cases) {
      const project = await discoverProject(library(manifest));
      expect(project.functions).toEqual([]);
      expect(project.notes?.map((n) => n.message)).toEqual([
        `SvelteKit package published as a library (${why}), with no deploy adapter: its routes are a demo or a playground, not a deployed app, so they are not audited. ` +
          "If it is deployed, choose the adapter in svelte.config.js (for example `kit: { adapter: adapter() }` with `import adapter from '@sveltejs/adapter-cloudflare'`), or tell coldstart with \"platform\": \"cloudflare-workers\" (or \"vercel\") in its config file (coldstart.config.json).",
      ]);
    }
    // A private app with `exports` is an app; and coldstart's `platform` audits a library's routes when asked.
    const app = await discoverProject(library({ private: true, exports: { ".": "./src/lib/index.js" }, devDependencies: { ...KIT, "@sveltejs/adapter-auto": "^6.0.0" } }));
    expect(app.notes?.[0]?.message).toContain("SvelteKit app, but where it deploys is not decided");
    const hinted = await discoverProject(library({ devDependencies: { ...KIT, "@sveltejs/adapter-auto": "^6.0.0", "@sveltejs/package": "^2.5.0" } }), { platforms: { ".": "vercel" } });
    expect(hinted.functions.map((f) => f.platform)).toEqual(["vercel"]);
  });

  it("adapter-auto with coldstart's `platform`: audited there", async () => {
    const root = writeProject({
      "package.json": pkg({ "@sveltejs/adapter-auto": "^6.0.0" }),
      "svelte.config.js": config("@sveltejs/adapter-auto"),
      "coldstart.config.json": JSON.stringify({ platform: "vercel" }),
      ...ROUTES,
    });
    const result = await runAudit({ root });
    expect(result.functions.map((f) => `${f.id} ${f.runtime}`)).toEqual(["vercel:src/routes/api/ping/+server.ts nodejs"]);
  });

  it("in a monorepo, the advice names the package's key in coldstart's config", async () => {
    const root = writeProject({
      "package.json": JSON.stringify({ name: "repo", private: true, workspaces: ["apps/*"] }),
      "apps/web/package.json": pkg({ "@sveltejs/adapter-auto": "^6.0.0" }, "web"),
      "apps/web/svelte.config.js": config("@sveltejs/adapter-auto"),
      "apps/web/src/routes/api/ping/+server.ts": ROUTES["src/routes/api/ping/+server.ts"],
    });
    const project = await discoverProject(root);
    expect(project.notes?.[0]?.at.file).toBe("apps/web/svelte.config.js");
    expect(project.notes?.[0]?.message).toContain('or tell coldstart with "packages": { "apps/web": { "platform": "cloudflare-workers" } } (or "vercel")');
    const hinted = await discoverProject(root, { platforms: { "apps/web": "cloudflare-workers" } });
    expect(shapes(hinted)).toEqual(["cloudflare-workers:apps/web/src/routes/api/ping/+server.ts workerd endpoint [GET]"]);
  });

  it("an adapter chosen by an environment variable is undecided unless coldstart's `platform` picks one of them", async () => {
    const call = "process.env.VERCEL ? vercel() : node()";
    const root = writeProject({
      "package.json": pkg({ "@sveltejs/adapter-vercel": "^5.7.2", "@sveltejs/adapter-node": "^5.2.0" }),
      "svelte.config.js": `import vercel from '@sveltejs/adapter-vercel';\nimport node from '@sveltejs/adapter-node';\n\nexport default { kit: { adapter: ${call} } };\n`,
      ...ROUTES,
    });
    const undecided = await discoverProject(root);
    expect(undecided.functions).toEqual([]);
    expect(undecided.notes?.[0]?.message).toMatch(/^SvelteKit app whose adapter is chosen when it builds \(@sveltejs\/adapter-vercel or @sveltejs\/adapter-node\), so coldstart cannot tell/);
    const hinted = await discoverProject(root, { platforms: { ".": "vercel" } });
    expect(shapes(hinted)).toEqual(["vercel:src/routes/api/ping/+server.ts nodejs endpoint [GET]"]);
  });

  it("adapter-node, adapter-static and adapter-netlify: a note each, no functions", async () => {
    const node = await noteOf("@sveltejs/adapter-node");
    expect(node.project.functions).toEqual([]);
    expect(node.notes).toEqual([
      "svelte.config.js:5 SvelteKit app deploys with @sveltejs/adapter-node: a long-running Node.js server, not serverless functions, so there is nothing for coldstart to audit here (it audits Vercel, Cloudflare Workers and AWS Lambda functions)",
    ]);
    const staticSite = await noteOf("@sveltejs/adapter-static");
    expect(staticSite.notes).toEqual(["svelte.config.js:5 SvelteKit app deploys with @sveltejs/adapter-static: every page is prerendered at build time, so the app has no serverless functions to audit"]);
    const netlify = await noteOf("@sveltejs/adapter-netlify");
    expect(netlify.notes[0]).toMatch(/deploys with @sveltejs\/adapter-netlify: Netlify Functions, which coldstart does not audit/);
    // coldstart's `platform` does not override an adapter the config names.
    const overridden = await noteOf("@sveltejs/adapter-node", undefined, { ".": "vercel" });
    expect(overridden.project.functions).toEqual([]);
  });
});
