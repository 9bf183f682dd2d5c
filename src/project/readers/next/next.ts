import path from "node:path";
import { loc, readOrReport, uniqueId, type ScanContext } from "../../context.js";
import { readText, relativeTo } from "../../files.js";
import { readSegmentConfig, type SegmentConfig } from "./segment-config.js";
import type { FunctionInfo, RuntimeKind, VercelSettings } from "../../types.js";
import { settingsFor, type VercelJson } from "../vercel/vercel-json.js";
import { NOT_FUNCTION_SOURCE, SOURCE_FILE } from "../../source/extensions.js";
import { installedVersion, majorOf } from "../../source/package-json.js";

const CODE = SOURCE_FILE;
const NOT_SOURCE = NOT_FUNCTION_SOURCE;
/**
 * Metadata files written as code (nextjs.org/docs/app/api-reference/file-conventions/metadata):
 * image routes anywhere in app/, sitemaps in any segment, robots and manifest at app/'s root.
 */
const METADATA_ROUTE = /^(?:(opengraph-image|twitter-image|icon|apple-icon)\.(?:tsx|ts|jsx|js)|(sitemap)\.(?:ts|js)|(robots|manifest)\.(?:ts|js))$/;
const METADATA_PATH: Record<string, string> = { sitemap: "sitemap.xml", robots: "robots.txt", manifest: "manifest.webmanifest" };
export const NEXT_CONFIG = /^next\.config\.(js|mjs|cjs|ts|mts)$/;


/** The `next` major: the installed version when present, else the lowest version the range allows. */
export async function nextMajorOf(ctx: ScanContext): Promise<number | undefined> {
  return majorOf(await installedVersion(ctx, "next"));
}


/** A Vercel function's shape: a default export or an exported HTTP-method handler. */
const HANDLER_SHAPE = /\bexport\s+(default\b|(async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b|const\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b|\{[^}]*\bas\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|default)\b)/;

export interface NextRouteFile {
  rel: string;
  kind: VercelSettings["kind"];
  route: string | undefined;
}

/** Where the app's routers live: Next.js ignores src/app (src/pages) when app (pages) exists at the root. */
export function nextDirs(ctx: ScanContext): { appDir: string | undefined; pagesDir: string | undefined } {
  const has = (dir: string) => ctx.files.some((f) => f.startsWith(`${dir}/`));
  return {
    appDir: has("app") ? "app" : has("src/app") ? "src/app" : undefined,
    pagesDir: has("pages") ? "pages" : has("src/pages") ? "src/pages" : undefined,
  };
}

/** Route handlers, pages/api files, middleware and proxy: the files Next.js deploys as functions whatever the platform. */
export function nextRouteFiles(ctx: ScanContext): NextRouteFile[] {
  const { appDir, pagesDir } = nextDirs(ctx);
  const found: NextRouteFile[] = [];
  for (const rel of ctx.files) {
    if (!isSource(rel)) continue;
    if (appDir && rel.startsWith(`${appDir}/`)) {
      const parts = rel.slice(appDir.length + 1).split("/");
      const segments = parts.slice(0, -1);
      if (segments.some((s) => s.startsWith("_"))) continue; // private folders are not routed
      const metadata = METADATA_ROUTE.exec(parts.at(-1)!);
      if (/^route\.(ts|tsx|js|jsx|mjs)$/.test(parts.at(-1)!)) found.push({ rel, kind: "app-route", route: appRoute(segments) });
      else if (metadata && (metadata[1] || metadata[2] || segments.length === 0)) {
        const name = metadata[1] ?? metadata[2] ?? metadata[3]!;
        found.push({ rel, kind: "metadata-route", route: appRoute([...segments, METADATA_PATH[name] ?? name]) });
      }
    } else if (pagesDir && rel.startsWith(`${pagesDir}/api/`)) {
      found.push({ rel, kind: "pages-api", route: pagesRoute(rel.slice(pagesDir.length)) });
    }
  }
  for (const base of ["", "src/"]) {
    for (const rel of ctx.files) {
      const m = /^(middleware|proxy)\.(ts|js|mjs|tsx|jsx)$/.exec(rel.slice(base.length));
      if (rel.startsWith(base) && m) found.push({ rel, kind: m[1] as "middleware" | "proxy", route: undefined });
    }
  }
  return found;
}

export function isSource(rel: string): boolean {
  return CODE.test(rel) && !NOT_SOURCE.test(rel);
}

export async function discoverNext(ctx: ScanContext, vercel: VercelJson | undefined): Promise<void> {
  await addAll(ctx, nextRouteFiles(ctx), await nextMajorOf(ctx), vercel);
}

