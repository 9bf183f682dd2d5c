import path from "node:path";
import type { ts as TS } from "ts-morph";
import { addNote, loc, type ScanContext } from "../../context.js";
import { emptyWorkersSettings, platformConfigHint, workersTarget, type DeployTarget } from "../shared/framework-deploy.js";

import { literalAt, objectOf, property, type StaticConfig } from "../../source/static-config.js";
import type { SourceLocation, WorkersSettings } from "../../types.js";
import { literalValue } from "../../source/typescript.js";
import { packageJsonAt, scriptEnv, dependencyRange } from "../../source/package-json.js";
import { vercelOnlyDependency } from "../vercel/vercel-json.js";
import { readText, relativeTo } from "../../files.js";

/** Nitro's presets by what they build (nitro src/presets; names are kebab-cased as Nitro does). */
const WORKERS = new Set(["cloudflare", "cloudflare-module", "cloudflare-module-legacy", "cloudflare-durable", "cloudflare-pages", "cloudflare-worker"]);
const STATIC = new Set(["static", "cloudflare-pages-static", "vercel-static", "netlify-static", "github-pages", "gitlab-pages", "zeabur-static", "zerops-static", "nitro-prerender"]);
const NODE_SERVER = new Set([
  "node", "node-server", "node-cluster", "node-listener", "node-middleware", "bun", "deno-server", "deno-server-legacy", "heroku", "render-com",
  "digital-ocean", "koyeb", "platform-sh", "cleavr", "alwaysdata", "flight-control", "iis", "iis-handler", "iis-node", "zerops", "stormkit", "standard", "cli",
]);
/** Hosts with their own billing that coldstart does not price or audit. */
const HOSTS: Record<string, string> = {
  netlify: "Netlify Functions", "netlify-edge": "Netlify Edge Functions", "netlify-builder": "Netlify", "netlify-legacy": "Netlify",
  azure: "Azure", "azure-swa": "Azure Static Web Apps", "azure-functions": "Azure Functions", firebase: "Firebase", "firebase-app-hosting": "Firebase App Hosting",
  "deno-deploy": "Deno Deploy", "aws-amplify": "AWS Amplify Hosting", edgio: "Edgio", layer0: "Edgio", genezio: "Genezio", edgeone: "EdgeOne", "edgeone-pages": "EdgeOne Pages",
  zeabur: "Zeabur", winterjs: "WinterJS", "service-worker": "a browser service worker", zephyr: "Zephyr",
};

/** What Nitro's worker builds inject (nitro config/resolvers/unenv.ts, the `nodeless` preset's `inject`). */
const NITRO_GLOBALS = ["global", "process", "Buffer", "setImmediate", "clearImmediate", "performance", "PerformanceObserver", "BroadcastChannel"];

export type NitroKind = "nuxt" | "nitro";

/** What decided the preset, for the target's location and the notes. */
interface PresetChoice {
  name: string;
  at: SourceLocation;
  /** `nitro.preset "vercel" in nuxt.config.ts`, `NITRO_PRESET=vercel in the build script`. */
  how: string;
}

/** `cloudflare_module`, `cloudflareModule` -> `cloudflare-module` (Nitro kebab-cases preset names). */
export function normalizePreset(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();
}

export interface NitroSetup {
  kind: NitroKind;
  /** `Nuxt` or `Nitro`, for messages. */
  label: string;
  /** Relative config file, when there is one. */
  configRel: string | undefined;
  cfg: StaticConfig | undefined;
  /** The object holding Nitro's options: the config itself, or nuxt.config's `nitro`. */
  nitro: TS.ObjectLiteralExpression | undefined;
  /** Nitro 3 (`nitro` package) rather than nitropack 2. */
  v3: boolean;
}

/**
 * The deploy target of a Nitro app: the preset from a build script's NITRO_PRESET (which wins, as
 * in Nitro's loader), the config, a module that sets it, a platform config file; else
 * coldstart's `platform`. Undecided and non-serverless presets become a note and no target.
 */
