import { detectNitro, discoverNitro } from "../readers/nitro/nitro.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "nitro",
  name: "Nuxt / Nitro",
  reads:
    "server/api/**, server/routes/**, server/middleware/** (Nuxt; api/, routes/, middleware/ under a Nitro app's srcDir/serverDir) with the preset from nuxt.config / nitro.config, NITRO_PRESET in package.json scripts, or a wrangler, vercel.json or netlify.toml file, or a package that works only on Vercel (@vercel/functions, @vercel/analytics)",
  kind: "framework",
  // TanStack Start and SolidStart depend on Nitro to build: their own adapters read them.
  detect: (ctx) => !ctx.recognised.has("tanstack-start") && !ctx.recognised.has("solid-start") && detectNitro(ctx),
  discover: discoverNitro,
});
