import path from "node:path";
import { addConfigFile, loc, readOrReport, type ScanContext } from "../../context.js";
import { type AdapterChoice, type FrameworkNames, type TargetKind } from "../shared/framework-target.js";
import { importedCalls, objectAt, parseJsConfig, property, stringAt } from "../../source/js-config.js";
import { readObject } from "../../source/module-exports.js";
import type { SourceLocation } from "../../types.js";
import { dependenciesLike, dependencyAt } from "../../source/package-json.js";

export const ASTRO_CONFIG = /^astro\.config\.(mjs|js|ts|mts|cjs|cts)$/;

/** What each deploy adapter does with an Astro app. */
const ADAPTERS: Record<string, TargetKind> = {
  "@astrojs/cloudflare": "cloudflare-workers",
  "@astrojs/vercel": "vercel",
  "@astrojs/vercel/serverless": "vercel",
  // Astro 4 and earlier: every on-demand route in one edge function.
  "@astrojs/vercel/edge": "vercel-edge",
  "@astrojs/vercel/static": "static",
  "@astrojs/node": "server",
  "@deno/astro-adapter": "server",
  "@astrojs/netlify": "netlify",
  "@astrojs/netlify/functions": "netlify",
  "astro-sst": "aws-lambda",
  "@astro-aws/adapter": "aws-lambda",
};

const isAdapterPackage = (name: string) => name in ADAPTERS || /astro-adapter|adapter-astro/.test(name);

export interface AstroConfig {
  names: FrameworkNames;
  choices: AdapterChoice[];
  fallbackAt: SourceLocation;
  /** `output: "server"`: pages render on demand unless they opt into prerendering. */
  server: boolean;
  /** Where `output` is written, when it is. */
  outputAt: SourceLocation | undefined;
  /** @astrojs/cloudflare `workerEntryPoint.path`: a Worker entry of the app's own (scheduled, queue handlers). */
  workerEntry?: string;
  srcDir: string;
}

/**
 * Reads astro.config statically: `output`, `srcDir` and the `adapter:` call. Without a config file
 * that can be read, an adapter dependency says where the app goes.
 */
export async function readAstroConfig(ctx: ScanContext): Promise<AstroConfig> {
  const file = ctx.files.find((f) => ASTRO_CONFIG.test(f));
  const configFile = file ?? "astro.config.mjs";
  const names: FrameworkNames = {
    name: "Astro",
    configFile,
    example: "`adapter: cloudflare()` with `import cloudflare from '@astrojs/cloudflare'`",
  };
  const abs = path.join(ctx.pkgRoot, configFile);
  const out: AstroConfig = { names, choices: [], fallbackAt: loc(ctx, file ? abs : path.join(ctx.pkgRoot, "package.json"), 1), server: false, outputAt: undefined, srcDir: "src" };
  let text: string | undefined;
  if (file) {
    addConfigFile(ctx, abs, "framework-config");
    text = await readOrReport(ctx, abs);
  }
  const cfg = text === undefined ? undefined : await parseJsConfig(configFile, text);
  if (cfg?.exported) {
    const output = property(cfg, cfg.exported, "output");
    if (output) {
      out.outputAt = loc(ctx, abs, cfg.sf.getLineAndCharacterOfPosition(output.getStart(cfg.sf)).line + 1);
      out.server = stringAt(cfg, cfg.exported, "output") === "server";
    }
    out.srcDir = (stringAt(cfg, cfg.exported, "srcDir") ?? "src").replace(/^\.\//, "").replace(/\/$/, "");
    const calls = importedCalls(cfg, property(cfg, cfg.exported, "adapter"));
    const entry = calls.map((c) => stringAt(cfg, objectAt(cfg, c.options, "workerEntryPoint"), "path")).find((p) => p !== undefined);
    if (entry) out.workerEntry = entry.replace(/^\.\//, "");
    out.choices = calls.map((c) => ({
      kind: ADAPTERS[c.module] ?? "unknown",
      module: c.module,
      at: loc(ctx, abs, c),
      options: c.options ? readObject(cfg.ts, cfg.sf, c.options) : new Map(),
    }));
    return out;
  }
  // No config to read: an adapter dependency is the best signal there is.
  const deps = dependenciesLike(ctx, isAdapterPackage);
  if (deps.length === 1) out.choices.push({ kind: ADAPTERS[deps[0]!] ?? "unknown", module: deps[0]!, at: await dependencyAt(ctx, deps[0]!), options: new Map() });
  return out;
}
