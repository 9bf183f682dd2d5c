import path from "node:path";
import { addNote, loc, readOrReport, type ScanContext } from "../../context.js";
import { readAstroConfig, type AstroConfig } from "./astro-config.js";
import { addFrameworkFunction, exportedHandlers, frameworkApp, located, readAllExports } from "../shared/framework-functions.js";
import { decideTarget, packageLabel } from "../shared/framework-target.js";
import { readModuleExports, type ModuleExports } from "../../source/module-exports.js";
import { astroFrontmatter } from "../../source/astro-frontmatter.js";
import { WRANGLER_FILES } from "../workers/wrangler.js";

const ENDPOINT_HANDLERS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "ALL"];

interface AstroRoute {
  rel: string;
  route: string;
  kind: "page" | "endpoint";
}

export async function discoverAstro(ctx: ScanContext): Promise<void> {
  const config = await readAstroConfig(ctx);
  const pagesDir = `${config.srcDir}/pages`;
  const routes = ctx.files.flatMap((rel) => routeOf(rel, pagesDir));
  // Markdown and HTML pages have no server code of their own, but they make the package a site.
  const content = ctx.files.some((rel) => rel.startsWith(`${pagesDir}/`) && /\.(md|mdx|markdown|html)$/.test(rel));
  const exports = await readRouteExports(ctx, routes);
  const onDemand = routes.filter((r) => rendersOnDemand(config, exports.get(r.rel)));
  const find = (base: string) => [`${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`].find((f) => ctx.files.includes(f));
  const middleware = find(`${config.srcDir}/middleware`);
  const actions = find(`${config.srcDir}/actions`);
  if (routes.length === 0 && !actions && !content) return;
  if (onDemand.length === 0 && !actions) {
    // Its Worker (if it deploys to Cloudflare) serves the built files: the wrangler config's build-output `main` is the adapter's.
    if (config.choices.some((c) => c.kind === "cloudflare-workers")) for (const name of WRANGLER_FILES) if (ctx.files.includes(name)) ctx.claimed.add(path.join(ctx.pkgRoot, name));
    const how = config.server ? "every page opts into prerendering" : "`output` is static and no page sets `export const prerender = false`";
    const at = config.outputAt ?? config.fallbackAt;
    addNote(ctx, path.resolve(ctx.root, at.file), at.line, `Astro builds this site ahead of time (${how}): every page is prerendered at build time, so there are no serverless functions to audit`);
    return;
  }
  const decision = decideTarget(ctx, config.names, config.choices, config.fallbackAt);
  if (!decision.decided) return;
  notePrerendered(ctx, routes.filter((r) => !onDemand.includes(r)).map((r) => r.rel));
  const options = decision.decided.options;
  const wrangler = options.get("configPath")?.value;
  const app = await frameworkApp(ctx, "astro", config.names, decision, typeof wrangler === "string" ? wrangler : undefined, {
    external: ["astro:*", "virtual:*"],
  });
  const adapterAbs = path.resolve(ctx.root, decision.decided.at.file);
  const maxDuration = located(ctx, adapterAbs, options.get("maxDuration"));
  const edgeMiddleware = options.get("middlewareMode")?.value === "edge" || options.get("edgeMiddleware")?.value === true;
  // @astrojs/vercel renders every on-demand route in one function (Astro 4's `/edge` entry: one edge function).
  const runtime = decision.decided.kind === "vercel-edge" ? "edge" : "nodejs";
  const unit = app.workers?.unit ?? `one Vercel function (${packageLabel(ctx)})`;
  const file = (rel: string) => path.join(ctx.pkgRoot, rel);
  const vercel = (edge: boolean) => ({
    maxDuration: maxDuration && { seconds: maxDuration.value, at: maxDuration.at },
    advice: {
      maxDuration: `\`maxDuration: 30\` to the adapter's options in ${config.names.configFile} (one setting for the function that renders every on-demand route)`,
      ...(edge
        ? {
          leaveEdge: edgeMiddleware && decision.decided?.kind !== "vercel-edge"
            ? `run it in the function with the pages (remove \`${options.has("middlewareMode") ? "middlewareMode: 'edge'" : "edgeMiddleware: true"}\` from the adapter's options in ${config.names.configFile})`
            : `deploy with \`@astrojs/vercel\` instead of \`@astrojs/vercel/edge\`, whose function runs on Node.js`,
          edgeBundler: "@astrojs/vercel's edge build",
        }
        : {}),
    },
  });
  for (const r of onDemand) {
    const handlers = r.kind === "page" ? ["default"] : exportedHandlers(exports.get(r.rel), ENDPOINT_HANDLERS);
    addFrameworkFunction(ctx, app, { abs: file(r.rel), role: r.kind, route: r.route, handlers, runtime, deployUnit: unit, vercel: vercel(runtime === "edge"), config: app.targetAt });
  }
  if (actions) addFrameworkFunction(ctx, app, { abs: file(actions), role: "actions", handlers: ["server"], runtime, deployUnit: unit, vercel: vercel(runtime === "edge"), config: app.targetAt });
  // A Worker entry of the app's own wraps Astro's handler and may add scheduled or queue handlers.
  if (app.workers && config.workerEntry && ctx.files.includes(config.workerEntry)) {
    addFrameworkFunction(ctx, app, { abs: file(config.workerEntry), role: "worker-entry", handlers: ["createExports", "default"], deployUnit: unit });
  }
  if (middleware) {
    // Edge middleware is a function of its own, in front of every request.
    const edge = runtime === "edge" || (edgeMiddleware && !app.workers);
    const runtimeAt = edge && edgeMiddleware ? loc(ctx, adapterAbs, options.get("middlewareMode") ?? options.get("edgeMiddleware")!) : undefined;
    addFrameworkFunction(ctx, app, {
      abs: file(middleware),
      role: "middleware",
      handlers: ["onRequest"],
      runtime: edge ? "edge" : "nodejs",
      ...(edge && runtime !== "edge" ? {} : { deployUnit: unit }),
      vercel: { ...vercel(edge), ...(runtimeAt ? { runtimeAt } : {}) },
      config: runtimeAt ?? app.targetAt,
    });
  }
}

