import path from "node:path";
import type { ts as TS } from "ts-morph";
import { addNote, loc, readOrReport, type ScanContext } from "../../context.js";
import { lineOf, literalValue, loadTs, parseSource, parseWalkable, propertyName } from "../../source/typescript.js";
import { platformConfigHint } from "../shared/framework-deploy.js";
import { saysVercel } from "../vercel/vercel-json.js";
import { NEXT_CONFIG } from "./next.js";

/** `output: "standalone"` or `output: "export"` written as a string in the text: only then is next.config parsed. */
const OUTPUT_TEXT = /\boutput["']?\s*:\s*["'`](standalone|export)["'`]/;

/**
 * Files that deploy a package as a container or on a host that runs it as one long-lived server:
 * Dockerfile (also Dockerfile.prod, web.Dockerfile), Containerfile, Railway and Fly.io configs.
 */
const CONTAINER_FILE = /^(?:(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?|[\w.-]+\.Dockerfile|railway\.json|railway\.toml|fly\.toml)$/;

interface NextOutput {
  value: "standalone" | "export";
  /** next.config's path in the package. */
  rel: string;
  at: { line: number; column: number };
}

/**
 * `output` in the app's next.config when it is the literal "standalone" or "export" (a property of
 * that name anywhere in the file: the config object is often wrapped, spread or built behind a
 * condition). A value chosen at build time (`process.env.SELF_HOST ? "standalone" : undefined`) is
 * not a literal, so it does not count.
 */
async function nextOutput(ctx: ScanContext): Promise<NextOutput | undefined> {
  const rel = ctx.files.find((f) => NEXT_CONFIG.test(f));
  if (!rel) return undefined;
  const abs = path.join(ctx.pkgRoot, rel);
  const text = await readOrReport(ctx, abs);
  if (text === undefined || !OUTPUT_TEXT.test(text)) return undefined;
  const ts = await loadTs();
  // A file nested too deeply to walk (see parseWalkable) is read as if it set no output.
  const parsed = parseWalkable(ts, () => parseSource(ts, abs, text));
  if (!("sf" in parsed)) return undefined;
  const sf = parsed.sf;
  let found: NextOutput | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(node) && propertyName(ts, node.name) === "output") {
      const value = literalValue(ts, node.initializer);
      if (value === "standalone" || value === "export") found = { value, rel, at: lineOf(sf, node) };
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * Whether the Next.js app in this package deploys as something other than Vercel functions, read
 * from next.config's `output`, with a note saying why its routes are not audited:
 * - `output: "export"`: static files, no functions anywhere (nextjs.org/docs/app/guides/static-exports);
 * - `output: "standalone"` (a self-contained Node.js server, nextjs.org/docs/app/api-reference/config/next-config-js/output)
 *   with a container file beside it (Dockerfile, Railway, Fly.io) and nothing that ties the app to
 *   Vercel (vercel.json, @vercel/analytics and the like, the Vercel CLI or a script running it):
 *   Vercel ignores `standalone`, so without a container file the app is still audited as Vercel's.
 * coldstart's `platform` for the package decides instead, when set.
 */
export async function nextDeploysElsewhere(ctx: ScanContext): Promise<boolean> {
  if (ctx.platformHint !== undefined || ctx.deployedBy !== undefined) return false;
  const output = await nextOutput(ctx);
  if (!output) return false;
  const abs = path.join(ctx.pkgRoot, output.rel);
  const at = loc(ctx, abs, output.at);
  const hint = platformConfigHint(ctx, "vercel");
  if (output.value === "export") {
    addNote(ctx, abs, at, `this Next.js app is a static export (\`output: "export"\` in ${output.rel}): it deploys as files, with no functions, so there is nothing to audit. If its routes do run as functions, set ${hint}`);
    return true;
  }
  const container = ctx.files.find((f) => CONTAINER_FILE.test(f));
  if (!container || saysVercel(ctx)) return false;
  addNote(ctx, abs, at,
    `this Next.js app builds a standalone Node.js server (\`output: "standalone"\` in ${output.rel}, run by its ${container}), not serverless functions, so its routes are not audited. ` +
      `If you deploy it to Vercel (which ignores \`standalone\`), set ${hint}`);
  return true;
}
