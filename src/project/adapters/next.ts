import path from "node:path";
import { addConfigFile } from "../context.js";
import { discoverNext, NEXT_CONFIG } from "../readers/next/next.js";
import { nextOnLambda } from "../readers/next/next-on-lambda.js";
import { nextDeploysElsewhere } from "../readers/next/next-output.js";
import { readVercelJson } from "../readers/vercel/vercel-json.js";
import { defineAdapter } from "./types.js";
import { dependencyRange } from "../source/package-json.js";

export default defineAdapter({
  id: "next",
  name: "Next.js",
  reads: "app/**/route.{ts,tsx,js,mjs} (.well-known too), metadata routes (opengraph-image, twitter-image, icon, apple-icon, sitemap, robots, manifest as code), pages/api/**, middleware.*, proxy.* (also under src/), with vercel.json; not a static export, nor a standalone server in a container (next.config `output`)",
  kind: "framework",
  // An app deployed with OpenNext is the opennext adapter's (it runs first).
  detect: (ctx) => !ctx.recognised.has("opennext") && (dependencyRange(ctx.packageJson, "next") !== undefined || ctx.files.some((f) => NEXT_CONFIG.test(f))),
  async discover(ctx) {
    for (const f of ctx.files) if (NEXT_CONFIG.test(f)) addConfigFile(ctx, path.join(ctx.pkgRoot, f), "next-config");
    if (await nextDeploysElsewhere(ctx)) return;
    const before = ctx.functions.length;
    await discoverNext(ctx, await readVercelJson(ctx));
    if (ctx.deployedBy?.component === "sst.aws.Nextjs") nextOnLambda(ctx, ctx.deployedBy, ctx.functions.slice(before));
  },
});
