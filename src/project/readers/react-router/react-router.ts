import path from "node:path";
import type { ts as TS } from "ts-morph";
import { addConfigFile, addNote, isRecord, loc, type ScanContext } from "../../context.js";
import { readText } from "../../files.js";
import { addFrameworkFunctions, vercelEnv, type DeployTarget, type FrameworkFile } from "../shared/framework-deploy.js";

import { flatRoutes, readRoutesFile, type RouteModule } from "./react-router-routes.js";
import { reactRouterTarget, type ReactRouterConfigs } from "./react-router-target.js";
import { readSegmentConfig } from "../next/segment-config.js";
import { literalAt, property, readStaticConfig, type StaticConfig } from "../../source/static-config.js";
import type { FunctionInfo } from "../../types.js";
import { literalValue, loadTs, parseSource } from "../../source/typescript.js";
import { dependencyRange } from "../../source/package-json.js";

export const RR_CONFIG = /^react-router\.config\.(ts|js|mjs|mts)$/;
const REMIX_CONFIG = /^remix\.config\.(js|mjs|cjs|ts)$/;
const VITE_CONFIG = /^vite\.config\.(ts|js|mjs|mts|cjs|cts)$/;
const CODE_EXT = [".tsx", ".ts", ".jsx", ".js", ".mts", ".mjs"];

/** What a route module exports that runs on the server per request (React Router's route module API). */
const ROUTE_SERVER_EXPORTS = ["loader", "action", "middleware", "unstable_middleware", "headers"];
const ENTRY_SERVER_EXPORTS = ["default", "handleError", "handleDataRequest"];
const SERVER_ENTRY_EXPORTS = ["default", "onRequest", "onRequestGet", "onRequestPost", "handler"];

export function detectReactRouter(ctx: ScanContext): boolean {
  if (["@react-router/dev", "@remix-run/dev"].some((d) => dependencyRange(ctx.packageJson, d) !== undefined)) return true;
  return ctx.files.some((f) => RR_CONFIG.test(f) || REMIX_CONFIG.test(f));
}

/** How a framework app built on React Router deploys when its own adapter decides (Hydrogen on Oxygen). */
export interface RouterHost {
  target: DeployTarget;
  /** The server entry the host runs (Hydrogen's server.ts). */
  serverEntry?: string;
  unit: string;
}

/** `framework`: the adapter reading it (Hydrogen's), with the host it may deploy to. */
export async function discoverReactRouter(ctx: ScanContext, framework?: { id: string; host: (rr: ReactRouterConfigs) => Promise<RouterHost | undefined> }): Promise<void> {
  const remix = !ctx.files.some((f) => RR_CONFIG.test(f)) && dependencyRange(ctx.packageJson, "@react-router/dev") === undefined && (dependencyRange(ctx.packageJson, "@remix-run/dev") !== undefined || ctx.files.some((f) => REMIX_CONFIG.test(f)));
  const configs: ReactRouterConfigs["configs"] = [];
  for (const re of [RR_CONFIG, REMIX_CONFIG, VITE_CONFIG]) {
    const rel = ctx.files.find((f) => re.test(f));
    const cfg = rel ? await readStaticConfig(ctx, rel) : undefined;
    if (rel && cfg) {
      configs.push({ rel, cfg });
      if (re !== VITE_CONFIG) addConfigFile(ctx, cfg.abs, "framework-config");
    }
  }
  const rr: ReactRouterConfigs = { label: remix ? "Remix" : "React Router", configs };
  const options = appOptions(rr);
  if (options.ssr?.value === false) {
    const at = loc(ctx, options.ssr.cfg.abs, options.ssr.at);
    addNote(ctx, path.resolve(ctx.root, at.file), at, `\`ssr: false\`: this ${rr.label} app is a single-page app, with no server at runtime (loaders run at build time, if at all), so there are no functions to audit`);
    return;
  }
  const appDir = options.appDirectory ?? "app";
  const modules = await routeModules(ctx, rr, appDir, options.ignored, remix);
  const files = await serverFiles(ctx, appDir, modules);
  if (files.length === 0) {
    const at = configs[0] ? loc(ctx, configs[0].cfg.abs, 1) : loc(ctx, path.join(ctx.pkgRoot, "package.json"), 1);
    addNote(ctx, path.resolve(ctx.root, at.file), at, `this ${rr.label} app has no route module that exports a loader, action, middleware or headers, and no entry.server: nothing of its own runs on the server per request`);
    return;
  }
  const hosted = framework ? await framework.host(rr) : undefined;
  const target = hosted?.target ?? (await reactRouterTarget(ctx, rr));
  if (!target) return;
  const entry = hosted?.serverEntry ?? (await serverEntry(ctx, target));
  if (entry) {
    const handlers = await exportsOf(ctx, entry, SERVER_ENTRY_EXPORTS);
    files.push({ rel: entry, role: "server-entry", handlers: handlers.length > 0 ? handlers : ["default"] });
  }
  // Vercel's React Router preset splits routes by their config; a host's build (Hydrogen's) is one function.
  if (target.kind === "vercel" && !hosted) await perRouteVercel(ctx, target, files);
  const pkgName = isRecord(ctx.packageJson) && typeof ctx.packageJson.name === "string" ? ctx.packageJson.name : path.basename(ctx.pkgRoot);
  const unit = hosted?.unit ?? `${target.kind === "workers" ? "one Worker" : target.kind === "vercel" ? "one Vercel function" : "one Lambda function"} (${target.kind === "workers" ? (target.settings.name ?? pkgName) : pkgName})`;
  // The server build a Worker or server entry imports (virtual:react-router/server-build, Remix's ./build/server) exists only after a build.
  const build: NonNullable<FunctionInfo["build"]> = {
    alias: { "~": path.join(ctx.pkgRoot, appDir) },
    external: ["virtual:*", "@remix-run/dev/server-build", `${path.join(ctx.pkgRoot, options.buildDirectory ?? "build")}/*`],
  };
  const { env } = await vercelEnv(ctx);
  addFrameworkFunctions(ctx, { id: framework?.id ?? (remix ? "remix" : "react-router"), unit, build }, target, files, env);
}

