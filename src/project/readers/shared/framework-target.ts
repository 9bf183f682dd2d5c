import path from "node:path";
import { addNote, type ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import type { Written } from "../../source/module-exports.js";
import type { SourceLocation, WorkersSettings } from "../../types.js";
import { findWorkerdMaxDate, findWorkersTools } from "../workers/workerd.js";
import { readWorkersTarget } from "../workers/wrangler.js";

/**
 * Where a framework's deploy adapter puts the app: a platform coldstart audits, or something it
 * does not (a Node.js server, a static site, Netlify), or nothing decided yet (adapter-auto).
 */
export type TargetKind = "cloudflare-workers" | "vercel" | "vercel-edge" | "server" | "static" | "netlify" | "aws-lambda" | "auto";

/** One deploy adapter a framework's config (or its dependencies) names. */
export interface AdapterChoice {
  kind: TargetKind | "unknown";
  /** The adapter's package (`@sveltejs/adapter-vercel`). */
  module: string;
  /** Where it is chosen: the adapter call in the config, or the dependency in package.json. */
  at: SourceLocation;
  /** The adapter call's literal options (`runtime`, `maxDuration`, `config`...). */
  options: Map<string, Written>;
}

/** A framework as the messages name it, and how its config chooses an adapter. */
export interface FrameworkNames {
  name: string;
  /** Its config file, relative to the package (`svelte.config.js`). */
  configFile: string;
  /** How the config chooses Cloudflare, for the "decide it" advice: `adapter: adapter()` with its import. */
  example: string;
}

export type Decision = { decided: AdapterChoice & { kind: "cloudflare-workers" | "vercel" | "vercel-edge" }; byHint: boolean } | { decided: undefined };

const DEPLOYABLE = new Set<TargetKind | "unknown">(["cloudflare-workers", "vercel", "vercel-edge"]);

/**
 * Decides where the app's routes run from the adapters its config may pick (one, or each branch
 * of `process.env.X ? a() : b()`). coldstart's `platform` setting decides what the config leaves
 * open; anything that leaves no functions to audit becomes a note that says why and what to do.
 */
export function decideTarget(ctx: ScanContext, fw: FrameworkNames, choices: AdapterChoice[], fallbackAt: SourceLocation): Decision {
  const hint = ctx.platformHint;
  const kinds = [...new Set(choices.map((c) => c.kind))];
  const hinted = (c: AdapterChoice) => hint !== undefined && (c.kind === hint || (c.kind === "vercel-edge" && hint === "vercel"));
  if (kinds.length === 1 && DEPLOYABLE.has(kinds[0]!)) return { decided: choices[0] as Extract<Decision, { byHint: boolean }>["decided"], byHint: false };
  if (kinds.length > 1) {
    const match = choices.find(hinted);
    if (match) return { decided: match as Extract<Decision, { byHint: boolean }>["decided"], byHint: true };
    const list = [...new Set(choices.map((c) => c.module))].join(" or ");
    note(ctx, choices[0]!.at, `${fw.name} app whose adapter is chosen when it builds (${list}), so coldstart cannot tell where its routes run and audits none of them. ${howToDecide(ctx, fw)}`);
    return { decided: undefined };
  }
  const only = choices[0];
  if (only && !["auto", "unknown"].includes(only.kind)) {
    note(ctx, only.at, `${fw.name} app deploys with ${only.module}: ${WHY_NOT[only.kind as keyof typeof WHY_NOT]}`);
    return { decided: undefined };
  }
  if (hint === "cloudflare-workers" || hint === "vercel") {
    const at = only?.at ?? fallbackAt;
    return { decided: { kind: hint, module: only?.module ?? `coldstart config "platform": "${hint}"`, at, options: only?.options ?? new Map<string, Written>() }, byHint: true };
  }
  const why = only?.kind === "auto"
    ? `${only.module} picks the platform from the environment it builds in`
    : only
      ? `${only.module} is not an adapter coldstart knows`
      : "its config names no deploy adapter";
  const lambda = hint === "aws-lambda" ? ` coldstart's config says "aws-lambda", but ${fw.name} reaches Lambda only through community adapters (SST and others) whose functions coldstart does not model yet.` : "";
  const library = libraryEvidence(ctx);
  if (library && hint === undefined) {
    note(ctx, only?.at ?? fallbackAt, `${fw.name} package published as a library (${library}), with no deploy adapter: its routes are a demo or a playground, not a deployed app, so they are not audited. If it is deployed, ${howToDecide(ctx, fw).replace(/^./, (c) => c.toLowerCase())}`);
    return { decided: undefined };
  }
  note(ctx, only?.at ?? fallbackAt, `${fw.name} app, but where it deploys is not decided: ${why}, so coldstart cannot tell where its routes run and audits none of them.${lambda} ${howToDecide(ctx, fw)}`);
  return { decided: undefined };
}

/**
 * Why a package whose deploy target is undecided looks like a library rather than an app:
 * @sveltejs/package (or a script running svelte-package), or `exports` in a package.json that is
 * not private (a component library whose routes show its components).
 */
function libraryEvidence(ctx: ScanContext): string | undefined {
  const pkg = ctx.packageJson;
  if (!pkg) return undefined;
  const deps = { ...(pkg.devDependencies as Record<string, unknown> | undefined), ...(pkg.dependencies as Record<string, unknown> | undefined) };
  if (deps["@sveltejs/package"] !== undefined) return "it depends on @sveltejs/package";
  const scripts = (pkg.scripts ?? {}) as Record<string, unknown>;
  const packaging = Object.entries(scripts).find(([, command]) => typeof command === "string" && /\bsvelte-package\b/.test(command));
  if (packaging) return `its \`${packaging[0]}\` script runs svelte-package`;
  if (pkg.exports !== undefined && pkg.private !== true) return "its package.json has `exports` and is not private";
  return undefined;
}

const WHY_NOT = {
  server: "a long-running Node.js server, not serverless functions, so there is nothing for coldstart to audit here (it audits Vercel, Cloudflare Workers and AWS Lambda functions)",
  static: "every page is prerendered at build time, so the app has no serverless functions to audit",
  netlify: "Netlify Functions, which coldstart does not audit (it knows Vercel, Cloudflare Workers and AWS Lambda), so its routes are not audited",
  "aws-lambda": "AWS Lambda through a community adapter whose functions coldstart does not model yet, so its routes are not audited",
} as const;

/** Both ways to say where the app deploys: the framework's own config, or coldstart's. */
function howToDecide(ctx: ScanContext, fw: FrameworkNames): string {
  const dir = relativeTo(ctx.root, ctx.pkgRoot);
  const setting = dir === "." ? `"platform": "cloudflare-workers"` : `"packages": { "${dir}": { "platform": "cloudflare-workers" } }`;
  return `Choose the adapter in ${fw.configFile} (for example ${fw.example}), or tell coldstart with ${setting} (or "vercel") in its config file (coldstart.config.json).`;
}

function note(ctx: ScanContext, at: SourceLocation, message: string): void {
  addNote(ctx, path.resolve(ctx.root, at.file), at.line > 0 ? { line: at.line, ...(at.column ? { column: at.column } : {}) } : 0, message);
}



/**
 * The Worker a framework app deploys as: the settings of its wrangler config (the one the adapter
 * is told to read, or the default names). Without one, the settings live outside the project
 * (a Pages project's dashboard): the app is audited as having no date and no flags, and the
 * locations name the wrangler.jsonc where they would be written, so advice points there.
 */
export async function workersTarget(ctx: ScanContext, fw: FrameworkNames, configRel: string | undefined, at: SourceLocation): Promise<{ settings: WorkersSettings; config: SourceLocation }> {
  const read = await readWorkersTarget(ctx, configRel);
  if (read) return { settings: read.settings, config: read.at };
  return { settings: await settingsOutsideProject(ctx, fw.name, configRel, at), config: at };
}

/**
 * A framework app deployed to Cloudflare without a wrangler config (a Pages project): its date and
 * flags are set in the dashboard. Noted, and audited as none set, with no missing-date error (that
 * is a Workers deploy's failure, not a Pages project's).
 */
export async function settingsOutsideProject(ctx: ScanContext, appName: string, configRel: string | undefined, at: SourceLocation): Promise<WorkersSettings> {
  const where: SourceLocation = { file: relativeTo(ctx.root, path.join(ctx.pkgRoot, configRel ?? "wrangler.jsonc")), line: 0 };
  note(ctx, at, `${appName} app deploys to Cloudflare but has no wrangler config${configRel ? ` at ${configRel}` : ""}: its compatibility date and flags are set outside the project (a Pages project's dashboard), so coldstart audits it as having none (no nodejs_compat). Add a wrangler.jsonc with compatibility_date and compatibility_flags to make them part of the project.`);
  return {
    compatibilityDate: undefined,
    compatibilityFlags: [],
    workerdMaxDate: await findWorkerdMaxDate(ctx.pkgRoot, ctx.root, ctx.boundary),
    tools: await findWorkersTools(ctx.pkgRoot, ctx.root, ctx.boundary),
    limits: undefined,
    bindings: { kv: [], d1: [], r2: [], hyperdrive: [], queues: [], durableObjects: [], vars: {} },
    environment: undefined,
    locations: { compatibilityDate: where, compatibilityFlags: where },
  };
}

/** The package as people name it, for deploy units: its package.json name, else its folder. */
export function packageLabel(ctx: ScanContext): string {
  const name = ctx.packageJson?.name;
  return typeof name === "string" && name !== "" ? name : relativeTo(ctx.root, ctx.pkgRoot);
}
