import path from "node:path";
import { addNote, isRecord, loc, readOrReport, type ScanContext } from "../../context.js";
import { readText } from "../../files.js";
import { frameworkFunction, unitName, workerLabel, type DeployTarget, type FrameworkFile } from "../shared/framework-function.js";
import { callsOf, configFileNames, firstArgObject, firstFile, readJsConfig, stringProp } from "../../source/js-config-scan.js";
import { parseJsonc } from "../../formats/jsonc.js";
import { moduleShape } from "../../source/module-shape.js";
import { isSource } from "../next/next.js";
import type { SourceLocation } from "../../types.js";
import { readWorkersTarget, WRANGLER_FILES, type WorkersTarget } from "./wrangler.js";

/** The handlers Pages calls in a functions/ file: `onRequest` and one per HTTP method. */
const PAGES_HANDLER = /^onRequest(Get|Post|Put|Patch|Delete|Head|Options)?$/;
const WORKER_JS = /(^|\/)_worker\.js(\/index\.m?js)?$/;

/** Whether the package may be a Pages project: a functions/ folder, an `_worker.js`, or a wrangler config to look into. */
export function mayBePages(ctx: ScanContext): boolean {
  return ctx.files.some((f) => (f.startsWith("functions/") && isSource(f)) || WORKER_JS.test(f) || WRANGLER_FILES.includes(f));
}

/**
 * Cloudflare Pages: routes in functions/ (file-based: `[id].ts`, `[[path]].ts`, `_middleware.ts`),
 * or an `_worker.js` in the output folder (advanced mode, which makes Pages ignore functions/).
 * All of it is one Worker, with the settings of a wrangler config that has
 * `pages_build_output_dir`; without one they are set in the Pages dashboard.
 */
export async function discoverPages(ctx: ScanContext): Promise<void> {
  const config = await pagesConfig(ctx);
  const outDir = config?.outDir ?? (await scriptOutputDir(ctx));
  const routes = await functionRoutes(ctx);
  const worker = advancedWorker(ctx, outDir?.value);
  if (!config && !worker && routes.length === 0) return;

  const target: DeployTarget = { platform: "cloudflare-workers", workers: config?.target.settings, deployUnit: unitName(ctx, workerLabel("the Pages project", config?.target)) };
  const origin = { id: "cloudflare-pages", targetAt: config?.outDir.at ?? outDir?.at };
  const noteAt = (at: SourceLocation | undefined, message: string) => addNote(ctx, at ? path.resolve(ctx.root, at.file) : path.join(ctx.pkgRoot, "functions"), at ?? 0, message);
  if (worker) {
    if (routes.length > 0) noteAt(loc(ctx, path.join(ctx.pkgRoot, worker), 1), `functions/ is not deployed: with ${worker} in the output folder Pages runs that Worker alone (advanced mode) and ignores functions/`);
    ctx.functions.push(frameworkFunction(ctx, target, { rel: worker, role: "advanced-worker", handlers: ["default"] }, origin));
  } else if (routes.length > 0) {
    for (const route of routes) ctx.functions.push(frameworkFunction(ctx, target, route, origin));
  } else {
    const built = await honoBuildEntry(ctx);
    if (built) ctx.functions.push(frameworkFunction(ctx, target, { rel: built, role: "advanced-worker", handlers: ["default"] }, origin));
    else noteAt(config!.outDir.at, `a Cloudflare Pages project (pages_build_output_dir ${config!.outDir.value}) with no functions/ folder and no _worker.js in its source: a static site, or a Worker its build writes (build first to audit it)`);
  }
  if (!config && ctx.functions.length > 0) {
    noteAt(outDir?.at, "the compatibility date and flags of this Cloudflare Pages project: they are set in the Pages dashboard, which coldstart cannot read, so its Functions are audited as if none were set. Add a wrangler config with `pages_build_output_dir` to state them in the repository");
  }
}

interface PagesConfig {
  target: WorkersTarget;
  outDir: { value: string; at: SourceLocation };
}

/** The package's wrangler config, when it is a Pages config (it has `pages_build_output_dir`); Workers configs are left to the wrangler adapter. */
async function pagesConfig(ctx: ScanContext): Promise<PagesConfig | undefined> {
  const rel = WRANGLER_FILES.find((name) => ctx.files.includes(name));
  if (!rel) return undefined;
  const text = await readText(path.join(ctx.pkgRoot, rel), ctx.boundary);
  if (!text.ok || !/pages_build_output_dir/.test(text.text)) return undefined;
  const target = await readWorkersTarget(ctx);
  const value = target?.top.pages_build_output_dir;
  if (!target || typeof value !== "string") return undefined;
  return { target, outDir: { value, at: target.positionOf(["pages_build_output_dir"]) } };
}

