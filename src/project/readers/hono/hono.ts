import path from "node:path";
import { addNote, loc, type ScanContext } from "../../context.js";
import { readText, relativeTo } from "../../files.js";
import { externalLambda, frameworkFunction, unitName, workerLabel, type DeployTarget, type FrameworkFile } from "../shared/framework-function.js";
import { at, callsOf, configFileNames, firstArgObject, firstFile, readJsConfig, stringProp } from "../../source/js-config-scan.js";
import { moduleShape } from "../../source/module-shape.js";
import { isSource } from "../next/next.js";
import type { SourceLocation } from "../../types.js";
import { readVercelJson, saysVercel } from "../vercel/vercel-json.js";
import { readWorkersTarget } from "../workers/wrangler.js";
import { dependencyRange, packageJsonAt } from "../../source/package-json.js";

export function usesHono(ctx: ScanContext): boolean {
  return dependencyRange(ctx.packageJson, "hono") !== undefined;
}

const BUILD = "@hono/vite-build/";
const DEFAULT_ENTRIES = ["src/index.tsx", "src/index.ts", "src/index.jsx", "src/index.js"];

/** Where an app built by `@hono/vite-build/<preset>` runs; Pages builds are the Pages adapter's. */
const BUILD_TARGETS: Record<string, "cloudflare-workers" | "vercel" | "server" | "Netlify"> = {
  "cloudflare-workers": "cloudflare-workers",
  vercel: "vercel",
  node: "server",
  bun: "server",
  deno: "server",
  "netlify-functions": "Netlify",
};

/**
 * An app built by @hono/vite-build (HonoX included): the Worker's `main` is the build's output,
 * so the source entry (and HonoX's app/routes files, which the entry loads through
 * import.meta.glob) are audited instead.
 */
