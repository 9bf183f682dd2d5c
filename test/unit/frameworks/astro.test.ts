import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { discoverProject } from "../../../src/project/discover.js";
import { astroModule } from "../../../src/project/source/astro-frontmatter.js";
import { auditMatchesExpected, byId, expectPricedRows, shapes, writeProject } from "./_framework-fixtures.js";

const pkg = (deps: Record<string, string>) => JSON.stringify({ name: "astro-app", type: "module", dependencies: { astro: "^5.10.0", ...deps } });
const config = (adapterModule: string | undefined, output?: string) =>
  `import { defineConfig } from 'astro/config';\n${adapterModule ? `import adapter from '${adapterModule}';\n` : ""}\n` +
  `export default defineConfig({\n${output ? `  output: '${output}',\n` : ""}${adapterModule ? "  adapter: adapter(),\n" : ""}});\n`;
const PAGES = {
  "src/pages/index.astro": "---\nconst title = 'Home';\n---\n<h1>{title}</h1>\n",
  "src/pages/api/time.ts": "export const prerender = false;\n\nexport function GET() {\n  return new Response(new Date().toISOString());\n}\n",
};

describe("Astro on Cloudflare (@astrojs/cloudflare)", () => {
  it("finds on-demand pages and endpoints as functions of one Worker; prerendered routes are named in a note", async () => {
    const project = await auditMatchesExpected("astro-cloudflare");
    expect(shapes(project)).toEqual([
      "cloudflare-workers:src/pages/api/checksum.ts workerd endpoint [POST]",
      "cloudflare-workers:src/pages/api/subscribe.ts workerd endpoint [POST]",
      "cloudflare-workers:src/pages/stations/[code].astro workerd page [default]",
    ]);
    expect(project.functions.map((f) => f.framework?.route)).toEqual(["/api/checksum", "/api/subscribe", "/stations/[code]"]);
    expect(new Set(project.functions.map((f) => f.deployUnit))).toEqual(new Set(["one Worker (tidewatch)"]));
    expect(project.functions[0]!.workers).toMatchObject({ compatibilityDate: "2025-05-20", compatibilityFlags: [], bindings: { vars: { TIDES_API: "https://tides.example.org/v1" } } });
    expect(project.functions[0]!.build?.external).toContain("astro:*");
    expect(project.notes?.map((n) => n.message)).toEqual([
      "Astro prerenders 2 routes at build time: they are not functions, so they are not audited: src/pages/index.astro, src/pages/rss.xml.ts (`export const prerender = false` renders a route on demand)",
    ]);
    expect(project.problems).toEqual([]);
  });

  it("prices a Workers row for every function", async () => {
    await expectPricedRows("astro-cloudflare", "cloudflare-workers");
  });

  it("audits a Worker entry of the app's own (workerEntryPoint) with its scheduled handler", async () => {
    const root = writeProject({
      "package.json": pkg({ "@astrojs/cloudflare": "^12.6.0" }),
      "astro.config.mjs": "import cloudflare from '@astrojs/cloudflare';\n\nexport default {\n  output: 'server',\n  adapter: cloudflare({ workerEntryPoint: { path: './src/worker.ts' } }),\n};\n",
      "wrangler.jsonc": '{ "name": "site", "compatibility_date": "2025-05-20" }\n',
      "src/pages/index.astro": PAGES["src/pages/index.astro"],
      "src/worker.ts":
        "import { App } from 'astro/app';\n\nexport function createExports(manifest) {\n  const app = new App(manifest);\n  return {\n    default: {\n      fetch: (request) => app.render(request),\n      async scheduled() {\n        await fetch('https://example.com/refresh');\n      },\n    },\n  };\n}\n",
    });
    const project = await discoverProject(root);
    expect(shapes(project)).toEqual([
      "cloudflare-workers:src/pages/index.astro workerd page [default]",
      "cloudflare-workers:src/worker.ts workerd worker-entry [createExports,default]",
    ]);
    const result = await runAudit({ root, project, today: "2025-12-01" });
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["timeout/fetch-no-signal src/worker.ts:9"]);
  });
});

