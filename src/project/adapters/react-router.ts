import { detectReactRouter, discoverReactRouter } from "../readers/react-router/react-router.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "react-router",
  name: "React Router 7 / Remix",
  reads:
    "route modules from app/routes.ts (route, index, layout, prefix, flatRoutes) or app/routes/ (Remix flat routes) exporting loader, action, middleware or headers, app/root and app/entry.server, with the deploy adapter (Cloudflare Vite plugin and wrangler config, vercelPreset() or vercel.json, architect)",
  kind: "framework",
  // Hydrogen is a React Router app with its own host; its adapter reads it.
  detect: (ctx) => !ctx.recognised.has("hydrogen") && detectReactRouter(ctx),
  discover: (ctx) => discoverReactRouter(ctx),
});