export async function discoverHonoBuild(ctx: ScanContext): Promise<void> {
  const viteRel = firstFile(ctx, configFileNames("vite.config"));
  const vite = viteRel ? await readJsConfig(ctx, viteRel) : undefined;
  if (!vite) return;
  const modules = [...new Set(vite.imports.values())].filter((m) => m.startsWith(BUILD) && BUILD_TARGETS[m.slice(BUILD.length)]);
  const call = callsOf(vite, modules)[0];
  if (!call) return;
  const preset = vite.imports.get(call.expression.getText(vite.sf))!.slice(BUILD.length);
  const where = at(ctx, vite, call);
  const kind = BUILD_TARGETS[preset]!;
  const how = `${BUILD}${preset} in ${viteRel}`;
  const note = (message: string) => addNote(ctx, path.resolve(ctx.root, where.file), where, message);
  if (kind === "server") return note(`a Hono app built as a long-lived ${preset} server (${how}), not serverless functions; coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions`);
  if (kind === "Netlify") return note(`a Hono app deployed to Netlify Functions (${how}), which coldstart does not audit: it audits Vercel, Cloudflare Workers and AWS Lambda functions`);
  const honox = dependencyRange(ctx.packageJson, "honox") !== undefined;
  const declared = stringProp(vite, firstArgObject(vite, call), "entry")?.value;
  const entry = [declared && path.posix.normalize(declared).replace(/^\.\//, ""), ...(honox ? ["app/server.ts", "app/server.tsx"] : DEFAULT_ENTRIES)].find((f) => f && ctx.files.includes(f));
  if (!entry) return note(`a Hono app built by ${how}, but its entry (${declared ?? (honox ? "app/server.ts" : "src/index.tsx")}) is not in the package`);
  const files: FrameworkFile[] = [{ rel: entry, role: "server-entry", handlers: ["default"] }, ...(honox ? await honoxRoutes(ctx) : [])];
  const target: DeployTarget = kind === "vercel"
    ? { platform: "vercel", runtime: "nodejs", deployUnit: unitName(ctx, "the Vercel function @hono/vite-build makes"), regions: (await readVercelJson(ctx))?.regions }
    : await workerTarget(ctx, honox ? "the HonoX Worker" : "the Hono Worker");
  for (const file of files) ctx.functions.push(frameworkFunction(ctx, target, file, { id: honox ? "honox" : "hono", targetAt: where }));
}

async function workerTarget(ctx: ScanContext, label: string): Promise<Extract<DeployTarget, { platform: "cloudflare-workers" }>> {
  const wrangler = await readWorkersTarget(ctx);
  return { platform: "cloudflare-workers", workers: wrangler?.settings, deployUnit: unitName(ctx, workerLabel(label, wrangler)) };
}

/** HonoX's file routes: every app/routes file but islands and client-only code; handlers are its exports. */
async function honoxRoutes(ctx: ScanContext): Promise<FrameworkFile[]> {
  const out: FrameworkFile[] = [];
  for (const rel of ctx.files.filter((f) => f.startsWith("app/routes/") && isSource(f) && !/(^|\/)(\$|_?islands?\/)/.test(f.slice("app/routes/".length)))) {
    const text = await readText(path.join(ctx.pkgRoot, rel), ctx.boundary);
    if (!text.ok) continue;
    const shape = await moduleShape(rel, text.text);
    if (shape.directive === "use client" || shape.exports.length === 0) continue;
    const name = path.posix.basename(rel).replace(/\.[^.]+$/, "");
    out.push({ rel, role: name.startsWith("_") ? "renderer" : "route", handlers: shape.exports });
  }
  return out;
}

/** Where a Hono entry says it runs, from the adapter it imports. */
const RUNTIME_ADAPTERS: Record<string, "lambda" | "lambda-edge" | "vercel" | "server" | "Netlify"> = {
  "hono/aws-lambda": "lambda",
  "hono/lambda-edge": "lambda-edge",
  "hono/vercel": "vercel",
  "@hono/node-server": "server",
  "hono/bun": "server",
  "hono/deno": "server",
  "hono/netlify": "Netlify",
};
/** Vercel's zero-configuration Hono entry points (vercel.com/docs/frameworks/backend/hono). */
const VERCEL_ENTRIES = ["app", "index", "server", "src/app", "src/index", "src/server"].flatMap((base) => ["ts", "mts", "cts", "js", "mjs", "cjs"].map((ext) => `${base}.${ext}`));

/**
 * A Hono app that no platform config claimed: a Lambda handler deployed by a script
 * (`export const handler = handle(app)` from hono/aws-lambda), Vercel's zero-configuration Hono
 * (`export default app` in src/index.ts), or a server (Node.js, Bun, Deno) that is not serverless.
 */
export async function discoverHonoEntry(ctx: ScanContext): Promise<void> {
  if (ctx.files.includes("fastly.toml")) {
    addNote(ctx, path.join(ctx.pkgRoot, "fastly.toml"), 1, "a Hono app deployed to Fastly Compute (fastly.toml), which coldstart does not audit: it audits Vercel, Cloudflare Workers and AWS Lambda functions");
    return;
  }
  for (const rel of ctx.files.filter((f) => isSource(f) && !f.startsWith("test/") && !/\.config\.[cm]?[jt]s$/.test(f))) {
    const text = await readText(path.join(ctx.pkgRoot, rel), ctx.boundary);
    if (!text.ok || !/\bhono\b/.test(text.text)) continue;
    const adapter = Object.keys(RUNTIME_ADAPTERS).find((m) => new RegExp(`from\\s+['"]${m}['"]`).test(text.text));
    const kind = adapter ? RUNTIME_ADAPTERS[adapter]! : undefined;
    const abs = path.join(ctx.pkgRoot, rel);
    const fileAt = loc(ctx, abs, 1);
    const note = (message: string) => addNote(ctx, abs, 1, message);
    if (kind === "lambda" || kind === "lambda-edge") {
      const shape = await moduleShape(rel, text.text, ["handle"]);
      if (shape.exportsCalling.length === 0) continue;
      const name = kind === "lambda" ? `the Hono Lambda handler in ${rel}` : `the Hono Lambda@Edge handler in ${rel}`;
      const lambda = { ...externalLambda(name), handlerExport: shape.exportsCalling[0]! };
      ctx.functions.push(frameworkFunction(ctx, { platform: "aws-lambda", lambda, deployUnit: unitName(ctx, name) }, { rel, role: "handler", handlers: shape.exportsCalling }, { id: "hono", targetAt: fileAt }));
    } else if (kind === "server" && /\b(serve|Bun\.serve|Deno\.serve)\s*\(/.test(text.text)) {
      note(`a Hono app served by ${adapter} as a long-lived server, not serverless functions; coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions`);
    } else if (kind === "Netlify") {
      note("a Hono app deployed to Netlify (hono/netlify), which coldstart does not audit: it audits Vercel, Cloudflare Workers and AWS Lambda functions");
    } else if (VERCEL_ENTRIES.includes(rel) && /\bexport\s+default\b/.test(text.text)) {
      await defaultExport(ctx, rel, fileAt);
    }
  }
}

/** The package.json script that deploys or serves `rel` with wrangler (`wrangler deploy src/index.ts`), if any. */
function wranglerScript(ctx: ScanContext, rel: string): string | undefined {
  const scripts = ctx.packageJson?.scripts;
  if (typeof scripts !== "object" || scripts === null) return undefined;
  const file = rel.replace(/[.]/g, "\\.");
  // The deploying script, else the one serving it locally.
  const runs = (verbs: string) => new RegExp(`\\bwrangler\\s+(?:${verbs})\\b[^&|;]*?(?:^|\\s)(?:\\./)?${file}(?=\\s|$)`);
  const entries = Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === "string");
  return [runs("deploy|publish"), runs("dev")].map((re) => entries.find(([, command]) => re.test(command))?.[0]).find(Boolean);
}

/** `export default app` in an entry Vercel would pick: Vercel when the package says so, a server under Bun, else undecided. */
async function defaultExport(ctx: ScanContext, rel: string, fileAt: SourceLocation): Promise<void> {
  const abs = path.join(ctx.pkgRoot, rel);
  const scripts = JSON.stringify(ctx.packageJson?.scripts ?? {});
  const bun = dependencyRange(ctx.packageJson, "@types/bun") !== undefined || /\bbun\s+(run\s+)?(--hot\s+)?\S+\.[jt]sx?\b/.test(scripts);
  const vercel = ctx.platformHint === "vercel" || saysVercel(ctx);
  const script = wranglerScript(ctx, rel);
  if (vercel) {
    const target: DeployTarget = { platform: "vercel", runtime: "nodejs", regions: (await readVercelJson(ctx))?.regions };
    ctx.functions.push(frameworkFunction(ctx, target, { rel, role: "app", handlers: ["default"] }, { id: "hono", targetAt: ctx.platformHint === "vercel" ? undefined : fileAt }));
  } else if (ctx.platformHint === "cloudflare-workers") {
    ctx.functions.push(frameworkFunction(ctx, await workerTarget(ctx, "the Hono Worker"), { rel, role: "app", handlers: ["default"] }, { id: "hono", targetAt: undefined }));
  } else if (script) {
    // `wrangler deploy src/index.ts`: the entry given on wrangler's command line, with no config naming it.
    const targetAt = await packageJsonAt(ctx, ["scripts", script]);
    const target = await workerTarget(ctx, "the Hono Worker");
    ctx.functions.push(frameworkFunction(ctx, target, { rel, role: "app", handlers: ["default"] }, { id: "hono", targetAt }));
    if (!target.workers) {
      addNote(ctx, path.join(ctx.pkgRoot, "package.json"), targetAt,
        `the Worker that package.json's "${script}" script runs with wrangler has no wrangler config in the package: its compatibility date, flags and bindings come from elsewhere (a config made before deploying, or wrangler's command-line flags), so coldstart audits it as having none. Commit the wrangler config to make them part of the project`);
    }
  } else if (bun) {
    addNote(ctx, abs, 1, "a Hono app served by Bun (`export default app`, run with bun) as a long-lived server, not serverless functions; coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions");
  } else {
    const pkg = relativeTo(ctx.root, ctx.pkgRoot);
    addNote(ctx, abs, 1,
      `a Hono app exported as the default of ${rel}, but where it runs is not decided: Vercel deploys such an entry as a function, Bun or Deno serve it, a Worker runs it. Say so with vercel.json (Vercel), a wrangler config with \`main\` (Workers), or coldstart's config \`"platform": "vercel"\` (or "cloudflare-workers")${pkg === "." ? "" : `, as \`"packages": { "${pkg}": { "platform": "vercel" } }\` in a monorepo`}`);
  }
}
