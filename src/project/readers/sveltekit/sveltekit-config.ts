import path from "node:path";
import type { ts as TS } from "ts-morph";
import { addConfigFile, loc, readOrReport, type ScanContext } from "../../context.js";
import { type AdapterChoice, type FrameworkNames, type TargetKind } from "../shared/framework-target.js";
import { importedCalls, objectAt, parseJsConfig, positionOf, property, stringAt, type JsConfig } from "../../source/js-config.js";
import { readObject } from "../../source/module-exports.js";
import type { SourceLocation } from "../../types.js";
import { dependenciesLike, dependencyAt } from "../../source/package-json.js";

export const SVELTE_CONFIG = /^svelte\.config\.(js|mjs|cjs|ts|mts)$/;
const VITE_CONFIG = /^vite\.config\.(js|mjs|cjs|ts|mts|cts)$/;

/** What each deploy adapter does with a SvelteKit app. */
const ADAPTERS: Record<string, TargetKind> = {
  "@sveltejs/adapter-cloudflare": "cloudflare-workers",
  "@sveltejs/adapter-cloudflare-workers": "cloudflare-workers",
  "@sveltejs/adapter-vercel": "vercel",
  "@sveltejs/adapter-node": "server",
  "svelte-adapter-bun": "server",
  "svelte-adapter-deno": "server",
  "@sveltejs/adapter-static": "static",
  "@sveltejs/adapter-netlify": "netlify",
  "@sveltejs/adapter-auto": "auto",
  "svelte-kit-sst": "aws-lambda",
  "sveltekit-adapter-aws": "aws-lambda",
  "@yarbsemaj/adapter-lambda": "aws-lambda",
};

const isAdapterPackage = (name: string) => name in ADAPTERS || /^@sveltejs\/adapter-|(^|\/)svelte(kit)?-adapter-|adapter-sveltekit/.test(name);

/** A SvelteKit app's layout and deploy target, read from its config without running it. */
export interface SvelteKitConfig {
  names: FrameworkNames;
  /** Adapters the config may pick (several for `process.env.X ? a() : b()`), else the adapter dependencies. */
  choices: AdapterChoice[];
  /** Where to point when nothing names an adapter: the config file, else package.json. */
  fallbackAt: SourceLocation;
  /** Folders relative to the package. */
  routesDir: string;
  srcDir: string;
  /** `src/hooks.server`, without an extension. */
  hooksServer: string;
  /** Import aliases: `$lib` and `kit.alias`, values relative to the package. */
  alias: Record<string, string>;
}

/**
 * Reads the kit options from `sveltekit({...})` in vite.config (SvelteKit 2.62 and 3) or `kit` in
 * svelte.config.js (SvelteKit 1 and 2). The adapter is the call in `adapter:`; without one, the
 * `@sveltejs/adapter-*` dependencies say where the app goes.
 */
