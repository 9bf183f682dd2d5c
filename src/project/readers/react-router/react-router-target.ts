import path from "node:path";
import { addNote, loc, type ScanContext } from "../../context.js";
import { emptyWorkersSettings, platformConfigHint, workersTarget, type DeployTarget } from "../shared/framework-deploy.js";
import { settingsOutsideProject } from "../shared/framework-target.js";
import { readWorkersTarget } from "../workers/wrangler.js";

import { callsFrom, where, type StaticConfig } from "../../source/static-config.js";
import type { SourceLocation } from "../../types.js";
import { packageJsonAt, dependencyRange } from "../../source/package-json.js";

/** Where a React Router or Remix app deploys, by its deploy adapter: the packages that decide it, in order. */
const WORKERS_DEPS = ["@cloudflare/vite-plugin", "@react-router/cloudflare", "@remix-run/cloudflare-pages", "@remix-run/cloudflare-workers", "@remix-run/cloudflare"];
export const VERCEL_DEPS = ["@vercel/react-router", "@vercel/remix", "@remix-run/vercel"];
const LAMBDA_DEPS = ["@react-router/architect", "@remix-run/architect"];
const NETLIFY_DEPS = ["@netlify/vite-plugin-react-router", "@netlify/remix-adapter", "@netlify/remix-edge-adapter", "@netlify/remix-runtime"];
const NODE_DEPS = ["@react-router/serve", "@react-router/express", "@remix-run/serve", "@remix-run/express", "express", "hono", "fastify", "@react-router/node", "@remix-run/node"];

export interface ReactRouterConfigs {
  /** `React Router` or `Remix`. */
  label: string;
  /** react-router.config.ts, remix.config.js and vite.config.ts, when present. */
  configs: Array<{ rel: string; cfg: StaticConfig }>;
}

/** The first config call from a module matching `module`, located. */
function configCall(ctx: ScanContext, rr: ReactRouterConfigs, module: RegExp): { at: SourceLocation; how: string } | undefined {
  for (const { rel, cfg } of rr.configs) {
    const call = callsFrom(cfg, module)[0];
    if (call) return { at: loc(ctx, cfg.abs, where(cfg, call)), how: `\`${call.expression.getText(cfg.sf)}()\` in ${rel}` };
  }
  return undefined;
}

async function dependency(ctx: ScanContext, names: string[]): Promise<{ at: SourceLocation; how: string } | undefined> {
  for (const name of names) {
    const range = dependencyRange(ctx.packageJson, name);
    if (range === undefined) continue;
    const field = ["dependencies", "devDependencies", "peerDependencies"].find((f) => (ctx.packageJson?.[f] as Record<string, unknown> | undefined)?.[name] !== undefined)!;
    return { at: await packageJsonAt(ctx, [field, name]), how: `the ${name} dependency` };
  }
  return undefined;
}

/** Whether the app deploys as a Cloudflare Pages project: its adapter, a Pages function that serves it, or a `wrangler pages` script. */
function onPages(ctx: ScanContext): boolean {
  if (dependencyRange(ctx.packageJson, "@remix-run/cloudflare-pages") !== undefined) return true;
  if (ctx.files.some((f) => /^functions\/\[\[[^\]/]+\]\]\.[jt]s$/.test(f))) return true;
  const scripts = ctx.packageJson?.scripts;
  return typeof scripts === "object" && scripts !== null && Object.values(scripts).some((s) => typeof s === "string" && /\bwrangler\s+pages\b/.test(s));
}

/**
 * The target of a React Router 7 or Remix app: a deploy preset or Vite plugin in its configs, an
 * adapter package, coldstart's `platform`; a Node server (react-router-serve, express) or a host
 * coldstart does not audit is a note, as is an app nothing decides.
 */
export async function reactRouterTarget(ctx: ScanContext, rr: ReactRouterConfigs): Promise<DeployTarget | undefined> {
  const workers = configCall(ctx, rr, /^@cloudflare\/vite-plugin$|^@react-router\/dev\/vite\/cloudflare$/) ?? (await dependency(ctx, WORKERS_DEPS));
  // Vercel builds a React Router or Remix app as functions even without its preset; vercel.json says it deploys there.
  const vercelJson = ctx.files.includes("vercel.json") ? { at: loc(ctx, path.join(ctx.pkgRoot, "vercel.json"), 1), how: "vercel.json" } : undefined;
  const vercel = configCall(ctx, rr, /^@vercel\/(react-router|remix)(\/|$)/) ?? (await dependency(ctx, VERCEL_DEPS)) ?? vercelJson;
  const lambda = await dependency(ctx, LAMBDA_DEPS);
  const netlify = configCall(ctx, rr, /^@netlify\//) ?? (await dependency(ctx, NETLIFY_DEPS));
  if (vercel) return { kind: "vercel", at: vercel.at, runtime: "nodejs", advice: { maxDuration: "`export const config = { maxDuration: 30 }` to the route module (vercelPreset() reads it per route)" } };
  if (workers) {
    // Remix on Cloudflare Pages without a wrangler config: the date and flags are the Pages project's, set in its dashboard.
    if (onPages(ctx) && !(await readWorkersTarget(ctx))) return { kind: "workers", at: workers.at, configAt: workers.at, settings: await settingsOutsideProject(ctx, rr.label, undefined, workers.at) };
    return workersTarget(ctx, workers.at, emptyWorkersSettings);
  }
  if (lambda) return { kind: "lambda", at: lambda.at, name: `the ${rr.label} app's Lambda (${lambda.how.replace(/^the | dependency$/g, "")})` };
  if (netlify) {
    addNote(ctx, path.resolve(ctx.root, netlify.at.file), netlify.at, `this ${rr.label} app deploys to Netlify (${netlify.how}), which coldstart does not audit (it audits Vercel, Cloudflare Workers and AWS Lambda)`);
    return undefined;
  }
  const hint = ctx.platformHint;
  const appAt = rr.configs[0] ? loc(ctx, rr.configs[0].cfg.abs, 1) : await packageJsonAt(ctx, []);
  if (hint === "cloudflare-workers") return workersTarget(ctx, appAt, emptyWorkersSettings);
  if (hint === "vercel") return { kind: "vercel", at: appAt, runtime: "nodejs", advice: { maxDuration: "`export const config = { maxDuration: 30 }` to the route module (vercelPreset() reads it per route)" } };
  if (hint === "aws-lambda") return { kind: "lambda", at: appAt, name: `the ${rr.label} app's Lambda` };
  const node = await dependency(ctx, NODE_DEPS);
  const how = `${platformConfigHint(ctx, "vercel")} (or "cloudflare-workers", "aws-lambda")`;
  if (node) {
    addNote(ctx, path.resolve(ctx.root, node.at.file), node.at,
      `this ${rr.label} app runs as a Node.js server (${node.how}), not as serverless functions, so its loaders and actions are not audited. ` +
        `If you deploy it to Vercel (which builds React Router apps as functions), add vercelPreset() from @vercel/react-router to react-router.config.ts, or set ${how}`);
    return undefined;
  }
  addNote(ctx, path.resolve(ctx.root, appAt.file), appAt,
    `this ${rr.label} app names no deploy target (no Cloudflare Vite plugin, vercelPreset(), or architect adapter), so coldstart cannot tell where its loaders and actions run. Add the target's adapter, or set ${how}`);
  return undefined;
}
