import { ASTRO_CONFIG } from "../astro-config.js";
import { discoverAstro } from "../astro.js";
import { dependencyRange } from "../next.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "astro",
  name: "Astro",
  reads:
    "on-demand src/pages/**/*.astro pages (frontmatter) and *.{ts,js} endpoints, src/middleware, src/actions, with `output`, `srcDir` and the adapter (cloudflare, vercel) from astro.config, and wrangler.jsonc",
  kind: "framework",
  detect: (ctx) => dependencyRange(ctx.packageJson, "astro") !== undefined || ctx.files.some((f) => ASTRO_CONFIG.test(f)),
  discover: discoverAstro,
});
