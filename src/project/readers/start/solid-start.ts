import path from "node:path";
import type { ts as TS } from "ts-morph";
import type { ScanContext } from "../../context.js";
import { readText } from "../../files.js";
import type { FrameworkFile } from "../shared/framework-function.js";
import { callsOf, configFileNames, firstArgObject, firstFile, readJsConfig, stringProp, type JsConfig } from "../../source/js-config-scan.js";
import { moduleShape } from "../../source/module-shape.js";
import { isSource } from "../next/next.js";
import { addStartApp } from "./start-app.js";
import { readStartTarget } from "./start-target.js";
import { dependencyRange } from "../../source/package-json.js";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** `solidStart()` (v2, in vite.config) and `defineConfig()` (v1, in app.config). */
const CONFIG_MODULES = ["@solidjs/start/config"];

export function usesSolidStart(ctx: ScanContext): boolean {
  return dependencyRange(ctx.packageJson, "@solidjs/start") !== undefined;
}

interface SolidOptions {
  appRoot: string;
  routeDir: string;
  middleware: string | undefined;
  configRel: string;
}

export async function discoverSolidStart(ctx: ScanContext): Promise<void> {
  const options = await solidOptions(ctx);
  const v1 = options.configRel.startsWith("app.config");
  await addStartApp(ctx, {
    id: "solid-start",
    name: "SolidStart",
    files: await serverFiles(ctx, options),
    target: await readStartTarget(ctx, CONFIG_MODULES),
    configRel: options.configRel,
    configHow: v1 ? `${options.configRel} (\`server: { preset: "cloudflare-module" }\`)` : `${options.configRel} (\`nitro: { preset: "cloudflare-module" }\`, or \`cloudflare()\` from @cloudflare/vite-plugin)`,
    build: { external: ["virtual:*"] },
  });
}

/** appRoot, routeDir and middleware from `solidStart({...})` (v2) or app.config's `defineConfig({...})` (v1). */
async function solidOptions(ctx: ScanContext): Promise<SolidOptions> {
  const out: SolidOptions = { appRoot: "src", routeDir: "routes", middleware: undefined, configRel: "vite.config.ts" };
  for (const base of ["app.config", "vite.config"]) {
    const rel = firstFile(ctx, configFileNames(base));
    const cfg = rel ? await readJsConfig(ctx, rel) : undefined;
    if (!rel || !cfg) continue;
    out.configRel = rel;
    const options = base === "app.config" ? cfg.root : startCall(cfg);
    const read = (key: string) => stringProp(cfg, options, key)?.value;
    const clean = (p: string) => path.posix.normalize(p).replace(/^\.\/?|\/$/g, "");
    out.appRoot = clean(read("appRoot") ?? out.appRoot);
    out.routeDir = clean(read("routeDir") ?? out.routeDir);
    const middleware = read("middleware");
    if (middleware) out.middleware = clean(middleware);
    return out;
  }
  return out;
}

function startCall(cfg: JsConfig): TS.ObjectLiteralExpression | undefined {
  const call = callsOf(cfg, CONFIG_MODULES)[0];
  return call ? firstArgObject(cfg, call) : undefined;
}

/**
 * API routes (route files exporting GET, POST, ...), server functions (a `"use server"` file, or
 * functions starting with `"use server"`), and the middleware file the config names.
 */
async function serverFiles(ctx: ScanContext, options: SolidOptions): Promise<FrameworkFile[]> {
  const routes = `${options.appRoot}/${options.routeDir}/`;
  const middleware = options.middleware && withExtension(ctx, options.middleware);
  const out: FrameworkFile[] = [];
  for (const rel of ctx.files.filter((f) => f.startsWith(`${options.appRoot}/`) && isSource(f))) {
    const result = await readText(path.join(ctx.pkgRoot, rel), ctx.boundary);
    if (!result.ok) continue;
    const text = result.text;
    if (rel === middleware) {
      out.push({ rel, role: "middleware", handlers: ["default"] });
      continue;
    }
    const api = rel.startsWith(routes) && /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/.test(text);
    if (!api && !/(['"])use server\1/.test(text)) continue;
    const shape = await moduleShape(rel, text);
    const methods = api ? shape.exports.filter((e) => HTTP_METHODS.includes(e)) : [];
    const serverFns = shape.directive === "use server" ? shape.exports : shape.serverExports;
    if (methods.length > 0) out.push({ rel, role: "endpoint", route: routeOf(rel.slice(routes.length)), handlers: [...methods, ...serverFns] });
    else if (shape.directive === "use server" || shape.inlineUseServer) out.push({ rel, role: "server-function", handlers: serverFns });
  }
  return out;
}

/** A middleware path from the config, as written (`src/middleware`) or with its extension. */
function withExtension(ctx: ScanContext, rel: string): string | undefined {
  return ctx.files.includes(rel) ? rel : ["ts", "tsx", "js", "jsx", "mjs"].map((ext) => `${rel}.${ext}`).concat(["ts", "js"].map((ext) => `${rel}/index.${ext}`)).find((f) => ctx.files.includes(f));
}

/** routes/api/users/[id].ts -> /api/users/[id]; `(group)` folders and index files add nothing. */
function routeOf(relFromRoutes: string): string {
  const parts = relFromRoutes.replace(/\.[^./]+$/, "").split("/").filter((p) => !/^\(.*\)$/.test(p));
  if (parts[parts.length - 1] === "index") parts.pop();
  return `/${parts.join("/")}`;
}
