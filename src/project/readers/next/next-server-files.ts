import path from "node:path";
import type { ScanContext } from "../../context.js";
import { readText } from "../../files.js";
import { directiveOf, moduleShape } from "../../source/module-shape.js";
import { appRoute, isSource, nextDirs, nextRouteFiles, pagesRoute } from "./next.js";

/** A Next.js file whose code runs on the server per request, and what of it the server calls. */
export interface NextServerFile {
  rel: string;
  /** `route-handler`, `pages-api`, `middleware`, `proxy`, `page`, `layout`, `server-action`. */
  role: string;
  route: string | undefined;
  handlers: string[];
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const SEGMENT_UI = /\/(page|layout|template|default|not-found)\.(tsx|jsx|ts|js|mjs)$/;
const PER_REQUEST_PAGE_EXPORTS = ["getServerSideProps", "getInitialProps"];
const PAGES_ROUTER_SPECIAL = /^(_app|_document|_error|404|500)$/;

/**
 * Every file of a Next.js app that runs on the server when deployed as one server (OpenNext):
 * route handlers, pages/api, middleware and proxy, and the files that do server work of their own.
 *
 * Which pages count: an app-router page, layout, template, default or not-found file that is a
 * server component (no `"use client"`) and does server work in the file itself: its default
 * export is async (it awaits data), it exports `generateMetadata` or `generateViewport`, or it
 * holds an inline `"use server"` action. A pages-router page counts when it exports
 * `getServerSideProps` or `getInitialProps` (run per request), or `getStaticProps` with
 * `revalidate` (re-run on the server). Any file starting with `"use server"` is a server
 * actions file. A synchronous page that only renders async components from other files is not
 * counted; those components are audited through the pages that do count.
 */
export async function nextServerFiles(ctx: ScanContext): Promise<NextServerFile[]> {
  const { appDir, pagesDir } = nextDirs(ctx);
  const out: NextServerFile[] = nextRouteFiles(ctx).map((f) => ({
    rel: f.rel,
    role: f.kind === "app-route" ? "route-handler" : f.kind,
    route: f.route,
    handlers: [],
  }));
  const taken = new Set(out.map((f) => f.rel));
  const candidates = ctx.files.filter((rel) => isSource(rel) && !taken.has(rel));
  const read = await Promise.all(candidates.map(async (rel) => ({ rel, result: await readText(path.join(ctx.pkgRoot, rel), ctx.boundary) })));
  for (const { rel, result } of read) {
    if (!result.ok) continue;
    const text = result.text;
    const directive = directiveOf(text);
    if (directive === "use client") continue;
    if (directive === "use server") {
      out.push({ rel, role: "server-action", route: undefined, handlers: (await moduleShape(rel, text)).exports });
      continue;
    }
    if (appDir && rel.startsWith(`${appDir}/`) && SEGMENT_UI.test(rel)) {
      const segments = rel.slice(appDir.length + 1).split("/").slice(0, -1);
      if (segments.some((s) => s.startsWith("_"))) continue;
      const shape = await moduleShape(rel, text);
      const meta = shape.exports.filter((e) => e === "generateMetadata" || e === "generateViewport");
      if (!shape.defaultAsync && meta.length === 0 && !shape.inlineUseServer) continue;
      const role = /\/layout\.[a-z]+$/.test(rel) ? "layout" : "page";
      out.push({ rel, role, route: appRoute(segments), handlers: ["default", ...meta] });
    } else if (pagesDir && rel.startsWith(`${pagesDir}/`) && !rel.startsWith(`${pagesDir}/api/`)) {
      const name = path.posix.basename(rel).replace(/\.[^.]+$/, "");
      if (PAGES_ROUTER_SPECIAL.test(name) && name !== "_app") continue;
      const shape = await moduleShape(rel, text);
      const perRequest = shape.exports.filter((e) => PER_REQUEST_PAGE_EXPORTS.includes(e));
      const isr = shape.exports.includes("getStaticProps") && /\brevalidate\s*:/.test(text) ? ["getStaticProps"] : [];
      // `Page.getInitialProps = ...` is assigned, not exported.
      const assigned = /\.getInitialProps\s*=/.test(text) ? ["default"] : [];
      const handlers = [...perRequest, ...isr, ...assigned];
      if (handlers.length === 0) continue;
      out.push({ rel, role: "page", route: pagesRoute(rel.slice(pagesDir.length)), handlers });
    }
  }
  for (const f of out) if (f.handlers.length === 0 && f.role !== "server-action") f.handlers = defaultHandlers(f.role);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

function defaultHandlers(role: string): string[] {
  if (role === "middleware") return ["default", "middleware"];
  if (role === "proxy") return ["default", "proxy"];
  if (role === "pages-api") return ["default"];
  return HTTP_METHODS;
}
