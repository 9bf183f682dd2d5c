import { discoverVercelApi } from "../readers/next/next.js";
import type { ScanContext } from "../context.js";
import { readVercelJson } from "../readers/vercel/vercel-json.js";
import { defineAdapter } from "./types.js";
import { dependencyRange } from "../source/package-json.js";

function declaresVercel(ctx: ScanContext): boolean {
  return ctx.files.includes("vercel.json") || ["@vercel/node", "@vercel/functions"].some((dep) => dependencyRange(ctx.packageJson, dep) !== undefined);
}

/** Other tools that keep code in api/: a Worker (wrangler config), Nitro/Nuxt event handlers, an SST app. */
const OTHER_OWNER = /^(wrangler\.(toml|json|jsonc)|(nitro|nuxt|sst)\.config\.[cm]?[jt]s)$/;

export default defineAdapter({
  id: "vercel-api",
  name: "Vercel functions",
  reads: "api/**/*.{ts,js,mjs} (with vercel.json or @vercel/node, or exporting a handler)",
  kind: "platform-config",
  detect(ctx) {
    // A framework recognised in the package owns its routes; api/ is then its own business.
    if ([...ctx.recognised.values()].includes("framework")) return false;
    if (declaresVercel(ctx)) return true;
    return ctx.files.some((f) => f.startsWith("api/")) && !ctx.files.some((f) => OTHER_OWNER.test(f));
  },
  async discover(ctx) {
    const declared = declaresVercel(ctx);
    await discoverVercelApi(ctx, declared ? await readVercelJson(ctx) : undefined, !declared);
  },
});
