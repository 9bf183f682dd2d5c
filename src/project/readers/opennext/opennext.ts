import path from "node:path";
import { nodeCompatMode, V2_DATE } from "../../../audit/compat/workers-node.js";
import { addNote, addProblem, readOrReport, type ScanContext } from "../../context.js";
import { externalLambda, frameworkFunction, unitName, workerLabel, type DeployTarget, type FrameworkFile } from "../shared/framework-function.js";
import { nextMajorOf, runtimeOf } from "../next/next.js";
import { nextServerFiles, type NextServerFile } from "../next/next-server-files.js";
import { readOpenNextConfig, type OpenNextConfig } from "./opennext-config.js";
import { readSegmentConfig, type SegmentConfig } from "../next/segment-config.js";
import type { RuntimeKind } from "../../types.js";
import { readWorkersTarget, type WorkersTarget } from "../workers/wrangler.js";

/** A Next.js server file with what it declares about its runtime. */
interface ReadFile extends NextServerFile {
  segment: SegmentConfig;
  abs: string;
}

export async function discoverOpenNext(ctx: ScanContext): Promise<void> {
  const config = await readOpenNextConfig(ctx);
  const files = await readAll(ctx, await nextServerFiles(ctx));
  if (config.platform === "cloudflare") await onCloudflare(ctx, config, files);
  else await onAws(ctx, config, files);
}

function noServerCode(ctx: ScanContext, config: OpenNextConfig): void {
  addNote(ctx, path.resolve(ctx.root, config.at.file), config.at,
    `a Next.js app deployed with OpenNext for ${config.platform === "cloudflare" ? "Cloudflare" : "AWS"}, with no server code to audit: no route handlers, pages/api, middleware, "use server" files, or pages and layouts that do server work (async, generateMetadata)`);
}

async function readAll(ctx: ScanContext, files: NextServerFile[]): Promise<ReadFile[]> {
  const read = await Promise.all(
    files.map(async (f) => {
      const abs = path.join(ctx.pkgRoot, f.rel);
      const text = await readOrReport(ctx, abs);
      if (text === undefined) return undefined;
      let segment: SegmentConfig = {};
      try {
        segment = await readSegmentConfig(f.rel, text);
      } catch {
        // The engine reports a file the parser cannot read.
      }
      return { ...f, segment, abs };
    }),
  );
  return read.filter((f): f is ReadFile => f !== undefined);
}

const declaredRuntime = (f: ReadFile) => f.segment.runtime ?? f.segment.configRuntime;

/**
 * @opennextjs/cloudflare: the whole app (routes, server pages, server actions, middleware) is one
 * Worker running the Next.js server on workerd, with the wrangler config's date and flags.
 */