/** A file under src/pages as Astro routes it: `.astro` pages and `.ts`/`.js` endpoints; `_` hides a file or folder. */
function routeOf(rel: string, pagesDir: string): AstroRoute[] {
  if (!rel.startsWith(`${pagesDir}/`)) return [];
  const inside = rel.slice(pagesDir.length + 1);
  if (inside.split("/").some((s) => s.startsWith("_") || (s.startsWith(".") && s !== ".well-known"))) return [];
  const m = /^(.*)\.(astro|ts|js)$/.exec(inside);
  if (!m || /\.d$/.test(m[1]!)) return [];
  const route = `/${m[1]!.replace(/(^|\/)index$/, "")}`.replace(/\/$/, "") || "/";
  return [{ rel, route, kind: m[2] === "astro" ? "page" : "endpoint" }];
}

async function readRouteExports(ctx: ScanContext, routes: AstroRoute[]): Promise<Map<string, ModuleExports>> {
  const endpoints = await readAllExports(ctx, routes.filter((r) => r.kind === "endpoint").map((r) => r.rel));
  await Promise.all(
    routes
      .filter((r) => r.kind === "page")
      .map(async (r) => {
        const text = await readOrReport(ctx, path.join(ctx.pkgRoot, r.rel));
        if (text !== undefined) endpoints.set(r.rel, await readModuleExports(`${r.rel}.ts`, astroFrontmatter(text)));
      }),
  );
  return endpoints;
}

/** `output: "server"` renders on demand unless `prerender = true`; otherwise only `prerender = false` (or a value read at build time) does. */
function rendersOnDemand(config: AstroConfig, exports: ModuleExports | undefined): boolean {
  const prerender = exports?.values.get("prerender");
  if (prerender === undefined) return config.server;
  if (typeof prerender.value === "boolean") return !prerender.value;
  return true;
}

/** Routes built ahead of time are not functions: one note lists them. */
function notePrerendered(ctx: ScanContext, rels: string[]): void {
  if (rels.length === 0) return;
  const list = rels.slice(0, 5).join(", ") + (rels.length > 5 ? `, and ${rels.length - 5} more` : "");
  const what = rels.length === 1 ? "this route at build time: it is not a function, so it is not audited" : `${rels.length} routes at build time: they are not functions, so they are not audited: ${list}`;
  addNote(ctx, path.join(ctx.pkgRoot, rels[0]!), 0, `Astro prerenders ${what} (\`export const prerender = false\` renders a route on demand)`);
}
