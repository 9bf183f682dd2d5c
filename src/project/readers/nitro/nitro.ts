import path from "node:path";
import { addConfigFile, addNote, isRecord, loc, type ScanContext } from "../../context.js";
import { addFrameworkFunctions, vercelEnv, type DeployTarget, type FrameworkFile } from "../shared/framework-deploy.js";

import { nitroTarget, type NitroSetup } from "./nitro-preset.js";
import { literalAt, objectOf, property, readStaticConfig, type StaticConfig } from "../../source/static-config.js";
import { literalValue, propertyName } from "../../source/typescript.js";
import { autoImported, buildOf, SCANNED, type Layout } from "./nitro-build.js";
import { dependencyRange } from "../../source/package-json.js";

export const NUXT_CONFIG = /^nuxt\.config\.(ts|js|mjs|mts|cjs|cts)$/;
export const NITRO_CONFIG = /^nitro\.config\.(ts|js|mjs|mts|cjs|cts)$/;
const NUXT_DEPS = ["nuxt", "nuxt-nightly", "nuxt3"];
const NITRO_DEPS = ["nitropack", "nitropack-nightly", "nitro", "nitro-nightly"];
const METHOD_ENV = /(\.(?<method>connect|delete|get|head|options|patch|post|put|trace))?(\.(?<env>dev|prod|prerender))?$/;

export function detectNitro(ctx: ScanContext): boolean {
  return [...NUXT_DEPS, ...NITRO_DEPS].some((d) => dependencyRange(ctx.packageJson, d) !== undefined) || ctx.files.some((f) => NUXT_CONFIG.test(f) || NITRO_CONFIG.test(f));
}

export async function discoverNitro(ctx: ScanContext): Promise<void> {
  const configRel = ctx.files.find((f) => NUXT_CONFIG.test(f)) ?? ctx.files.find((f) => NITRO_CONFIG.test(f));
  const nuxt = configRel ? NUXT_CONFIG.test(configRel) : NUXT_DEPS.some((d) => dependencyRange(ctx.packageJson, d) !== undefined);
  const cfg = configRel ? await readStaticConfig(ctx, configRel) : undefined;
  if (configRel) addConfigFile(ctx, path.join(ctx.pkgRoot, configRel), "framework-config");
  const nitroNode = cfg && nuxt ? property(cfg, cfg.root, "nitro") : undefined;
  const setup: NitroSetup = {
    kind: nuxt ? "nuxt" : "nitro",
    label: nuxt ? "Nuxt" : "Nitro",
    configRel,
    cfg,
    nitro: cfg ? (nuxt ? (nitroNode ? objectOf(cfg, nitroNode) : undefined) : cfg.root) : undefined,
    v3: !nuxt && dependencyRange(ctx.packageJson, "nitro") !== undefined,
  };
  const dirs = layout(ctx, setup);
  const files = scanHandlers(ctx, setup, dirs);
  if (files.length === 0) {
    // A package that only depends on Nuxt (a module's source) is not an app to deploy.
    if (!configRel) return;
    const at = loc(ctx, path.join(ctx.pkgRoot, configRel), 1);
    const looked = dirs.scan.length > 0 ? dirs.scan.map((d) => `${d === "." ? "" : `${d}/`}{api,routes,middleware}/`).join(", ") : "it sets no serverDir, and has no server.ts";
    addNote(ctx, path.resolve(ctx.root, at.file), at, `this ${setup.label} app has no server handlers (${looked}): its pages are rendered by the framework, and coldstart audits the server code you write`);
    return;
  }
  const target = await nitroTarget(ctx, setup);
  if (!target) return;
  const { env, regions } = await vercelEnv(ctx);
  if (target.kind === "vercel" && regions && target.settings) target.settings.regions ??= regions;
  const build = buildOf(ctx, dirs);
  const autoImports = await autoImported(ctx, setup, dirs);
  if (Object.keys(autoImports).length > 0) build.autoImports = autoImports;
  addFrameworkFunctions(ctx, { id: setup.kind, unit: unitName(ctx, target), build }, target, files, env);
}

function hasFiles(ctx: ScanContext, dir: string): boolean {
  return ctx.files.some((f) => f.startsWith(`${dir}/`));
}

/** A literal folder option, normalised: `./server/` -> `server`. */
function folder(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const clean = path.posix.normalize(value.replace(/\\/g, "/")).replace(/^\.\/|\/+$/g, "");
  return clean === "" ? "." : clean;
}

/**
 * Where a Nitro app's handlers are: Nuxt scans its serverDir (server/, or <srcDir>/server in Nuxt 3
 * with a srcDir) and each layer's; nitropack 2 scans srcDir (the root by default) and scanDirs;
 * Nitro 3 scans serverDir only when it is set (`true` is server/).
 */
