import { discoverSolidStart, usesSolidStart } from "../readers/start/solid-start.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "solid-start",
  name: "SolidStart",
  reads:
    "@solidjs/start in package.json; API routes (route files exporting GET, POST...), \"use server\" functions, the configured middleware; the target from app.config `server.preset` (v1) or vite.config's Nitro preset or @cloudflare/vite-plugin (v2)",
  kind: "framework",
  detect: usesSolidStart,
  discover: discoverSolidStart,
});
