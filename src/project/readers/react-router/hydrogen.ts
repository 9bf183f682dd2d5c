import path from "node:path";
import { loc, type ScanContext } from "../../context.js";
import { emptyWorkersSettings } from "../shared/framework-deploy.js";
import { discoverReactRouter, type RouterHost } from "./react-router.js";
import { VERCEL_DEPS, type ReactRouterConfigs } from "./react-router-target.js";
import { saysVercel } from "../vercel/vercel-json.js";
import { callsFrom } from "../../source/static-config.js";
import { isRecord } from "../../context.js";
import { dependencyRange, installedVersion, packageJsonAt } from "../../source/package-json.js";

const HYDROGEN = "@shopify/hydrogen";

export function detectHydrogen(ctx: ScanContext): boolean {
  return [HYDROGEN, "@shopify/remix-oxygen"].some((d) => dependencyRange(ctx.packageJson, d) !== undefined);
}

/**
 * A Hydrogen storefront is a React Router (or Remix) app that Shopify Oxygen runs: Oxygen is
 * workerd, so the Workers rules apply, with the compatibility date Hydrogen's version implies
 * (mini-oxygen compat-date.ts: version YYYY.M -> YYYY-MM-01) and no compatibility flags, which
 * the project cannot change. Oxygen is part of a Shopify plan, so it is not priced as Workers.
 * A Hydrogen app deployed elsewhere (no Oxygen tooling) is read as any React Router app; one that
 * says it deploys to Vercel (vercel.json, the Vercel CLI, a Vercel-only package, or `platform`) is the
 * one Edge Function Vercel's Hydrogen preset builds of it.
 */
export async function discoverHydrogen(ctx: ScanContext): Promise<void> {
  await discoverReactRouter(ctx, { id: "hydrogen", host: (rr) => oxygenHost(ctx, rr) });
}

async function oxygenHost(ctx: ScanContext, rr: ReactRouterConfigs): Promise<RouterHost | undefined> {
  const oxygenPlugin = rr.configs.some(({ cfg }) => callsFrom(cfg, /^@shopify\/mini-oxygen(\/|$)/).length > 0);
  const tooling = ["@shopify/mini-oxygen", "@shopify/remix-oxygen", "@shopify/cli-hydrogen"].some((d) => dependencyRange(ctx.packageJson, d) !== undefined);
  const scripts = isRecord(ctx.packageJson?.scripts) && Object.values(ctx.packageJson.scripts).some((c) => typeof c === "string" && /\bshopify hydrogen (build|deploy)\b/.test(c));
  if (!oxygenPlugin && !tooling && !scripts) return undefined;
  // Vercel's React Router or Remix preset builds the app as any such app (Node.js functions).
  if (VERCEL_DEPS.some((d) => dependencyRange(ctx.packageJson, d) !== undefined)) return undefined;
  const server = ["server.ts", "server.js", "server.mjs"].find((f) => ctx.files.includes(f));
  const name = isRecord(ctx.packageJson) && typeof ctx.packageJson.name === "string" ? ctx.packageJson.name : path.basename(ctx.pkgRoot);
  // Vercel deploys a Hydrogen storefront as it is, Oxygen's worker entry and all, as one Edge Function
  // (its Hydrogen framework preset, @vercel/hydrogen): so when the package says it deploys to Vercel.
  if (ctx.platformHint === "vercel" || saysVercel(ctx)) {
    const at = ctx.files.includes("vercel.json") ? loc(ctx, path.join(ctx.pkgRoot, "vercel.json"), 1) : await packageJsonAt(ctx, []);
    return { target: { kind: "vercel", at, runtime: "edge" }, ...(server ? { serverEntry: server } : {}), unit: `one Vercel Edge Function (${name})` };
  }
  const settings = emptyWorkersSettings();
  const version = await installedVersion(ctx, HYDROGEN);
  const m = version && /^(\d{4})\.(\d{1,2})(?:[.-]|$)/.exec(version);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) settings.compatibilityDate = `${m[1]}-${m[2]!.padStart(2, "0")}-01`;
  const field = dependencyRange(ctx.packageJson, HYDROGEN) !== undefined ? HYDROGEN : "@shopify/remix-oxygen";
  const depAt = await packageJsonAt(ctx, [ctx.packageJson && isRecord(ctx.packageJson.dependencies) && field in ctx.packageJson.dependencies ? "dependencies" : "devDependencies", field]);
  // Oxygen decides the date and flags: located at the dependency that implies them, so no rule asks to add one.
  settings.locations.compatibilityDate = depAt;
  settings.locations.compatibilityFlags = depAt;
  return {
    target: {
      kind: "workers",
      at: depAt,
      configAt: depAt,
      settings,
      host: { id: "oxygen", name: "Shopify Oxygen", why: "Hydrogen storefronts run on Shopify Oxygen, which is included in Shopify plans: there is no per-request price to estimate" },
    },
    ...(server ? { serverEntry: server } : {}),
    unit: `one Oxygen worker (${name})`,
  };
}

