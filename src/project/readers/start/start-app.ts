import path from "node:path";
import { addNote, type ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import { externalLambda, frameworkFunction, unitName, workerLabel, type DeployTarget, type FrameworkFile } from "../shared/framework-function.js";
import type { NitroCloudflare, StartTarget } from "./start-target.js";
import type { FunctionInfo, SourceLocation, WorkersSettings } from "../../types.js";
import { readVercelJson } from "../vercel/vercel-json.js";
import { readWorkersTarget } from "../workers/wrangler.js";

/** A Vite/Nitro full-stack app (TanStack Start, SolidStart): its server files and where it deploys. */
export interface StartApp {
  id: string;
  name: string;
  files: FrameworkFile[];
  target: StartTarget;
  /** The file that decides (or should decide) the target, for notes. */
  configRel: string;
  /** How to set the target in the framework's own config: `nitro({ preset: "vercel" }) in vite.config.ts`. */
  configHow: string;
  build?: FunctionInfo["build"];
}

const RUNTIME_OF_HINT = { "cloudflare-workers": "workerd", vercel: "nodejs", "aws-lambda": "nodejs" } as const;

export async function addStartApp(ctx: ScanContext, app: StartApp): Promise<void> {
  const configAbs = path.join(ctx.pkgRoot, app.configRel);
  const note = (at: SourceLocation | undefined, message: string) => addNote(ctx, at ? path.resolve(ctx.root, at.file) : configAbs, at ?? 0, message);
  let target = app.target;
  if (target.kind === "undecided" && ctx.platformHint) {
    target = { kind: "platform", platform: ctx.platformHint, runtime: RUNTIME_OF_HINT[ctx.platformHint], how: "coldstart config `platform`", at: undefined };
  }
  switch (target.kind) {
    case "undecided": {
      const pkg = relativeTo(ctx.root, ctx.pkgRoot);
      note(undefined,
        `a ${app.name} app, but where it deploys is not decided in its config (no deployment plugin or Nitro preset; a NITRO_PRESET set at build time, or a host's own detection, cannot be read statically), so coldstart cannot tell which runtime its server code runs on. Set it in ${app.configHow}, or in coldstart's config: \`"platform": "cloudflare-workers"\` (or "vercel", "aws-lambda")${pkg === "." ? "" : `, as \`"packages": { "${pkg}": { "platform": "cloudflare-workers" } }\` in a monorepo`}`);
      return;
    }
    case "server":
      note(target.at, `a ${app.name} app built as a long-lived server (${target.how}), not serverless functions; coldstart audits Vercel, Cloudflare Workers and AWS Lambda functions`);
      return;
    case "elsewhere":
      note(target.at, `a ${app.name} app deployed to ${target.host} (${target.how}), which coldstart does not audit: it audits Vercel, Cloudflare Workers and AWS Lambda functions`);
      return;
  }
  if (app.files.length === 0) {
    // The wrangler config is still the app's (its `main` is the framework's entry or build output).
    if (target.platform === "cloudflare-workers") await readWorkersTarget(ctx);
    note(target.at, `a ${app.name} app with no server code to audit: no server routes, server functions or middleware`);
    return;
  }
  const deploy = await deployTarget(ctx, app, target, note);
  for (const file of app.files) ctx.functions.push(frameworkFunction(ctx, deploy, file, { id: app.id, targetAt: target.at, build: app.build }));
}

async function deployTarget(
  ctx: ScanContext,
  app: StartApp,
  target: Extract<StartTarget, { kind: "platform" }>,
  note: (at: SourceLocation | undefined, message: string) => void,
): Promise<DeployTarget> {
  switch (target.platform) {
    case "cloudflare-workers": {
      const wrangler = await readWorkersTarget(ctx);
      const workers = wrangler ? withNitroSettings(wrangler.settings, target.nitro) : undefined;
      if (!wrangler) note(target.at, `the ${app.name} app deploys as a Worker, and there is no wrangler config in the package, so its compatibility date and flags are unknown (a Nitro preset writes them at build time): its server code is audited as if none were set. Add wrangler.jsonc with a compatibility_date and "nodejs_compat" to state them`);
      return { platform: "cloudflare-workers", workers, deployUnit: unitName(ctx, workerLabel(`the ${app.name} Worker`, wrangler)) };
    }
    case "vercel": {
      const vercel = await readVercelJson(ctx);
      return {
        platform: "vercel",
        runtime: target.runtime === "edge" ? "edge" : "nodejs",
        deployUnit: unitName(ctx, `the Vercel function Nitro builds for the ${app.name} app`),
        regions: vercel?.regions,
        // Nitro writes the function's config itself: vercel.json `functions` keyed by source file do not reach it.
        advice: { maxDuration: "`vercel: { functions: { maxDuration: 30 } }` to the Nitro options (the `nitro` or `server` section of the app's config)" },
      };
    }
    case "aws-lambda":
      return { platform: "aws-lambda", lambda: externalLambda(`the ${app.name} app's Lambda handler`), deployUnit: unitName(ctx, `the ${app.name} app's Lambda handler`) };
  }
}

/** The deployed settings: Nitro adds `nodejs_compat` (cloudflare.nodeCompat, deployConfig), its flags and, when the config has none, its date. */
function withNitroSettings(settings: WorkersSettings, nitro: NitroCloudflare | undefined): WorkersSettings {
  if (!nitro) return settings;
  const flags = [...new Set([...settings.compatibilityFlags, ...nitro.flags, ...(nitro.nodeCompat ? ["nodejs_compat"] : [])])];
  return { ...settings, compatibilityFlags: flags, compatibilityDate: settings.compatibilityDate ?? nitro.compatibilityDate };
}
