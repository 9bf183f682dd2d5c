import type { ts as TS } from "ts-morph";
import type { ScanContext } from "../../context.js";
import { at, callsOf, configFileNames, firstArgObject, firstFile, objectProp, prop, readJsConfig, stringProp, type JsConfig } from "../../source/js-config-scan.js";
import type { Platform, SourceLocation } from "../../types.js";

/**
 * Where a Vite/Nitro-based full-stack app (TanStack Start, SolidStart) deploys, read from its
 * config without running it: a deployment plugin in vite.config (Cloudflare, Netlify), a Nitro
 * preset (vite.config's `nitro`, `nitro({ preset })`, nitro.config, app.config's `server.preset`),
 * TanStack Start's `tanstackStart({ target })`; else coldstart's config `platform`.
 */
export type StartTarget =
  | { kind: "platform"; platform: Platform; runtime: "nodejs" | "edge" | "workerd"; how: string; at: SourceLocation | undefined; nitro?: NitroCloudflare }
  | { kind: "server"; how: string; at: SourceLocation | undefined }
  | { kind: "elsewhere"; host: string; how: string; at: SourceLocation | undefined }
  | { kind: "undecided" };

/**
 * What a Nitro cloudflare preset adds to the Worker's settings when it writes the deployed wrangler
 * config: `nodejs_compat` with `cloudflare.nodeCompat` or `deployConfig`, and its compatibility date.
 */
export interface NitroCloudflare {
  nodeCompat: boolean;
  compatibilityDate: string | undefined;
  flags: string[];
}

/** Nitro presets by what they deploy to (nitro/src/presets; `_` and `-` are the same). */
const CLOUDFLARE = /^cloudflare(-module|-pages|-durable|-module-legacy|-pages-static)?$/;
const SERVER = /^(node|node-server|node-cluster|node-middleware|bun|deno-server|static|iis-node|iis-handler|cli|nitro-dev|nitro-prerender)$/;
const HOSTS: Record<string, string> = {
  netlify: "Netlify",
  "netlify-edge": "Netlify Edge Functions",
  "netlify-builder": "Netlify",
  "netlify-static": "Netlify",
  "deno-deploy": "Deno Deploy",
  firebase: "Firebase",
  "azure-swa": "Azure Static Web Apps",
  azure: "Azure",
  "azure-functions": "Azure Functions",
  "digital-ocean": "DigitalOcean",
  "aws-amplify": "AWS Amplify Hosting",
  "render-com": "Render",
  heroku: "Heroku",
  "flight-control": "FlightControl",
  koyeb: "Koyeb",
  "zeabur": "Zeabur",
  "zerops": "Zerops",
  "stormkit": "Stormkit",
  "genezio": "Genezio",
  "alwaysdata": "alwaysdata",
  "cleavr": "Cleavr",
  "github-pages": "GitHub Pages",
  "gitlab-pages": "GitLab Pages",
};

export function presetTarget(preset: string, how: string, where: SourceLocation | undefined): StartTarget {
  const p = preset.trim().toLowerCase().replace(/_/g, "-");
  if (CLOUDFLARE.test(p)) return { kind: "platform", platform: "cloudflare-workers", runtime: "workerd", how, at: where };
  if (p === "vercel" || p === "vercel-static") return { kind: "platform", platform: "vercel", runtime: "nodejs", how, at: where };
  if (p === "vercel-edge") return { kind: "platform", platform: "vercel", runtime: "edge", how, at: where };
  if (p === "aws-lambda" || p === "aws-lambda-streaming") return { kind: "platform", platform: "aws-lambda", runtime: "nodejs", how, at: where };
  if (SERVER.test(p)) return { kind: "server", how, at: where };
  return { kind: "elsewhere", host: HOSTS[p] ?? `the "${preset}" preset's host`, how, at: where };
}

const CLOUDFLARE_PLUGIN = ["@cloudflare/vite-plugin"];
const NETLIFY_PLUGINS = ["@netlify/vite-plugin-tanstack-start", "@netlify/vite-plugin"];
const NITRO_PLUGINS = ["nitro/vite", "nitropack/vite"];

