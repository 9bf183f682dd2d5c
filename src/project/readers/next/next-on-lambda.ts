/**
 * A Next.js app that SST deploys (`sst.aws.Nextjs`, built with OpenNext): its routes run in one
 * Lambda server function behind CloudFront, not as Vercel functions (sst.dev/docs/component/aws/nextjs).
 */
import type { ScanContext } from "../../context.js";
import { relativeTo } from "../../files.js";
import type { DeployedBy } from "../sst/sst-apps.js";
import type { FunctionInfo, VercelSettings } from "../../types.js";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const HANDLERS: Record<VercelSettings["kind"], string[]> = {
  "app-route": METHODS,
  "metadata-route": ["default", "generateImageMetadata", "generateSitemaps"],
  "pages-api": ["default"],
  "vercel-api": ["default", ...METHODS],
  middleware: ["middleware", "default"],
  proxy: ["proxy", "default"],
  // A framework's own functions are never Next.js's: listed for completeness of the kinds.
  framework: ["default"],
};

/**
 * Moves the package's Next.js functions onto the app's server function: Node.js on Lambda, one
 * deploy unit, SST's server settings (memory from `server.memory`, else SST's 1,024 MB; 20 s).
 */
export function nextOnLambda(ctx: ScanContext, deployed: DeployedBy, found: FunctionInfo[]): void {
  if (found.length === 0) {
    ctx.notes.push({
      message: `${deployed.name} (${deployed.component}) deploys this Next.js app as one Lambda server function (OpenNext); it has no route handlers, API routes, middleware or metadata routes, which are what coldstart audits of a Next.js app, so its pages are not audited`,
      at: deployed.at,
    });
  }
  for (const fn of found) {
    const v = fn.vercel;
    if (!v) continue;
    fn.id = `aws-lambda:${relativeTo(ctx.root, fn.entry)}`;
    fn.platform = "aws-lambda";
    // OpenNext runs every route, `runtime = "edge"` ones included, in the Node.js server function.
    fn.runtime = "nodejs";
    fn.handlers = fn.handlers ?? HANDLERS[v.kind];
    fn.framework = { id: "next", ...(v.route ? { route: v.route } : {}), role: v.kind, targetAt: deployed.at };
    fn.deployUnit = `sst:${deployed.name}`;
    fn.lambda = {
      source: "sst",
      name: `${deployed.name} server`,
      handlerExport: "handler",
      runtime: undefined,
      timeout: undefined,
      memory: deployed.server.memory,
      architecture: deployed.server.architecture ?? "x86_64",
      reservedConcurrency: undefined,
      triggers: [{ type: "other", at: deployed.at }],
      environment: undefined,
    };
    delete fn.vercel;
  }
}
