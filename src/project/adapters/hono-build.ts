
import { discoverHonoBuild, usesHono } from "../readers/hono/hono.js";
import { defineAdapter } from "./types.js";
import { dependencyRange } from "../source/package-json.js";

export default defineAdapter({
  id: "hono-build",
  name: "Hono built by @hono/vite-build (and HonoX)",
  reads: "vite.config's @hono/vite-build/<preset> plugin and its `entry` (HonoX: app/server.ts and app/routes/**), with the wrangler config for Workers",
  kind: "platform-config",
  detect: (ctx) => usesHono(ctx) && dependencyRange(ctx.packageJson, "@hono/vite-build") !== undefined,
  discover: discoverHonoBuild,
});