async function onCloudflare(ctx: ScanContext, config: OpenNextConfig, files: ReadFile[]): Promise<void> {
  const target = await readWorkersTarget(ctx);
  if (!target) {
    addProblem(ctx, path.resolve(ctx.root, config.at.file), config.at,
      "OpenNext for Cloudflare deploys with a wrangler config, and there is none in this package, so the Worker's compatibility date and flags are unknown. Instead, add wrangler.jsonc with `\"main\": \".open-next/worker.js\"`, a `compatibility_date` and `\"compatibility_flags\": [\"nodejs_compat\"]` (`npx opennextjs-cloudflare` writes one)");
  } else checkNodeCompat(ctx, target);
  const entry = customWorker(ctx, target);
  if (files.length === 0 && !entry) return noServerCode(ctx, config);
  const deploy: DeployTarget = { platform: "cloudflare-workers", workers: target?.settings, deployUnit: unitName(ctx, workerLabel("the OpenNext Worker", target)) };
  // A custom Worker wraps OpenNext's build output (to add scheduled or queue handlers): audit it, leaving that output out.
  if (entry) {
    const origin = { id: "opennext-cloudflare", targetAt: target!.positionOf(["main"]), build: { external: ["./.open-next/*", "../.open-next/*"] } };
    ctx.functions.push(frameworkFunction(ctx, deploy, { rel: entry, role: "worker-entry", handlers: ["default"] }, origin));
  }
  for (const f of files) {
    const runtime = declaredRuntime(f);
    if (runtime && /edge/.test(runtime.value) && f.role !== "middleware") {
      addProblem(ctx, f.abs, runtime,
        `\`runtime = "${runtime.value}"\` is not supported by OpenNext for Cloudflare (its docs and \`opennextjs-cloudflare migrate\` ask to remove it): Next.js builds the route for the Edge Runtime, apart from the Node.js server that OpenNext puts in the Worker. Instead, remove the runtime export; with OpenNext every route already runs in the Worker, on workerd`);
    }
    if (f.role === "proxy" || (f.role === "middleware" && runtime?.value === "nodejs")) {
      addProblem(ctx, f.abs, runtime ?? 1,
        `${f.role === "proxy" ? "proxy.ts always runs on Node.js, and" : "This middleware asks for the Node.js runtime;"} Node.js middleware is not supported by OpenNext for Cloudflare: \`opennextjs-cloudflare build\` stops with "Node.js middleware is not currently supported". Instead, ${f.role === "proxy" ? "keep this logic in middleware.ts, which runs on the edge runtime" : "remove `runtime: \"nodejs\"` so the middleware runs on the edge runtime"}`);
    }
    ctx.functions.push(frameworkFunction(ctx, deploy, fileOf(f), { id: "opennext-cloudflare", targetAt: config.at }));
  }
}

/** OpenNext's server needs Node.js compatibility with the v2 polyfills (compatibility date 2024-09-23 or later). */
function checkNodeCompat(ctx: ScanContext, target: WorkersTarget): void {
  const { compatibilityDate: date, compatibilityFlags: flags, locations } = target.settings;
  const mode = nodeCompatMode(date, flags);
  const flagsAt = locations.compatibilityFlags ?? locations.compatibilityDate ?? target.at;
  if (mode === "none" || mode === "als") {
    addProblem(ctx, target.configAbs, flagsAt,
      `OpenNext for Cloudflare needs Node.js compatibility, and ${path.basename(target.configAbs)} does not turn it on${date ? ` (compatibility_date ${date}, flags [${flags.join(", ")}])` : ""}: the Next.js server it bundles imports node:buffer, node:async_hooks, node:crypto and more, so the Worker fails to deploy or start. Instead, add "nodejs_compat" to compatibility_flags`);
  } else if (mode === "v1") {
    addProblem(ctx, target.configAbs, locations.compatibilityDate ?? flagsAt,
      `OpenNext for Cloudflare needs compatibility_date ${V2_DATE} or later with nodejs_compat (the full Node.js polyfills and globals); ${date ? `${date} is earlier` : "no date is set"}${flags.includes("no_nodejs_compat_v2") ? " and no_nodejs_compat_v2 turns them off" : ""}. Instead, set compatibility_date to ${V2_DATE} or later`);
  }
}

/**
 * @opennextjs/aws: the app is one Lambda server function (`default`), or several when
 * `functions` in open-next.config.ts splits routes out; an external middleware is deployed on
 * its own (Lambda@Edge). Memory, timeout and runtime are set by whatever deploys the build
 * output (SST, a CDK construct), not here.
 */
async function onAws(ctx: ScanContext, config: OpenNextConfig, files: ReadFile[]): Promise<void> {
  const wrapper = config.wrapper?.value;
  if (wrapper && !/^aws-lambda/.test(wrapper)) {
    const file = path.resolve(ctx.root, config.wrapper!.at.file);
    addNote(ctx, file, config.wrapper!.at, `OpenNext's server uses the \`${wrapper}\` wrapper, so the Next.js app runs as a long-lived ${wrapper === "node" ? "Node.js server (a container or VM)" : "server"}, not as serverless functions; coldstart audits Lambda, Vercel and Workers functions`);
    return;
  }
  if (files.length === 0) return noServerCode(ctx, config);
  const nextMajor = await nextMajorOf(ctx);
  const owner = (f: ReadFile): string => {
    const template = routeTemplate(f.rel);
    return config.functions.find((fn) => fn.routes.includes(template))?.name ?? "default";
  };
  for (const f of files) {
    const external = f.role === "middleware" && config.externalMiddleware !== undefined;
    const name = external ? "middleware" : owner(f);
    const deploy: DeployTarget = { platform: "aws-lambda", lambda: externalLambda(external ? "OpenNext's external middleware (Lambda@Edge)" : `OpenNext's server function "${name}"`), deployUnit: unitName(ctx, external ? "OpenNext's external middleware" : `OpenNext's server function "${name}"`) };
    const kind = f.role === "middleware" || f.role === "proxy" ? f.role : "app-route";
    const runtime: RuntimeKind = runtimeOf(kind, declaredRuntime(f)?.value, nextMajor, undefined);
    const split = config.functions.find((fn) => fn.name === name);
    const targetAt = external ? config.externalMiddleware : (split?.at ?? config.at);
    ctx.functions.push(frameworkFunction(ctx, deploy, { ...fileOf(f), runtime }, { id: "opennext-aws", targetAt }));
  }
}

function fileOf(f: ReadFile): FrameworkFile {
  return { rel: f.rel, role: f.role, route: f.route, handlers: f.handlers };
}

/** How open-next.config.ts names a route in `functions.<name>.routes`: `app/api/orders/route`, `pages/api/hello`. */
function routeTemplate(rel: string): string {
  return rel.replace(/^src\//, "").replace(/\.[^./]+$/, "");
}

/** `main` naming the project's own Worker (which imports .open-next/worker.js) rather than OpenNext's output. */
function customWorker(ctx: ScanContext, target: WorkersTarget | undefined): string | undefined {
  const main = target?.top.main;
  if (typeof main !== "string") return undefined;
  const rel = path.posix.normalize(path.posix.join(path.posix.dirname(path.relative(ctx.pkgRoot, target!.configAbs).split(path.sep).join("/")), main));
  return rel.startsWith(".open-next/") || !ctx.files.includes(rel) ? undefined : rel;
}
