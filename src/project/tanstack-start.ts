import path from "node:path";
import type { ScanContext } from "./context.js";
import { readText } from "./files.js";
import type { FrameworkFile } from "./framework-function.js";
import { callsOf, configFileNames, firstArgObject, firstFile, readJsConfig, stringProp } from "./js-config.js";
import { moduleShape } from "./module-shape.js";
import { dependencyRange, isSource } from "./next.js";
import { addStartApp } from "./start-app.js";
import { readStartTarget } from "./start-target.js";

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
  const srcDir = await sourceDir(ctx);
  const viteRel = firstFile(ctx, configFileNames("vite.config"));
  await addStartApp(ctx, {
    id: "tanstack-start",
    name: "TanStack Start",
    files: await serverFiles(ctx, srcDir),
    target: await readStartTarget(ctx, PLUGINS),
    configRel: viteRel ?? firstFile(ctx, configFileNames("app.config")) ?? "package.json",
    configHow: `${viteRel ?? "vite.config.ts"} (\`cloudflare({ viteEnvironment: { name: "ssr" } })\` from @cloudflare/vite-plugin, or \`nitro({ preset: "vercel" })\` from nitro/vite)`,
    build: { external: ["virtual:*"] },
  });
}

/** `tanstackStart({ srcDirectory })`, else src/ (app/ in the Vinxi-based versions, which had app.config). */
async function sourceDir(ctx: ScanContext): Promise<string> {
  const viteRel = firstFile(ctx, configFileNames("vite.config"));
  const vite = viteRel ? await readJsConfig(ctx, viteRel) : undefined;
  const call = vite ? callsOf(vite, PLUGINS)[0] : undefined;
  const declared = vite && call ? stringProp(vite, firstArgObject(vite, call), "srcDirectory")?.value : undefined;
  if (declared) return path.posix.normalize(declared).replace(/^\.\/?|\/$/g, "");
  const has = (dir: string) => ctx.files.some((f) => f.startsWith(`${dir}/routes/`));
  return has("src") || !has("app") ? "src" : "app";
}

/**
 * Server routes (`server: { handlers }` in createFileRoute, createServerFileRoute,
 * createAPIFileRoute), files defining server functions (`createServerFn`), the request
 * middleware of start.ts (global-middleware.ts before) and a custom server entry.
 */
async function serverFiles(ctx: ScanContext, srcDir: string): Promise<FrameworkFile[]> {
  const candidates = ctx.files.filter((f) => f.startsWith(`${srcDir}/`) && isSource(f) && !/routeTree\.gen\.[jt]s$/.test(f));
  const out: FrameworkFile[] = [];
  for (const rel of candidates) {
    const local = rel.slice(srcDir.length + 1);
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
    const endpoint = local.startsWith("routes/") && SERVER_ROUTE.test(text);
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