function layout(ctx: ScanContext, setup: NitroSetup): Layout {
  const { cfg } = setup;
  const read = (key: string) => (cfg ? property(cfg, cfg.root, key) : undefined);
  const literal = (key: string) => {
    const node = read(key);
    return node && cfg ? literalValue(cfg.ts, node) : undefined;
  };
  const scanDirs = (() => {
    const node = cfg && (setup.kind === "nuxt" ? property(cfg, setup.nitro, "scanDirs") : read("scanDirs"));
    if (!node || !cfg || !cfg.ts.isArrayLiteralExpression(node)) return [];
    return node.elements.map((e) => folder(literalValue(cfg.ts, e))).filter((d): d is string => d !== undefined);
  })();
  if (setup.kind === "nuxt") {
    const nuxt4 = /^[\^~>=\s]*4/.test(dependencyRange(ctx.packageJson, "nuxt") ?? "") || (cfg ? literalAt<number>(cfg, cfg.root, "number", "future", "compatibilityVersion")?.value === 4 : false);
    const srcDir = folder(literal("srcDir")) ?? (nuxt4 && hasFiles(ctx, "app") ? "app" : ".");
    const serverDir = folder(literal("serverDir")) ?? (srcDir !== "." && !nuxt4 && hasFiles(ctx, `${srcDir}/server`) ? `${srcDir}/server` : "server");
    return { scan: [serverDir, ...layers(ctx, cfg), ...scanDirs], srcDir, serverDir };
  }
  if (setup.v3) {
    const server = literal("serverDir") ?? literal("srcDir");
    const serverDir = server === true ? "server" : folder(server);
    return { scan: [...(serverDir ? [serverDir] : []), ...scanDirs], srcDir: serverDir ?? ".", serverDir };
  }
  const srcDir = folder(literal("srcDir")) ?? ".";
  return { scan: [srcDir, ...scanDirs], srcDir, serverDir: srcDir };
}