describe("Astro on Vercel (@astrojs/vercel)", () => {
  it("puts every on-demand route in one Node.js function and edge middleware in its own; actions are a function", async () => {
    const project = await auditMatchesExpected("astro-vercel");
    expect(shapes(project)).toEqual([
      "vercel:src/pages/api/shipping.ts nodejs endpoint [GET]",
      "vercel:src/pages/orders/[id].astro nodejs page [default]",
      "vercel:src/actions/index.ts nodejs actions [server]",
      "vercel:src/middleware.ts edge middleware [onRequest]",
    ]);
    expect(project.functions.map((f) => f.deployUnit)).toEqual([
      "one Vercel function (fernbrook-orders)",
      "one Vercel function (fernbrook-orders)",
      "one Vercel function (fernbrook-orders)",
      undefined,
    ]);
    const middleware = byId(project, "vercel:src/middleware.ts");
    expect(middleware.config).toEqual({ file: "astro.config.mjs", line: 8, column: 5 });
    expect(byId(project, "vercel:src/pages/api/shipping.ts").config).toEqual({ file: "astro.config.mjs", line: 7, column: 12 });
  });

  it("prices a Vercel row for every function", async () => {
    await expectPricedRows("astro-vercel", "vercel");
  });

  it("reads maxDuration from the adapter's options, and Astro 4's @astrojs/vercel/edge puts the routes on the edge", async () => {
    const withDuration = writeProject({
      "package.json": pkg({ "@astrojs/vercel": "^8.2.0" }),
      "astro.config.mjs": "import vercel from '@astrojs/vercel';\n\nexport default {\n  output: 'server',\n  adapter: vercel({ maxDuration: 45 }),\n};\n",
      ...PAGES,
    });
    const project = await discoverProject(withDuration);
    expect(byId(project, "vercel:src/pages/index.astro").vercel?.maxDuration).toEqual({ seconds: 45, at: { file: "astro.config.mjs", line: 5, column: 21 } });
    const edge = writeProject({ "package.json": pkg({ "@astrojs/vercel": "^7.8.0" }), "astro.config.mjs": config("@astrojs/vercel/edge", "hybrid"), ...PAGES });
    expect(shapes(await discoverProject(edge))).toEqual(["vercel:src/pages/api/time.ts edge endpoint [GET]"]);
  });
});