interface AppOptions {
  appDirectory?: string;
  /** Where the server build is written (`buildDirectory`, Remix's `serverBuildPath` folder). */
  buildDirectory?: string;
  ignored: string[];
  ssr?: { value: boolean; at: { line: number; column: number }; cfg: StaticConfig };
}

/** `appDirectory`, `ssr` and Remix's `ignoredRouteFiles`, from react-router.config, remix.config or the remix() Vite plugin's options. */
function appOptions(rr: ReactRouterConfigs): AppOptions {
  const out: AppOptions = { ignored: [] };
  for (const { cfg } of rr.configs) {
    const { ts } = cfg;
    const objects: Array<TS.ObjectLiteralExpression | undefined> = [cfg.root];
    // vite.config: remix({ ... }) among the plugins.
    const plugins = property(cfg, cfg.root, "plugins");
    if (plugins && ts.isArrayLiteralExpression(plugins)) {
      for (const p of plugins.elements) {
        if (ts.isCallExpression(p) && /^(remix|reactRouter)$/.test(p.expression.getText(cfg.sf)) && p.arguments[0] && ts.isObjectLiteralExpression(p.arguments[0])) objects.push(p.arguments[0]);
      }
    }
    for (const obj of objects) {
      out.appDirectory ??= literalAt<string>(cfg, obj, "string", "appDirectory")?.value.replace(/^\.\//, "").replace(/\/+$/, "");
      out.buildDirectory ??= literalAt<string>(cfg, obj, "string", "buildDirectory")?.value ?? literalAt<string>(cfg, obj, "string", "serverBuildPath")?.value.replace(/\/[^/]*$/, "");
      const ssr = literalAt<boolean>(cfg, obj, "boolean", "ssr");
      if (ssr && !out.ssr) out.ssr = { ...ssr, cfg };
      const ignored = property(cfg, obj, "ignoredRouteFiles");
      if (ignored && ts.isArrayLiteralExpression(ignored)) out.ignored.push(...ignored.elements.map((e) => literalValue(ts, e)).filter((v): v is string => typeof v === "string"));
    }
  }
  return out;
}

/** The app's route modules: routes.ts (React Router 7), else the flat-routes convention, plus root. */
async function routeModules(ctx: ScanContext, rr: ReactRouterConfigs, appDir: string, ignored: string[], remix: boolean): Promise<RouteModule[]> {
  const modules: RouteModule[] = [];
  const root = resolveModule(ctx, `${appDir}/root`);
  if (root) modules.push({ rel: root, path: "/" });
  const routesFile = remix ? undefined : resolveModule(ctx, `${appDir}/routes`, [".ts", ".js", ".mts", ".mjs"]);
  // Routes defined in code coldstart does not run: every module under the routes folder stands in for them.
  const fallback = `coldstart audits the modules under ${appDir}/routes/ that export a loader, action, middleware or headers instead`;
  if (routesFile) {
    const config = await readRoutesFile(ctx, appDir, routesFile);
    for (const u of config?.unread ?? []) {
      addNote(ctx, path.join(ctx.pkgRoot, routesFile), u, `\`${u.what}\` in ${routesFile} is not a static route list (route(), index(), layout(), prefix() or flatRoutes()): ${fallback}`);
    }
    modules.push(...(config?.modules ?? []));
    if (config && config.unread.length > 0) modules.push(...everyModule(ctx, appDir));
  } else {
    modules.push(...flatRoutes(ctx, appDir, "routes", ignored));
    for (const { rel, cfg } of rr.configs) {
      const routes = property(cfg, cfg.root, "routes");
      if (routes && !RR_CONFIG.test(rel)) {
        const at = cfg.sf.getLineAndCharacterOfPosition(routes.getStart(cfg.sf));
        addNote(ctx, cfg.abs, { line: at.line + 1, column: at.character + 1 }, `the \`routes\` option in ${rel} defines routes in code, which coldstart does not run: ${fallback}`);
        modules.push(...everyModule(ctx, appDir));
      }
    }
  }
  const seen = new Set<string>();
  return modules.filter((m) => !seen.has(m.rel) && (seen.add(m.rel), true));
}

/** Every code file under the routes folder, its URL unknown. */
function everyModule(ctx: ScanContext, appDir: string): RouteModule[] {
  return ctx.files.filter((f) => f.startsWith(`${appDir}/routes/`) && /\.(tsx|ts|jsx|js)$/.test(f) && !/\.(d|test|spec)\.[a-z]+$/.test(f)).map((rel) => ({ rel }));
}

function resolveModule(ctx: ScanContext, base: string, exts = CODE_EXT): string | undefined {
  return exts.map((e) => base + e).find((f) => ctx.files.includes(f));
}

/** Route modules with server exports, and entry.server: each a function with the exports called per request. */
async function serverFiles(ctx: ScanContext, appDir: string, modules: RouteModule[]): Promise<FrameworkFile[]> {
  const files: FrameworkFile[] = [];
  const found = await Promise.all(modules.map((m) => exportsOf(ctx, m.rel, ROUTE_SERVER_EXPORTS)));
  modules.forEach((m, i) => {
    if (found[i]!.length > 0) files.push({ rel: m.rel, route: m.path, role: m.rel.startsWith(`${appDir}/root.`) ? "root" : "route", handlers: found[i]! });
  });
  const entry = resolveModule(ctx, `${appDir}/entry.server`);
  if (entry) {
    const handlers = await exportsOf(ctx, entry, ENTRY_SERVER_EXPORTS);
    files.push({ rel: entry, role: "entry-server", handlers: handlers.length > 0 ? handlers : ["default"] });
  }
  return files;
}

/** Which of `names` a module exports (declared, listed or re-exported). */
async function exportsOf(ctx: ScanContext, rel: string, names: string[]): Promise<string[]> {
  const abs = path.join(ctx.pkgRoot, rel);
  const text = await readText(abs, ctx.boundary);
  if (!text.ok || !names.some((n) => text.text.includes(n === "default" ? "export default" : n))) return [];
  const ts = await loadTs();
  const sf = parseSource(ts, abs, text.text);
  const out = new Set<string>();
  const has = (m: TS.Node, kind: TS.SyntaxKind) => ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === kind);
  for (const s of sf.statements) {
    if (ts.isExportAssignment(s)) out.add("default");
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && has(s, ts.SyntaxKind.ExportKeyword)) out.add(has(s, ts.SyntaxKind.DefaultKeyword) ? "default" : (s.name?.text ?? ""));
    else if (ts.isVariableStatement(s) && has(s, ts.SyntaxKind.ExportKeyword)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) out.add(d.name.text);
    } else if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) if (!el.isTypeOnly) out.add(el.name.text);
    }
  }
  return names.filter((n) => out.has(n));
}