/** Nuxt layers in the project: `layers/*` (auto-registered) and local `extends` paths, each with its server/. */
function layers(ctx: ScanContext, cfg: StaticConfig | undefined): string[] {
  const out = new Set<string>();
  for (const f of ctx.files) {
    const m = /^layers\/([^/]+)\/server\//.exec(f);
    if (m) out.add(`layers/${m[1]}/server`);
  }
  const ext = cfg && property(cfg, cfg.root, "extends");
  if (cfg && ext) {
    const items = cfg.ts.isArrayLiteralExpression(ext) ? [...ext.elements] : [ext];
    for (const item of items) {
      const dir = folder(literalValue(cfg.ts, item));
      if (dir && !dir.startsWith("..") && /^[./]|^[\w-]+\//.test(String(literalValue(cfg.ts, item))) && hasFiles(ctx, `${dir}/server`)) out.add(`${dir}/server`);
    }
  }
  return [...out];
}

/** Every handler file Nitro would route, as Nitro names its route (nitro src/scan.ts). */
function scanHandlers(ctx: ScanContext, setup: NitroSetup, dirs: Layout): FrameworkFile[] {
  const { cfg, nitro } = setup;
  const str = (key: string) => (cfg ? literalAt<string>(cfg, nitro, "string", key)?.value : undefined);
  const apiDir = folder(str("apiDir")) ?? "api";
  const routesDir = folder(str("routesDir")) ?? "routes";
  const apiBase = str("apiBaseURL") ?? "/api";
  const out: FrameworkFile[] = [];
  const seen = new Set<string>();
  for (const dir of dirs.scan) {
    const join = (sub: string) => (dir === "." ? sub : `${dir}/${sub}`);
    for (const rel of ctx.files) {
      if (!SCANNED.test(rel) || /\.d\.[cm]?ts$/.test(rel)) continue;
      if (rel.startsWith(`${join("middleware")}/`)) {
        out.push({ rel, role: "middleware", handlers: ["default"] });
        continue;
      }
      for (const [sub, prefix, role] of [[apiDir, apiBase, "api"], [routesDir, "/", "route"]] as const) {
        if (!rel.startsWith(`${join(sub)}/`)) continue;
        const named = routeOf(rel.slice(join(sub).length + 1), prefix);
        // Dev-only and prerender-only handlers are not deployed.
        if (named.env === "dev" || named.env === "prerender") continue;
        const key = `${named.route}\0${named.method ?? ""}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ rel, route: named.method ? `${named.method.toUpperCase()} ${named.route}` : named.route, role, handlers: ["default"] });
      }
    }
  }
  out.push(...configHandlers(ctx, setup, dirs), ...serverEntry(ctx, setup, dirs));
  return out;
}

/** nitro src/scan.ts scanServerRoutes: groups dropped, `[...x]` -> `**:x`, `[x]` -> `:x`, method and env suffixes split off. */
export function routeOf(file: string, prefix: string): { route: string; method?: string; env?: string } {
  let route = file
    .replace(/\.[A-Za-z]+$/, "")
    .replace(/\(([^(/\\]+)\)[/\\]/g, "")
    .replace(/\[\.{3}]/g, "**")
    .replace(/\[\.{3}([^\]]+)]/g, (_, p: string) => `**:${p.replace(/[^\w-]/g, "_")}`)
    .replace(/\[([^/\]]+)]/g, (_, p: string) => `:${p.replace(/[^\w-]/g, "_")}`);
  route = `/${[...prefix.split("/"), ...route.split("/")].filter(Boolean).join("/")}`;
  const m = METHOD_ENV.exec(route);
  let method: string | undefined;
  let env: string | undefined;
  if (m && m.index > 0) {
    route = route.slice(0, m.index);
    method = m.groups?.method;
    env = m.groups?.env;
  }
  route = route.replace(/\/index$/, "") || "/";
  return { route, ...(method ? { method } : {}), ...(env ? { env } : {}) };
}

/**
 * Handlers the Nitro options name: `handlers: [{ route, handler: "./x.ts" }]` and Nitro 3's
 * `routes: { "/x": "./x.ts" }`, resolved against srcDir; virtual ones (`#virtual-route`) have no file.
 */
function configHandlers(ctx: ScanContext, setup: NitroSetup, dirs: Layout): FrameworkFile[] {
  const { cfg, nitro } = setup;
  if (!cfg) return [];
  const out: FrameworkFile[] = [];
  const add = (handler: string | undefined, route: string | undefined, middleware: boolean) => {
    const rel = handler && !handler.startsWith("#") && resolveSource(ctx, path.posix.join(dirs.srcDir, handler.replace(/^~\//, "")));
    if (rel) out.push({ rel, ...(route ? { route } : {}), role: middleware ? "middleware" : "handler", handlers: ["default"] });
  };
  const list = property(cfg, nitro, "handlers");
  if (list && cfg.ts.isArrayLiteralExpression(list)) {
    for (const item of list.elements) {
      const obj = objectOf(cfg, item);
      add(literalAt<string>(cfg, obj, "string", "handler")?.value, literalAt<string>(cfg, obj, "string", "route")?.value, literalAt<boolean>(cfg, obj, "boolean", "middleware")?.value === true);
    }
  }
  const routes = property(cfg, nitro, "routes");
  const table = routes && objectOf(cfg, routes);
  for (const p of table?.properties ?? []) {
    if (!cfg.ts.isPropertyAssignment(p)) continue;
    const route = propertyName(cfg.ts, p.name);
    const value = literalValue(cfg.ts, p.initializer);
    add(typeof value === "string" ? value : literalAt<string>(cfg, objectOf(cfg, p.initializer), "string", "handler")?.value, route, false);
  }
  return out;
}

/** Nitro 3's server entry: `serverEntry`, or server.{ts,js,...} in serverDir or the root (nitro config/resolvers/paths.ts). */
function serverEntry(ctx: ScanContext, setup: NitroSetup, dirs: Layout): FrameworkFile[] {
  // Without a nitro.config, Nitro 3 is a Vite plugin of another framework (TanStack Start), whose server.ts is not Nitro's.
  if (!setup.v3 || !setup.configRel) return [];
  const { cfg } = setup;
  const named = cfg ? literalAt<string>(cfg, cfg.root, "string", "serverEntry")?.value : undefined;
  const candidates = named ? [named] : [...(dirs.serverDir && dirs.serverDir !== "." ? [`${dirs.serverDir}/server`] : []), "server"].flatMap((c) => [c, `${c}.node`]);
  for (const c of candidates) {
    const rel = resolveSource(ctx, c);
    if (rel) return [{ rel, role: "server-entry", handlers: ["default"] }];
  }
  return [];
}

function resolveSource(ctx: ScanContext, rel: string): string | undefined {
  const clean = path.posix.normalize(rel).replace(/^\.\//, "");
  if (ctx.files.includes(clean)) return clean;
  return [".ts", ".js", ".mts", ".mjs", ".tsx", ".jsx"].map((ext) => clean + ext).find((f) => ctx.files.includes(f));
}

function unitName(ctx: ScanContext, target: DeployTarget): string {
  const pkgName = isRecord(ctx.packageJson) && typeof ctx.packageJson.name === "string" ? ctx.packageJson.name : path.basename(ctx.pkgRoot);
  const name = target.kind === "workers" ? (target.settings.name ?? pkgName) : pkgName;
  const what = target.kind === "workers" ? "one Worker" : target.kind === "vercel" ? "one Vercel function" : "one Lambda function";
  return `${what} (${name})`;
}
