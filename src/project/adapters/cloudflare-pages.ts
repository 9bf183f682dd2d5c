import { discoverPages, mayBePages } from "../pages-functions.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "cloudflare-pages",
  name: "Cloudflare Pages Functions",
  reads: "functions/**/*.{ts,js} exporting onRequest*, or an _worker.js in the output folder, with a wrangler config's pages_build_output_dir (or the folder `wrangler pages deploy` is given)",
  kind: "platform-config",
  // A framework's Pages build (SvelteKit, Nuxt, Astro) writes its own _worker.js and owns the wrangler config.
  detect: (ctx) => ![...ctx.recognised.values()].includes("framework") && mayBePages(ctx),
  discover: discoverPages,
});