/** The Worker's own entry when it is source (workers/app.ts, Remix's server.ts, a Pages function), not build output. */
async function serverEntry(ctx: ScanContext, target: DeployTarget): Promise<string | undefined> {
  if (target.kind === "workers") {
    const pages = ["functions/[[path]].ts", "functions/[[path]].js"].find((f) => ctx.files.includes(f));
    if (pages) return pages;
    const wranglerRel = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"].find((f) => ctx.files.includes(f));
    if (!wranglerRel) return undefined;
    const text = await readText(path.join(ctx.pkgRoot, wranglerRel), ctx.boundary);
    const main = text.ok ? /^\s*"?main"?\s*[:=]\s*["']([^"']+)["']/m.exec(text.text)?.[1] : undefined;
    const rel = main && path.posix.normalize(main).replace(/^\.\//, "");
    return rel ? (ctx.files.includes(rel) ? rel : resolveModule(ctx, rel.replace(/\.[^./]+$/, ""))) : undefined;
  }
  if (target.kind === "lambda") return resolveModule(ctx, "server");
  return undefined;
}

/**
 * On Vercel, each route's `export const config` may pick the edge runtime, a maxDuration or
 * regions (vercelPreset() bundles routes with the same config together).
 */
async function perRouteVercel(ctx: ScanContext, target: Extract<DeployTarget, { kind: "vercel" }>, files: FrameworkFile[]): Promise<void> {
  for (const file of files) {
    const abs = path.join(ctx.pkgRoot, file.rel);
    const text = await readText(abs, ctx.boundary);
    if (!text.ok) continue;
    let segment;
    try {
      segment = await readSegmentConfig(file.rel, text.text);
    } catch {
      continue;
    }
    const runtime = segment.configRuntime ?? segment.runtime;
    const duration = segment.configMaxDuration ?? segment.maxDuration;
    if (!runtime && !duration && !segment.regions) continue;
    const edge = runtime?.value === "edge";
    file.target = {
      kind: "vercel",
      at: runtime ? loc(ctx, abs, runtime) : target.at,
      runtime: edge ? "edge" : "nodejs",
      ...(target.advice ? { advice: target.advice } : {}),
      settings: {
        ...(duration ? { maxDuration: { seconds: duration.value, at: loc(ctx, abs, duration) } } : {}),
        ...(segment.regions ? { regions: segment.regions.value } : {}),
      },
    };
  }
}