/** Reads the target from the app's config files; `startPlugins` are the framework's own Vite plugin modules. */
export async function readStartTarget(ctx: ScanContext, startPlugins: readonly string[]): Promise<StartTarget> {
  const viteRel = firstFile(ctx, configFileNames("vite.config"));
  const vite = viteRel ? await readJsConfig(ctx, viteRel) : undefined;
  if (vite) {
    const cloudflare = callsOf(vite, CLOUDFLARE_PLUGIN)[0];
    if (cloudflare) return { kind: "platform", platform: "cloudflare-workers", runtime: "workerd", how: `cloudflare() from @cloudflare/vite-plugin in ${viteRel}`, at: at(ctx, vite, cloudflare) };
    const netlify = callsOf(vite, NETLIFY_PLUGINS)[0];
    if (netlify) return { kind: "elsewhere", host: "Netlify", how: `the Netlify plugin in ${viteRel}`, at: at(ctx, vite, netlify) };
    for (const call of callsOf(vite, startPlugins)) {
      const target = stringProp(vite, firstArgObject(vite, call), "target");
      if (target) return presetTarget(target.value, `target "${target.value}" in ${viteRel}`, at(ctx, vite, target.node));
    }
    const options = [objectProp(vite, vite.root, "nitro"), ...callsOf(vite, NITRO_PLUGINS).map((c) => firstArgObject(vite, c))];
    const found = withPreset(vite, options);
    if (found) return withNitro(vite, found.options, presetTarget(found.preset.value, `Nitro preset "${found.preset.value}" in ${viteRel}`, at(ctx, vite, found.preset.node)));
  }
  for (const base of ["app.config", "nitro.config"]) {
    const rel = firstFile(ctx, configFileNames(base));
    const cfg = rel ? await readJsConfig(ctx, rel) : undefined;
    // SolidStart 1 reads `server`; its 0.x versions `start.server`.
    const options = cfg && (base === "app.config" ? [objectProp(cfg, cfg.root, "server"), objectProp(cfg, objectProp(cfg, cfg.root, "start"), "server")] : [cfg.root]);
    const found = cfg && options && withPreset(cfg, options);
    if (found) return withNitro(cfg, found.options, presetTarget(found.preset.value, `Nitro preset "${found.preset.value}" in ${rel}`, at(ctx, cfg, found.preset.node)));
  }
  return { kind: "undecided" };
}

function withPreset(cfg: JsConfig, candidates: Array<TS.ObjectLiteralExpression | undefined>) {
  for (const options of candidates) {
    const preset = nitroPreset(cfg, options);
    if (preset && options) return { preset, options };
  }
  return undefined;
}

/** A Cloudflare target with what its Nitro options add to the Worker's settings. */
function withNitro(cfg: JsConfig, options: TS.ObjectLiteralExpression, target: StartTarget): StartTarget {
  if (target.kind !== "platform" || target.platform !== "cloudflare-workers") return target;
  const own = objectProp(cfg, options, "config") ?? options;
  const cloudflare = objectProp(cfg, own, "cloudflare");
  const on = (key: string) => prop(cfg, cloudflare, key)?.kind === cfg.ts.SyntaxKind.TrueKeyword;
  const wrangler = objectProp(cfg, cloudflare, "wrangler");
  const flags = prop(cfg, wrangler, "compatibility_flags");
  const dates = prop(cfg, own, "compatibilityDate");
  const date = stringProp(cfg, own, "compatibilityDate")?.value ?? (dates && cfg.ts.isObjectLiteralExpression(dates) ? (stringProp(cfg, dates, "cloudflare") ?? stringProp(cfg, dates, "default"))?.value : undefined);
  return {
    ...target,
    nitro: {
      nodeCompat: on("nodeCompat") || on("deployConfig"),
      compatibilityDate: stringProp(cfg, wrangler, "compatibility_date")?.value ?? date,
      flags: flags && cfg.ts.isArrayLiteralExpression(flags) ? flags.elements.flatMap((e) => (cfg.ts.isStringLiteral(e) ? [e.text] : [])) : [],
    },
  };
}

/** `preset` in a Nitro options object, or in its `config` (the Vite plugin's form). */
function nitroPreset(cfg: JsConfig, options: TS.ObjectLiteralExpression | undefined): { value: string; node: TS.Node } | undefined {
  return stringProp(cfg, options, "preset") ?? stringProp(cfg, objectProp(cfg, options, "config"), "preset");
}
