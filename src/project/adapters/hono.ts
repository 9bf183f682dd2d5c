import { discoverHonoEntry, usesHono } from "../readers/hono/hono.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "hono",
  name: "Hono",
  reads:
    "when no platform config names the app: `handle(app)` from hono/aws-lambda or hono/lambda-edge exported (Lambda deployed by a script), `export default app` in src/index.ts and the other entries Vercel picks (Vercel, or a Worker when a package.json script runs `wrangler deploy` on it), @hono/node-server, Bun or Deno servers (not serverless)",
  kind: "platform-config",
  // The last resort: SAM, CDK, Serverless, wrangler and api/ readers name Hono apps themselves.
  detect: (ctx) => usesHono(ctx) && ctx.functions.length === 0 && ![...ctx.recognised.values()].includes("framework"),
  discover: discoverHonoEntry,
});