/** Reads route files in parallel (a large app has hundreds), keeping the discovery order. */
async function addAll(
  ctx: ScanContext,
  found: NextRouteFile[],
  nextMajor: number | undefined,
  vercel: VercelJson | undefined,
): Promise<void> {
  const results = await Promise.all(found.map((item) => readVercelFunction(ctx, item.rel, item.kind, item.route, nextMajor, vercel)));
  for (const info of results) {
    if (!info) continue;
    info.id = uniqueId(ctx, info.id);
    ctx.functions.push(info);
  }
}

/** Plain Vercel functions: files under api/, except `_`-prefixed files and folders. */
export async function discoverVercelApi(ctx: ScanContext, vercel: VercelJson | undefined, needsHandlerShape: boolean): Promise<void> {
  let candidates = ctx.files
    .filter((rel) => rel.startsWith("api/") && isSource(rel))
    .filter((rel) => !rel.split("/").some((s) => s.startsWith("_")) && !/\.config\.[cm]?[jt]s$/.test(rel));
  if (needsHandlerShape) {
    // Without vercel.json or @vercel/* an api/ folder may be anything: keep files shaped like handlers.
    const texts = await Promise.all(candidates.map((rel) => readText(path.join(ctx.pkgRoot, rel), ctx.boundary)));
    candidates = candidates.filter((_, i) => {
      const t = texts[i]!;
      return t.ok && HANDLER_SHAPE.test(t.text) && !/\bmodule\.exports\b/.test(t.text);
    });
  }
  const found = candidates.map((rel) => ({ rel, kind: "vercel-api" as const, route: pagesRoute(`/${rel}`) }));
  await addAll(ctx, found, undefined, vercel);
}

export function appRoute(segments: string[]): string {
  const kept = segments.filter((s) => !(s.startsWith("(") && s.endsWith(")")) && !s.startsWith("@"));
  return `/${kept.join("/")}`;
}

export function pagesRoute(relFromPages: string): string {
  const route = relFromPages.replace(CODE, "").replace(/\/index$/, "");
  return route === "" ? "/" : route;
}

async function readVercelFunction(
  ctx: ScanContext,
  rel: string,
  kind: VercelSettings["kind"],
  route: string | undefined,
  nextMajor: number | undefined,
  vercel: VercelJson | undefined,
): Promise<FunctionInfo | undefined> {
  const abs = path.join(ctx.pkgRoot, rel);
  const text = await readOrReport(ctx, abs);
  if (text === undefined) return undefined;
  let segment: SegmentConfig = {};
  try {
    segment = await readSegmentConfig(rel, text);
  } catch {
    // A file the parser cannot read still runs with its defaults; the engine reports the parse error.
  }
  const fromJson = settingsFor(vercel, rel);
  const declared = segment.runtime ?? segment.configRuntime;
  const runtime = runtimeOf(kind, declared?.value, nextMajor, fromJson.runtime);
  const duration = segment.maxDuration ?? segment.configMaxDuration;
  const settings: VercelSettings = {
    kind,
    nextMajor,
    route,
    maxDuration: duration ? { seconds: duration.value, at: loc(ctx, abs, duration) } : fromJson.maxDuration,
    memory: fromJson.memory,
    runtimeAt: declared ? loc(ctx, abs, declared) : undefined,
    regions: segment.regions?.value ?? vercel?.regions,
  };
  if (vercel?.env) settings.env = vercel.env;
  return {
    id: `vercel:${relativeTo(ctx.root, abs)}`,
    platform: "vercel",
    runtime,
    entry: abs,
    config: declared ? loc(ctx, abs, declared) : loc(ctx, abs, 1),
    packageRoot: ctx.pkgRoot,
    vercel: settings,
    // An image or sitemap route renders in its default export, after its generate* function lists the variants.
    ...(kind === "metadata-route" ? { handlers: ["default", "generateImageMetadata", "generateSitemaps"] } : {}),
  };
}

/**
 * Middleware runs on the edge unless it opts into Node.js (Next 15.5+); proxy (Next 16) always
 * runs on Node.js; everything else runs on Node.js unless it declares `edge`.
 */
export function runtimeOf(kind: VercelSettings["kind"], declared: string | undefined, nextMajor: number | undefined, jsonRuntime: string | undefined): RuntimeKind {
  const isEdge = (v: string | undefined) => v === "edge" || v === "experimental-edge";
  if (kind === "proxy") return "nodejs";
  if (kind === "middleware") {
    if (declared === "nodejs" && (nextMajor === undefined || nextMajor >= 15)) return "nodejs";
    return "edge";
  }
  if (isEdge(declared)) return "edge";
  if (declared === undefined && jsonRuntime && /edge/.test(jsonRuntime)) return "edge";
  return "nodejs";
}
