
import { discoverSvelteKit } from "../readers/sveltekit/sveltekit.js";
import { SVELTE_CONFIG } from "../readers/sveltekit/sveltekit-config.js";
import { defineAdapter } from "./types.js";
import { dependencyRange } from "../source/package-json.js";

export default defineAdapter({
  id: "sveltekit",
  name: "SvelteKit",
  reads:
    "src/routes/**/+server, +page.server, +layout.server, src/hooks.server and *.remote modules; the adapter, kit.files and kit.alias from svelte.config.js or sveltekit({...}) in vite.config; wrangler config",
  kind: "framework",
  // svelte.config.js alone may be a Svelte app without SvelteKit: it counts with a routes folder.
  detect: (ctx) =>
    dependencyRange(ctx.packageJson, "@sveltejs/kit") !== undefined ||
    (ctx.files.some((f) => SVELTE_CONFIG.test(f)) && ctx.files.some((f) => /^src\/routes\/(.+\/)?\+/.test(f))),
  discover: discoverSvelteKit,
});