export async function nitroTarget(ctx: ScanContext, setup: NitroSetup): Promise<DeployTarget | undefined> {
  const configAt = setup.configRel ? loc(ctx, path.join(ctx.pkgRoot, setup.configRel), 1) : await packageJsonAt(ctx, []);
  const choice = (await presetChoice(ctx, setup)) ?? hinted(ctx, configAt);
  if (!choice) {
    const host = setup.kind === "nuxt" ? await extendingApp(ctx) : undefined;
    if (host) {
      addNote(ctx, path.resolve(ctx.root, configAt.file), configAt,
        `this Nuxt layer is part of the app at ${host.config} (${host.how}): its server routes deploy with that app, not on their own, and coldstart does not yet read a layer's routes into the app, so they are not audited`);
      return undefined;
    }
    const where = setup.configRel ?? "the config";
    const key = setup.kind === "nuxt" ? "nitro: { preset: \"cloudflare-module\" }" : "preset: \"cloudflare-module\"";
    addNote(ctx, path.resolve(ctx.root, configAt.file), configAt,
      `this ${setup.label} app sets no ${setup.kind === "nuxt" ? "Nitro " : ""}preset, so \`${setup.kind === "nuxt" ? "nuxt" : "nitro"} build\` builds a Node.js server (Nitro's default, node-server) unless it runs on a host Nitro detects (Vercel, Cloudflare, Netlify...): coldstart cannot tell which, so its server routes are not audited. ` +
        `Set the preset in ${where} (\`${key}\`, or "vercel", "aws-lambda"), or ${platformConfigHint(ctx)} ("vercel", "aws-lambda")`);
    return undefined;
  }
  const name = normalizePreset(choice.name);
  const file = path.resolve(ctx.root, choice.at.file);
  if (WORKERS.has(name)) return nitroWorker(ctx, setup, choice);
  if (name === "vercel" || name === "vercel-edge") {
    const seconds = literalAt<number>(setup.cfg!, setup.nitro, "number", "vercel", "functions", "maxDuration");
    const memory = literalAt<number>(setup.cfg!, setup.nitro, "number", "vercel", "functions", "memory");
    const cfgAbs = setup.cfg?.abs ?? file;
    return {
      kind: "vercel",
      at: choice.at,
      runtime: name === "vercel-edge" ? "edge" : "nodejs",
      // Nitro writes the function's config itself: vercel.json `functions` keyed by source file do not reach it.
      advice: { maxDuration: "`vercel: { functions: { maxDuration: 30 } }` to the Nitro options (`nitro` in nuxt.config, or nitro.config)" },
      settings: {
        ...(seconds && setup.cfg ? { maxDuration: { seconds: seconds.value, at: loc(ctx, cfgAbs, seconds.at) } } : {}),
        ...(memory && setup.cfg ? { memory: { mb: memory.value, at: loc(ctx, cfgAbs, memory.at) } } : {}),
      },
    };
  }
  // aws-lambda-streaming: the same Lambda, its handler wrapped for response streaming.
  if (name === "aws-lambda" || name === "aws-lambda-streaming") return { kind: "lambda", at: choice.at, name: `the ${setup.label} app's Lambda (${name} preset)` };
  const app = `this ${setup.label} app`;
  if (STATIC.has(name)) {
    addNote(ctx, file, choice.at, `${app} builds a static site (${choice.how}): there is no server at runtime, so there are no functions to audit`);
  } else if (NODE_SERVER.has(name)) {
    addNote(ctx, file, choice.at, `${app} builds a Node.js server (${choice.how}), not serverless functions: coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions. To audit it as serverless, use the "cloudflare-module", "vercel" or "aws-lambda" preset`);
  } else {
    addNote(ctx, file, choice.at, `${app} deploys to ${HOSTS[name] ?? `the "${name}" preset's host`} (${choice.how}), which coldstart does not audit (it audits Vercel, Cloudflare Workers and AWS Lambda)`);
  }
  return undefined;
}

async function presetChoice(ctx: ScanContext, setup: NitroSetup): Promise<PresetChoice | undefined> {
  const fromScripts = await scriptPreset(ctx);
  if (fromScripts) return fromScripts;
  const { cfg, configRel } = setup;
  if (cfg && configRel) {
    const paths = setup.kind === "nuxt" ? [["nitro", "preset"], ["$production", "nitro", "preset"]] : [["preset"], ["$production", "preset"]];
    for (const keys of paths) {
      const found = literalAt<string>(cfg, cfg.root, "string", ...keys);
      if (found) return { name: found.value, at: loc(ctx, cfg.abs, found.at), how: `\`${keys.join(".")}: "${found.value}"\` in ${configRel}` };
    }
  }
  const hub = dependencyRange(ctx.packageJson, "@nuxthub/core");
  // NuxtHub before 0.10 deploys to Cloudflare Pages (its module sets the preset when none is given).
  if (hub && /^[\^~]?0\.[0-9](\.|$)/.test(hub)) {
    return { name: "cloudflare-pages", at: await packageJsonAt(ctx, ["dependencies", "@nuxthub/core"]), how: `@nuxthub/core ${hub}: NuxtHub deploys to Cloudflare Pages` };
  }
  // Nitro picks its preset from the host it builds on; a platform config in the package says which host that is.
  const wrangler = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"].find((f) => ctx.files.includes(f));
  if (wrangler) return { name: "cloudflare-module", at: loc(ctx, path.join(ctx.pkgRoot, wrangler), 1), how: `${wrangler}: Nitro builds for Cloudflare when it builds there` };
  if (ctx.files.includes("vercel.json")) return { name: "vercel", at: loc(ctx, path.join(ctx.pkgRoot, "vercel.json"), 1), how: "vercel.json: Nitro builds for Vercel when it builds there" };
  if (ctx.files.includes("netlify.toml")) return { name: "netlify", at: loc(ctx, path.join(ctx.pkgRoot, "netlify.toml"), 1), how: "netlify.toml: Nitro builds for Netlify when it builds there" };
  // A package that works only on Vercel (@vercel/functions, Web Analytics) says the app is built there.
  const vercelOnly = vercelOnlyDependency(ctx);
  if (vercelOnly) {
    const field = ["dependencies", "devDependencies"].find((f) => (ctx.packageJson?.[f] as Record<string, unknown> | undefined)?.[vercelOnly] !== undefined) ?? "dependencies";
    return { name: "vercel", at: await packageJsonAt(ctx, [field, vercelOnly]), how: `the ${vercelOnly} dependency, which works only on Vercel: Nitro builds for Vercel when it builds there` };
  }
  return undefined;
}

/**
 * The Nuxt app this package is a layer of, if any: an app in a folder above whose `layers/<name>/`
 * this is (Nuxt 3.12 and later register those layers itself), or whose nuxt.config names this
 * folder in `extends`.
 */
async function extendingApp(ctx: ScanContext): Promise<{ config: string; how: string } | undefined> {
  for (let dir = path.dirname(ctx.pkgRoot); dir.length >= ctx.root.length && dir.startsWith(ctx.root); dir = path.dirname(dir)) {
    const rel = path.relative(dir, ctx.pkgRoot).split(path.sep).join("/");
    for (const name of ["nuxt.config.ts", "nuxt.config.mts", "nuxt.config.js", "nuxt.config.mjs"]) {
      const abs = path.join(dir, name);
      const read = await readText(abs, ctx.boundary);
      if (!read.ok) continue;
      const config = relativeTo(ctx.root, abs);
      if (/^layers\/[^/]+$/.test(rel)) return { config, how: `Nuxt registers ${rel}, in its layers/ folder, as a layer` };
      const named = new RegExp(`\\bextends\\s*:[^\\]]*?["'\`](?:\\./)?${rel.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/?["'\`]`).test(read.text);
      if (named) return { config, how: `its \`extends\` names ./${rel}` };
      break;
    }
    if (dir === ctx.root) break;
  }
  return undefined;
}

/** NITRO_PRESET / SERVER_PRESET or `--preset` in package.json scripts: the build script's, else one all scripts agree on. */
async function scriptPreset(ctx: ScanContext): Promise<PresetChoice | undefined> {
  const found = scriptEnv(ctx, ["NITRO_PRESET", "SERVER_PRESET"]);
  const scripts = ctx.packageJson?.scripts as Record<string, unknown> | undefined;
  for (const [script, command] of Object.entries(scripts ?? {})) {
    if (typeof command !== "string" || !/\b(nuxi?|nitro|nitropack)\s+build\b/.test(command)) continue;
    const m = /--preset[=\s]+(['"]?)([\w.-]+)\1/.exec(command);
    if (m) found.push({ script, value: m[2]! });
  }
  if (found.length === 0) return undefined;
  const distinct = [...new Set(found.map((f) => normalizePreset(f.value)))];
  const pick = found.find((f) => f.script === "build") ?? (distinct.length === 1 ? found[0] : undefined);
  if (!pick) {
    const at = await packageJsonAt(ctx, ["scripts"]);
    addNote(ctx, path.resolve(ctx.root, at.file), at, `package.json scripts build with different Nitro presets (${distinct.join(", ")}); coldstart audits the one in the \`build\` script, and there is none: set \`nitro.preset\` in the config, or rename the script you deploy with to \`build\``);
    return undefined;
  }
  return { name: pick.value, at: await packageJsonAt(ctx, ["scripts", pick.script]), how: `the \`${pick.script}\` script's preset "${pick.value}"` };
}

function hinted(ctx: ScanContext, configAt: SourceLocation): PresetChoice | undefined {
  const hint = ctx.platformHint;
  if (!hint) return undefined;
  const name = hint === "cloudflare-workers" ? "cloudflare-module" : hint === "vercel" ? "vercel" : "aws-lambda";
  return { name, at: configAt, how: `coldstart's config \`platform: "${hint}"\`` };
}

/**
 * Whether Nitro builds with Node.js compatibility (nitro presets/cloudflare/utils.ts enableNodeCompat):
 * as `cloudflare.nodeCompat` says; unset, Nitro 3 turns it on, nitropack 2 only with `deployConfig`
 * (or a wrangler config that has the flag, read separately); NuxtHub turns it on.
 */
function nodeCompat(setup: NitroSetup, choice: PresetChoice): boolean {
  const cfg = setup.cfg;
  const explicit = cfg ? literalAt<boolean>(cfg, setup.nitro, "boolean", "cloudflare", "nodeCompat") : undefined;
  if (explicit) return explicit.value;
  if (setup.v3 || choice.how.includes("NuxtHub")) return true;
  return cfg ? literalAt<boolean>(cfg, setup.nitro, "boolean", "cloudflare", "deployConfig")?.value === true : false;
}

/** Whether Nitro writes the Worker's wrangler config (`cloudflare.deployConfig`; always in Nitro 3). */
function deployConfig(setup: NitroSetup): boolean {
  return setup.v3 || (setup.cfg !== undefined && literalAt<boolean>(setup.cfg, setup.nitro, "boolean", "cloudflare", "deployConfig")?.value === true);
}

/**
 * The app's Worker: the package's wrangler config, or what Nitro writes into
 * .output/server/wrangler.json without one (the config's compatibilityDate, nitropack 2's
 * 2024-04-03 fallback). When Nitro writes the config, `cloudflare.wrangler` in its options is
 * merged over the file's (defu: its scalars win, lists add up) and nodejs_compat is added when it
 * builds with Node.js compatibility.
 */
async function nitroWorker(ctx: ScanContext, setup: NitroSetup, choice: PresetChoice): Promise<DeployTarget> {
  const { cfg } = setup;
  const at = (node: TS.Node) => loc(ctx, cfg!.abs, cfg!.sf.getLineAndCharacterOfPosition(node.getStart(cfg!.sf)).line + 1);
  const target = await workersTarget(ctx, choice.at, () => {
    const settings = emptyWorkersSettings();
    const dateNode = cfg ? [["cloudflare"], ["default"], []].flatMap((k) => [property(cfg, setup.nitro, "compatibilityDate", ...k), property(cfg, cfg.root, "compatibilityDate", ...k)]).find(Boolean) : undefined;
    const date = dateNode && literalValue(cfg!.ts, dateNode);
    if (typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date)) settings.compatibilityDate = date;
    else if (!setup.v3) settings.compatibilityDate = "2024-04-03"; // nitropack 2's fallback when none is set
    // Located where it is written, or where the preset is: Nitro writes a date either way.
    settings.locations.compatibilityDate = dateNode ? at(dateNode) : choice.at;
    settings.locations.compatibilityFlags = choice.at;
    return settings;
  });
  if (target.kind !== "workers") return target;
  const settings: WorkersSettings = { ...target.settings, compatibilityFlags: [...target.settings.compatibilityFlags], bindings: { ...target.settings.bindings }, locations: { ...target.settings.locations } };
  const writes = deployConfig(setup) || !ctx.files.some((f) => /^wrangler\.(toml|jsonc?)$/.test(f));
  const inlineNode = cfg && writes ? property(cfg, setup.nitro, "cloudflare", "wrangler") : undefined;
  const inline = cfg && inlineNode ? objectOf(cfg, inlineNode) : undefined;
  if (cfg && inline) {
    const date = literalAt<string>(cfg, inline, "string", "compatibility_date");
    if (date) {
      settings.compatibilityDate = date.value;
      settings.locations.compatibilityDate = loc(ctx, cfg.abs, date.at);
    }
    const flags = property(cfg, inline, "compatibility_flags");
    if (flags && cfg.ts.isArrayLiteralExpression(flags)) {
      for (const f of flags.elements.map((e) => literalValue(cfg.ts, e))) if (typeof f === "string" && !settings.compatibilityFlags.includes(f)) settings.compatibilityFlags.push(f);
      settings.locations.compatibilityFlags = at(flags);
    }
    const hyperdrive = property(cfg, inline, "hyperdrive");
    if (hyperdrive && cfg.ts.isArrayLiteralExpression(hyperdrive)) {
      const names = hyperdrive.elements.map((e) => literalAt<string>(cfg, objectOf(cfg, e), "string", "binding")?.value).filter((b): b is string => b !== undefined);
      settings.bindings.hyperdrive = [...settings.bindings.hyperdrive, ...names];
    }
  }
  if (writes && nodeCompat(setup, choice) && !settings.compatibilityFlags.includes("nodejs_compat")) settings.compatibilityFlags.push("nodejs_compat");
  const key = setup.kind === "nuxt" ? "nitro: { cloudflare: { nodeCompat: true } }" : "cloudflare: { nodeCompat: true }";
  settings.builtBy = { name: "Nitro", nodeCompat: { how: `set \`${key}\``, example: `${key},` }, globals: NITRO_GLOBALS };
  return { ...target, settings };
}
