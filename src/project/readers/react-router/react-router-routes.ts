import path from "node:path";
import type { ts as TS } from "ts-morph";
import type { ScanContext } from "../../context.js";
import { matchesGlob } from "../../source/glob.js";
import { calleeModule, literalAt, objectOf, readStaticConfig, resolveValue, where, type StaticConfig } from "../../source/static-config.js";
import { literalValue } from "../../source/typescript.js";

/** A route module: its file (relative to the package) and the URL path it serves. */
export interface RouteModule {
  rel: string;
  /** Unknown for modules found without a route config to place them. */
  path?: string;
  index?: boolean;
}

export interface RouteConfig {
  modules: RouteModule[];
  /** Parts of routes.ts that are not static (a computed list, a custom helper), with where they are. */
  unread: Array<{ line: number; column: number; what: string }>;
}

/** Route module extensions React Router and Remix accept (fs-routes routeModuleExts, less Markdown). */
const ROUTE_EXT = /\.(tsx|ts|jsx|js)$/;
const ROUTES_MODULE = /^@react-router\/dev\/routes$/;
const FS_ROUTES = /^@react-router\/fs-routes$|^@remix-run\/fs-routes$/;

function joinPath(base: string, segment: string | undefined): string {
  if (segment === undefined || segment === "") return base || "/";
  if (segment.startsWith("/")) return segment;
  return `${base === "/" ? "" : base}/${segment}`.replace(/\/+$/, "") || "/";
}

/**
 * React Router 7's app/routes.ts, read statically: `route()`, `index()`, `layout()` and `prefix()`
 * from @react-router/dev/routes, arrays and spreads, `flatRoutes()` for file-based routes, and
 * calls that wrap a list (`hydrogenRoutes([...])`). What cannot be read is reported, not guessed.
 */
export async function readRoutesFile(ctx: ScanContext, appDir: string, rel: string): Promise<RouteConfig | undefined> {
  const cfg = await readStaticConfig(ctx, rel);
  if (!cfg) return undefined;
  const out: RouteConfig = { modules: [], unread: [] };
  if (!cfg.exported) {
    out.unread.push({ line: 1, column: 1, what: "no `export default` of the route list" });
    return out;
  }
  walk(ctx, cfg, appDir, cfg.exported, "/", out, 0, new Set());
  return out;
}

