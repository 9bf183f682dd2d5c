import { discoverPages, mayBePages } from "../readers/workers/pages-functions.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "cloudflare-pages",
  name: "Cloudflare Pages Functions",
  reads: "functions/**/*.{ts,js} exporting onRequest*, or an _worker.js in the output folder, with a wrangler config's pages_build_output_dir (or the folder `wrangler pages deploy` is given)",
  kind: "platform-config",
  // A framework whose build deploys its server code (SvelteKit, Nuxt, Astro on Pages) writes its own _worker.js,
  // which makes Pages ignore functions/; a static framework site keeps its functions/.
  detect: (ctx) => !ctx.functions.some((f) => f.framework !== undefined) && mayBePages(ctx),
  discover: discoverPages,
});
