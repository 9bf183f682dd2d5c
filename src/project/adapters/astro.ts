import { ASTRO_CONFIG } from "../readers/astro/astro-config.js";
import { discoverAstro } from "../readers/astro/astro.js";

import { defineAdapter } from "./types.js";
import { dependencyRange } from "../source/package-json.js";

export default defineAdapter({
  id: "astro",
  name: "Astro",
  reads:
    "src/pages/**/*.astro pages rendered on demand (their frontmatter) and *.{ts,js} endpoints, src/middleware, src/actions; output, srcDir and the adapter from astro.config; wrangler config",
  kind: "framework",
  detect: (ctx) => dependencyRange(ctx.packageJson, "astro") !== undefined || ctx.files.some((f) => ASTRO_CONFIG.test(f)),
  discover: discoverAstro,
});
