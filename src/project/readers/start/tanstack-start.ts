import path from "node:path";
import type { ScanContext } from "../../context.js";
import { readText } from "../../files.js";
import type { FrameworkFile } from "../shared/framework-function.js";
import { callsOf, configFileNames, firstArgObject, firstFile, objectProp, readJsConfig, stringProp } from "../../source/js-config-scan.js";
import { moduleShape } from "../../source/module-shape.js";
import { isSource } from "../next/next.js";
import { addStartApp } from "./start-app.js";
import { readStartTarget } from "./start-target.js";
import { dependencyRange } from "../../source/package-json.js";

/** TanStack Start's packages (React, Solid, Vue, and the pre-1.0 name), and their Vite plugin modules. */
export const TANSTACK_START = ["@tanstack/react-start", "@tanstack/solid-start", "@tanstack/vue-start", "@tanstack/start"];
const PLUGINS = TANSTACK_START.flatMap((p) => [`${p}/plugin/vite`, `${p}/plugin`, `${p}/config`]);

const ROUTE_FACTORIES = ["createFileRoute", "createServerFileRoute", "createAPIFileRoute"];
const SERVER_ROUTE = /\bcreateServerFileRoute\s*\(|\bcreateAPIFileRoute\s*\(|\bserver\s*:\s*\{[\s\S]*\bhandlers\b/;
const ROUTE_PATH = /\bcreate(?:Server)?(?:File|API)Route\s*\(\s*(['"`])([^'"`]+)\1/;

export function usesTanStackStart(ctx: ScanContext): boolean {
  return TANSTACK_START.some((dep) => dependencyRange(ctx.packageJson, dep) !== undefined);
}

export async function discoverTanStackStart(ctx: ScanContext): Promise<void> {
  const dirs = await sourceDirs(ctx);
  const viteRel = firstFile(ctx, configFileNames("vite.config"));
  await addStartApp(ctx, {
    id: "tanstack-start",
    name: "TanStack Start",
    files: await serverFiles(ctx, dirs),
    target: await readStartTarget(ctx, PLUGINS),
    configRel: viteRel ?? firstFile(ctx, configFileNames("app.config")) ?? "package.json",
    configHow: `${viteRel ?? "vite.config.ts"} (\`cloudflare({ viteEnvironment: { name: "ssr" } })\` from @cloudflare/vite-plugin, or \`nitro({ preset: "vercel" })\` from nitro/vite)`,
    build: { external: ["virtual:*"] },
  });
}

interface SourceDirs {
  src: string;
  routes: string;
}

/**
 * `tanstackStart({ srcDirectory, router: { routesDirectory } })` (routes relative to the source
 * folder), else src/ and src/routes (app/ in the Vinxi-based versions, which had app.config).
 */
async function sourceDirs(ctx: ScanContext): Promise<SourceDirs> {
  const viteRel = firstFile(ctx, configFileNames("vite.config"));
  const vite = viteRel ? await readJsConfig(ctx, viteRel) : undefined;
  const call = vite ? callsOf(vite, PLUGINS)[0] : undefined;
  const options = vite && call ? firstArgObject(vite, call) : undefined;
  const clean = (p: string) => path.posix.normalize(p).replace(/^\.\/?|\/$/g, "") || ".";
  const declared = vite && stringProp(vite, options, "srcDirectory")?.value;
  const has = (dir: string) => ctx.files.some((f) => f.startsWith(`${dir}/routes/`));
  const src = declared ? clean(declared) : has("src") || !has("app") ? "src" : "app";
  const routes = vite && stringProp(vite, objectProp(vite, options, "router"), "routesDirectory")?.value;
  return { src, routes: clean(path.posix.join(src, routes ?? "routes")) };
}

/**
 * Server routes (`server: { handlers }` in createFileRoute, createServerFileRoute,
 * createAPIFileRoute), files defining server functions (`createServerFn`), the request
 * middleware of start.ts (global-middleware.ts before) and a custom server entry.
 */
async function serverFiles(ctx: ScanContext, dirs: SourceDirs): Promise<FrameworkFile[]> {
  const inside = (f: string, dir: string) => dir === "." || f.startsWith(`${dir}/`);
  const candidates = ctx.files.filter((f) => (inside(f, dirs.src) || inside(f, dirs.routes)) && isSource(f) && !/routeTree\.gen\.[jt]s$/.test(f));
  const out: FrameworkFile[] = [];
  for (const rel of candidates) {
    const local = dirs.src === "." ? rel : rel.slice(dirs.src.length + 1);
    const result = await readText(path.join(ctx.pkgRoot, rel), ctx.boundary);
    if (!result.ok) continue;
    const text = result.text;
    if (/^server\.[jt]sx?$/.test(local)) {
      out.push({ rel, role: "server-entry", handlers: ["default"] });
      continue;
    }
    if (/^(start|global-middleware)\.[jt]sx?$/.test(local) && /\bcreate(Start|Middleware)\b|registerGlobalMiddleware/.test(text)) {
      out.push({ rel, role: "middleware", handlers: (await moduleShape(rel, text)).exports });
      continue;
    }
    const endpoint = inside(rel, dirs.routes) && SERVER_ROUTE.test(text);
    const serverFn = /\bcreateServerFn\s*\(/.test(text);
    if (!endpoint && !serverFn) continue;
    // A page route's `Route` (component, loader) is not a handler; a server route's is.
    const serverFns = serverFn ? (await moduleShape(rel, text, ["createServerFn"])).exportsCalling : [];
    const routes = endpoint ? (await moduleShape(rel, text, ROUTE_FACTORIES)).exportsCalling : [];
    const file: FrameworkFile = { rel, role: endpoint ? "endpoint" : "server-function", handlers: [...routes, ...serverFns] };
    const route = endpoint ? ROUTE_PATH.exec(text)?.[2] : undefined;
    if (route) file.route = route;
    out.push(file);
  }
  return out;
}