export async function readSvelteKitConfig(ctx: ScanContext): Promise<SvelteKitConfig> {
  const svelteFile = ctx.files.find((f) => SVELTE_CONFIG.test(f));
  const viteFile = scriptedViteConfig(ctx) ?? ctx.files.find((f) => VITE_CONFIG.test(f));
  const svelte = svelteFile ? await parseFile(ctx, svelteFile) : undefined;
  const vite = viteFile ? await parseFile(ctx, viteFile) : undefined;
  const fromVite = vite && sveltekitPluginOptions(vite);
  const fromSvelte = svelte && objectAt(svelte, svelte.exported, "kit");
  // Options given to the Vite plugin win; the rest still come from svelte.config.js.
  const sources: Array<{ cfg: JsConfig; kit: TS.ObjectLiteralExpression; file: string }> = [];
  if (vite && fromVite) sources.push({ cfg: vite, kit: fromVite, file: viteFile! });
  if (svelte && fromSvelte) sources.push({ cfg: svelte, kit: fromSvelte, file: svelteFile! });
  const first = <T>(read: (s: (typeof sources)[number]) => T | undefined): T | undefined => {
    for (const s of sources) {
      const value = read(s);
      if (value !== undefined) return value;
    }
    return undefined;
  };

  const configFile = (fromVite && property(vite, fromVite, "adapter") ? viteFile : undefined) ?? svelteFile ?? viteFile ?? "svelte.config.js";
  const names: FrameworkNames = {
    name: "SvelteKit",
    configFile,
    example: configFile.startsWith("vite.")
      ? "`adapter: adapter()` in `sveltekit({...})`, with `import adapter from '@sveltejs/adapter-cloudflare'`"
      : "`kit: { adapter: adapter() }` with `import adapter from '@sveltejs/adapter-cloudflare'`",
  };
  const adapterSource = sources.find((s) => property(s.cfg, s.kit, "adapter") !== undefined);
  let choices: AdapterChoice[] = [];
  if (adapterSource) {
    const { cfg, kit, file } = adapterSource;
    const abs = path.join(ctx.pkgRoot, file);
    const written = property(cfg, kit, "adapter")!;
    choices = importedCalls(cfg, written).map((c) => ({
      kind: ADAPTERS[c.module] ?? "unknown",
      module: c.module,
      at: loc(ctx, abs, c),
      options: c.options ? readObject(cfg.ts, cfg.sf, c.options) : new Map(),
    }));
    // An adapter written in the config itself (`{ name: "my-adapter", adapt() {...} }`) is one coldstart cannot know.
    if (choices.length === 0) choices.push({ kind: "unknown", module: inlineAdapterName(cfg, written), at: loc(ctx, abs, positionOf(cfg, written)), options: new Map() });
  }
  if (choices.length === 0) {
    const deps = dependenciesLike(ctx, isAdapterPackage);
    // One adapter besides adapter-auto is a strong signal; several leave it to the config.
    const real = deps.filter((d) => d !== "@sveltejs/adapter-auto");
    const picked = real.length === 1 ? real : real.length === 0 ? deps : [];
    for (const module of picked) choices.push({ kind: ADAPTERS[module] ?? "unknown", module, at: await dependencyAt(ctx, module), options: new Map() });
  }

  const srcDir = first((s) => stringAt(s.cfg, objectAt(s.cfg, s.kit, "files"), "src")) ?? "src";
  const files = (key: string) => first((s) => stringAt(s.cfg, objectAt(s.cfg, s.kit, "files"), key));
  const hooks = first((s) => stringAt(s.cfg, objectAt(s.cfg, s.kit, "files", "hooks"), "server"));
  const lib = files("lib") ?? `${srcDir}/lib`;
  const alias: Record<string, string> = { $lib: clean(lib) };
  for (const s of [...sources].reverse()) {
    const obj = objectAt(s.cfg, s.kit, "alias");
    for (const [key, value] of obj ? readObject(s.cfg.ts, s.cfg.sf, obj) : []) {
      // esbuild aliases name a package and its subpaths; `x/*` keys are covered by `x`.
      if (typeof value.value === "string" && !key.includes("*")) alias[key] = clean(value.value.replace(/\/\*$/, ""));
    }
  }
  const fallbackAt = loc(ctx, path.join(ctx.pkgRoot, svelteFile ?? viteFile ?? "package.json"), 1);
  return {
    names,
    choices,
    fallbackAt,
    routesDir: clean(files("routes") ?? `${srcDir}/routes`),
    srcDir: clean(srcDir),
    hooksServer: clean(hooks ?? `${srcDir}/hooks.server`),
    alias,
  };
}

function clean(rel: string): string {
  return path.posix.normalize(rel.replace(/^\.\//, "")).replace(/\/$/, "");
}

async function parseFile(ctx: ScanContext, rel: string): Promise<JsConfig | undefined> {
  const abs = path.join(ctx.pkgRoot, rel);
  addConfigFile(ctx, abs, "framework-config");
  const text = await readOrReport(ctx, abs);
  return text === undefined ? undefined : parseJsConfig(rel, text);
}

/** The options object passed to `sveltekit()` from `@sveltejs/kit/vite` in the config's `plugins`. */
function sveltekitPluginOptions(cfg: JsConfig): TS.ObjectLiteralExpression | undefined {
  const { ts } = cfg;
  const plugins = property(cfg, cfg.exported, "plugins");
  if (!plugins || !ts.isArrayLiteralExpression(plugins)) return undefined;
  for (const el of plugins.elements) {
    const call = importedCalls(cfg, el).find((c) => c.module === "@sveltejs/kit/vite");
    if (call) return call.options;
  }
  return undefined;
}

/** How to name an adapter the config writes itself: its `name`, else the code (shortened). */
function inlineAdapterName(cfg: JsConfig, written: TS.Expression): string {
  const name = cfg.ts.isObjectLiteralExpression(written) ? stringAt(cfg, written, "name") : undefined;
  if (name) return `the adapter "${name}" written in the config`;
  const text = written.getText(cfg.sf).replace(/\s+/g, " ");
  return `\`${text.length > 40 ? `${text.slice(0, 40)}…` : text}\``;
}

/** A Vite config the build script names (`vite build -c vite.custom.config.js`), when it is in the package. */
function scriptedViteConfig(ctx: ScanContext): string | undefined {
  const scripts = ctx.packageJson?.scripts;
  if (typeof scripts !== "object" || scripts === null) return undefined;
  for (const command of Object.values(scripts as Record<string, unknown>)) {
    const m = typeof command === "string" ? /\bvite\s+build\b[^&|;]*?\s(?:-c|--config)[\s=]+(\S+)/.exec(command) : null;
    const rel = m && path.posix.normalize(m[1]!.replace(/^\.\//, ""));
    if (rel && ctx.files.includes(rel)) return rel;
  }
  return undefined;
}