describe("Astro page frontmatter as code", () => {
  it("keeps each frontmatter line where it is written, inside the render function; imports stay at the top", () => {
    const view = astroModule(
      "---\nimport Card from '../components/Card.astro';\nimport {\n  db,\n} from '../lib/db';\nexport const prerender = false;\nconst rows = await db.query(`select ${'1'}`);\nif (!rows) return Astro.redirect('/');\nimport late from 'late';\n---\n<Card rows={rows} />\n",
    ).split("\n");
    expect(view[0]).toBe("");
    expect(view[1]).toBe("import Card from '../components/Card.astro';");
    expect(view[4]).toBe("} from '../lib/db'; import late from 'late'; export default async function $$render(Astro: any) {");
    expect(view[5]).toBe("       const prerender = false;");
    expect(view[6]).toBe("const rows = await db.query(`select ${'1'}`);");
    expect(view[8]).toBe("                        ");
    expect(view[9]).toBe("}");
    expect(view[10]).toBe("");
    expect(astroModule("<h1>No frontmatter</h1>\n")).toBe("export default async function $$render(Astro: any) {}\n");
  });

  it("ends imports written without a semicolon before the render function starts", () => {
    const view = astroModule("---\nimport { Button } from '../components/button'\nimport '../styles/site.css'\n\nconst title = 'Home'\nimport late from 'late'\n---\n<h1>{title}</h1>\n").split("\n");
    expect(view[2]).toBe("import '../styles/site.css'; import late from 'late'; export default async function $$render(Astro: any) {");
  });

  it("a database client made in a page's frontmatter is made per request; a fetch there is found at its line", async () => {
    const root = writeProject({
      "package.json": pkg({ "@astrojs/vercel": "^8.2.0", "@prisma/client": "^6.10.1" }),
      "astro.config.mjs": config("@astrojs/vercel", "server"),
      "src/pages/[id].astro":
        "---\n// The product page\nimport { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconst res = await fetch('https://api.example.com/x');\n---\n<p>{Astro.params.id}</p>\n<script>fetch('/client-side-is-not-checked');</script>\n",
    });
    const result = await runAudit({ root, today: "2025-12-01" });
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`).sort()).toEqual([
      "db/client-per-invocation src/pages/[id].astro:4:16",
      "timeout/fetch-no-signal src/pages/[id].astro:5:19",
      "timeout/no-max-duration astro.config.mjs:6:12",
    ]);
    // The code frame shows the page as written.
    expect(result.excerpts["src/pages/[id].astro"]?.[3]).toBe("import { PrismaClient } from '@prisma/client';");
  });
});

describe("Astro apps coldstart does not audit, and why", () => {
  const notesOf = async (files: Record<string, string>, platforms?: Record<string, "vercel" | "cloudflare-workers">) => {
    const project = await discoverProject(writeProject(files), { platforms });
    return { project, notes: (project.notes ?? []).map((n) => `${n.at.file}:${n.at.line} ${n.message}`) };
  };

  it("a static site (the default output, nothing on demand): no functions, and a note saying so", async () => {
    const { project, notes } = await notesOf({ "package.json": pkg({}), "astro.config.mjs": config(undefined), "src/pages/index.astro": PAGES["src/pages/index.astro"] });
    expect(project.functions).toEqual([]);
    expect(notes).toEqual([
      "astro.config.mjs:1 Astro builds this site ahead of time (`output` is static and no page sets `export const prerender = false`): every page is prerendered at build time, so there are no serverless functions to audit",
    ]);
  });

  it("on-demand routes without an adapter: undecided, naming both ways to decide; coldstart's `platform` decides it", async () => {
    const files = { "package.json": pkg({}), "astro.config.mjs": config(undefined, "server"), ...PAGES };
    const { project, notes } = await notesOf(files);
    expect(project.functions).toEqual([]);
    expect(notes).toEqual([
      "astro.config.mjs:1 Astro app, but where it deploys is not decided: its config names no deploy adapter, so coldstart cannot tell where its routes run and audits none of them. " +
        "Choose the adapter in astro.config.mjs (for example `adapter: cloudflare()` with `import cloudflare from '@astrojs/cloudflare'`), or tell coldstart with \"platform\": \"cloudflare-workers\" (or \"vercel\") in its config file (coldstart.config.json).",
    ]);
    const hinted = await notesOf(files, { ".": "cloudflare-workers" });
    expect(shapes(hinted.project)).toEqual([
      "cloudflare-workers:src/pages/api/time.ts workerd endpoint [GET]",
      "cloudflare-workers:src/pages/index.astro workerd page [default]",
    ]);
  });

  it("@astrojs/node and @astrojs/netlify: a note each, no functions", async () => {
    const node = await notesOf({ "package.json": pkg({ "@astrojs/node": "^9.2.0" }), "astro.config.mjs": config("@astrojs/node", "server"), ...PAGES });
    expect(node.project.functions).toEqual([]);
    expect(node.notes).toEqual([
      "astro.config.mjs:6 Astro app deploys with @astrojs/node: a long-running Node.js server, not serverless functions, so there is nothing for coldstart to audit here (it audits Vercel, Cloudflare Workers and AWS Lambda functions)",
    ]);
    const netlify = await notesOf({ "package.json": pkg({ "@astrojs/netlify": "^6.4.0" }), "astro.config.mjs": config("@astrojs/netlify"), ...PAGES });
    expect(netlify.notes[0]).toMatch(/^astro\.config\.mjs:5 Astro app deploys with @astrojs\/netlify: Netlify Functions, which coldstart does not audit/);
  });
});
