import path from "node:path";
import { discoverWorkers, WRANGLER_FILES } from "../readers/workers/wrangler.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "wrangler",
  name: "Cloudflare Workers",
  reads: "wrangler.json, wrangler.jsonc, wrangler.toml with `main` (or the entry a deploy script passes to wrangler; for wrangler v1 configs, the entry v1 used); not those in test folders, which configure the Workers tests run",
  kind: "platform-config",
  detect: (ctx) => ctx.files.some((f) => WRANGLER_FILES.includes(path.posix.basename(f))),
  discover: discoverWorkers,
});