/** How to name an expression in a note: a call by its callee (`autoRoutes()`), anything else by its first line. */
function describe(cfg: StaticConfig, e: TS.Expression): string {
  const text = cfg.ts.isCallExpression(e) ? `${e.expression.getText(cfg.sf)}()` : e.getText(cfg.sf).split("\n")[0]!;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `seen`: lists already walked (a list shared by two prefixes names the same modules; a list that spreads itself ends). */
function walk(ctx: ScanContext, cfg: StaticConfig, appDir: string, node: TS.Expression, base: string, out: RouteConfig, depth: number, seen: Set<TS.Node>): void {
  const { ts } = cfg;
  const e = resolveValue(cfg, node);
  if (depth > 20 || seen.has(e)) return;
  seen.add(e);
  if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements) walk(ctx, cfg, appDir, ts.isSpreadElement(el) ? el.expression : el, base, out, depth + 1, seen);
    return;
  }
  if (ts.isCallExpression(e)) {
    const from = calleeModule(cfg, e);
    const str = (arg: TS.Expression | undefined) => {
      const v = arg && literalValue(ts, arg);
      return typeof v === "string" ? v : undefined;
    };
    const children = (args: readonly TS.Expression[]) => args.filter((a) => ts.isArrayLiteralExpression(resolveValue(cfg, a)));
    const file = (arg: TS.Expression | undefined) => {
      const v = str(arg);
      return v === undefined ? undefined : path.posix.normalize(path.posix.join(appDir, v.replace(/^\.\//, "")));
    };
    const add = (rel: string | undefined, routePath: string, index?: boolean) => {
      if (rel) out.modules.push({ rel, path: routePath, ...(index ? { index } : {}) });
      else out.unread.push({ ...where(cfg, e), what: describe(cfg, e) });
    };
    if (from && ROUTES_MODULE.test(from.module)) {
      const [a, b] = e.arguments;
      switch (from.imported) {
        case "route": {
          const routePath = joinPath(base, str(a));
          add(file(b), routePath);
          for (const c of children(e.arguments.slice(2))) walk(ctx, cfg, appDir, c, routePath, out, depth + 1, seen);
          return;
        }
        case "index":
          add(file(a), base, true);
          return;
        case "layout":
          add(file(a), base);
          for (const c of children(e.arguments.slice(1))) walk(ctx, cfg, appDir, c, base, out, depth + 1, seen);
          return;
        case "prefix":
          for (const c of children(e.arguments.slice(1))) walk(ctx, cfg, appDir, c, joinPath(base, str(a)), out, depth + 1, seen);
          return;
      }
    }
    if (from && FS_ROUTES.test(from.module) && from.imported === "flatRoutes") {
      const options = e.arguments[0] ? objectOf(cfg, e.arguments[0]) : undefined;
      const root = literalAt<string>(cfg, options, "string", "rootDirectory")?.value ?? "routes";
      const ignored = stringList(cfg, options, "ignoredRouteFiles");
      out.modules.push(...flatRoutes(ctx, appDir, root, ignored).map((m) => ({ ...m, path: joinPath(base, m.path!.slice(1)) })));
      return;
    }
    // A wrapper around a route list (`hydrogenRoutes([...])`): its list arguments are the routes.
    const lists = e.arguments.filter((arg) => {
      const v = resolveValue(cfg, arg);
      return ts.isArrayLiteralExpression(v) || ts.isCallExpression(v);
    });
    if (lists.length > 0) {
      for (const arg of lists) walk(ctx, cfg, appDir, arg, base, out, depth + 1, seen);
      return;
    }
  }
  out.unread.push({ ...where(cfg, e), what: describe(cfg, e) });
}

function stringList(cfg: StaticConfig, obj: TS.ObjectLiteralExpression | undefined, key: string): string[] {
  if (!obj) return [];
  const { ts } = cfg;
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p) || p.name.getText(cfg.sf).replace(/["']/g, "") !== key) continue;
    const list = resolveValue(cfg, p.initializer);
    if (!ts.isArrayLiteralExpression(list)) return [];
    return list.elements.map((el) => literalValue(ts, el)).filter((v): v is string => typeof v === "string");
  }
  return [];
}

/**
 * Remix v2 / React Router flat routes (fs-routes flatRoutes.ts): each file directly in
 * `<appDir>/<root>/`, and each folder there with a `route.*` (or `index.*`) module; `**\/.*` and
 * the ignored globs (relative to the app folder) left out.
 */
export function flatRoutes(ctx: ScanContext, appDir: string, root: string, ignored: string[]): RouteModule[] {
  const dir = path.posix.normalize(path.posix.join(appDir, root));
  const globs = ["**/.*", ...ignored];
  const isIgnored = (rel: string) => globs.some((g) => matchesGlob(path.posix.relative(appDir, rel), g));
  const byName = new Map<string, string>();
  for (const rel of ctx.files) {
    if (!rel.startsWith(`${dir}/`) || !ROUTE_EXT.test(rel) || /\.d\.[cm]?ts$/.test(rel)) continue;
    const parts = rel.slice(dir.length + 1).split("/");
    if (parts.length === 1) {
      if (!isIgnored(rel)) byName.set(parts[0]!.replace(ROUTE_EXT, ""), rel);
    } else if (parts.length === 2 && /^(route|index)\.(tsx|ts|jsx|js)$/.test(parts[1]!)) {
      const folder = `${dir}/${parts[0]}`;
      // A folder's route.* wins over its index.*.
      if (!isIgnored(folder) && (!byName.has(parts[0]!) || parts[1]!.startsWith("route"))) byName.set(parts[0]!, rel);
    }
  }
  return [...byName].map(([name, rel]) => ({ rel, ...flatRoutePath(name) }));
}

/** `blogs.$handle._index` -> `/blogs/:handle` (index); `_auth.login` -> `/login`; `$` -> `/*`; `[sitemap.xml]` -> `/sitemap.xml`. */
export function flatRoutePath(name: string): { path: string; index?: boolean } {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of name) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    if (ch === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += ch;
  }
  segments.push(current);
  const index = segments[segments.length - 1] === "_index";
  const kept: string[] = [];
  for (const raw of index ? segments.slice(0, -1) : segments) {
    let seg = raw.replace(/_$/, "");
    if (seg.startsWith("_") || seg === "") continue; // pathless layout
    const optional = /^\(.*\)$/.test(seg);
    if (optional) seg = seg.slice(1, -1);
    if (seg === "$") seg = "*";
    else if (seg.startsWith("$")) seg = `:${seg.slice(1)}`;
    seg = seg.replace(/\[([^\]]*)\]/g, "$1");
    kept.push(optional ? `${seg}?` : seg);
  }
  return { path: `/${kept.join("/")}`, ...(index ? { index } : {}) };
}
