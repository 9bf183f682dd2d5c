import path from "node:path";
import { addConfigFile } from "../context.js";
import { NEXT_CONFIG } from "../readers/next/next.js";
import { discoverOpenNext } from "../readers/opennext/opennext.js";
import { usesOpenNext } from "../readers/opennext/opennext-config.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "opennext",
  name: "Next.js with OpenNext (Cloudflare or AWS)",
  reads:
    "open-next.config.ts and @opennextjs/cloudflare or @opennextjs/aws in package.json; route handlers, pages/api, middleware, server pages and layouts, \"use server\" files; the wrangler config (Cloudflare) or `functions` splits (AWS)",
  kind: "framework",
  detect: usesOpenNext,
  async discover(ctx) {
    for (const f of ctx.files) if (NEXT_CONFIG.test(f)) addConfigFile(ctx, path.join(ctx.pkgRoot, f), "next-config");
    await discoverOpenNext(ctx);
  },
});