/** The folder a `wrangler pages deploy <dir>` (or `pages dev <dir>`) script serves. */
async function scriptOutputDir(ctx: ScanContext): Promise<{ value: string; at: SourceLocation } | undefined> {
  const abs = path.join(ctx.pkgRoot, "package.json");
  const text = await readText(abs, ctx.boundary);
  if (!text.ok) return undefined;
  const parsed = parseJsonc(text.text);
  if (!parsed.ok || !isRecord(parsed.doc.value) || !isRecord(parsed.doc.value.scripts)) return undefined;
  const found = Object.entries(parsed.doc.value.scripts).flatMap(([name, command]) => {
    const m = typeof command === "string" ? /\bwrangler\s+pages\s+(deploy|publish|dev)\s+(?:--?[\w-]+(?:=\S+)?\s+)*([^\s-][^\s&|;]*)/.exec(command) : null;
    return m ? [{ name, verb: m[1]!, dir: m[2]! }] : [];
  });
  const best = found.find((f) => f.verb !== "dev") ?? found[0];
  return best ? { value: best.dir, at: loc(ctx, abs, parsed.doc.positionOf(["scripts", best.name])) } : undefined;
}

/** An `_worker.js` (file or folder) written in the repository, in the output folder when it is known. */
function advancedWorker(ctx: ScanContext, outDir: string | undefined): string | undefined {
  const dir = outDir ? path.posix.normalize(outDir).replace(/^\.\/?|\/$/g, "") : undefined;
  const candidates = ctx.files.filter((f) => WORKER_JS.test(f) && (dir === undefined || path.posix.dirname(f.replace(/\/index\.m?js$/, "")) === (dir || ".")));
  return candidates.sort((a, b) => a.length - b.length)[0];
}

/** Files in functions/ that export a Pages handler, with the route Pages gives each. */
async function functionRoutes(ctx: ScanContext): Promise<FrameworkFile[]> {
  const files = ctx.files.filter((f) => f.startsWith("functions/") && isSource(f));
  const read = await Promise.all(files.map(async (rel) => ({ rel, text: await readOrReport(ctx, path.join(ctx.pkgRoot, rel)) })));
  const out: FrameworkFile[] = [];
  for (const { rel, text } of read) {
    if (text === undefined || !/\bonRequest/.test(text)) continue;
    const handlers = (await moduleShape(rel, text)).exports.filter((e) => PAGES_HANDLER.test(e));
    if (handlers.length === 0) continue;
    const middleware = /(^|\/)_middleware\.[a-z]+$/.test(rel);
    out.push({ rel, role: middleware ? "middleware" : "route", route: pagesRoute(rel), handlers });
  }
  return out;
}

/** functions/api/users/[id].ts -> /api/users/:id; [[path]] -> /:path*; index and _middleware name their folder. */
function pagesRoute(rel: string): string {
  const parts = rel.slice("functions/".length).replace(/\.[^./]+$/, "").split("/");
  const last = parts[parts.length - 1];
  if (last === "index" || last === "_middleware") parts.pop();
  const route = parts.map((p) => p.replace(/^\[\[(.+)\]\]$/, ":$1*").replace(/^\[(.+)\]$/, ":$1")).join("/");
  return `/${route}`;
}

/** Hono's Pages build (`@hono/vite-build/cloudflare-pages`) writes _worker.js from this entry. */
async function honoBuildEntry(ctx: ScanContext): Promise<string | undefined> {
  const rel = firstFile(ctx, configFileNames("vite.config"));
  const cfg = rel ? await readJsConfig(ctx, rel) : undefined;
  const call = cfg ? callsOf(cfg, ["@hono/vite-build/cloudflare-pages", "@hono/vite-cloudflare-pages"])[0] : undefined;
  if (!cfg || !call) return undefined;
  const entry = stringProp(cfg, firstArgObject(cfg, call), "entry")?.value;
  const candidates = entry ? [path.posix.normalize(entry).replace(/^\.\//, "")] : ["src/index.tsx", "src/index.ts", "src/index.jsx", "src/index.js", "app/server.ts", "app/server.tsx"];
  return candidates.find((c) => ctx.files.includes(c));
}
