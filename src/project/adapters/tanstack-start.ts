import { discoverTanStackStart, usesTanStackStart } from "../readers/start/tanstack-start.js";
import { defineAdapter } from "./types.js";

export default defineAdapter({
  id: "tanstack-start",
  name: "TanStack Start",
  reads:
    "@tanstack/*-start in package.json; server routes (`server: { handlers }`, createServerFileRoute, createAPIFileRoute), createServerFn files, start.ts middleware; the target from vite.config (@cloudflare/vite-plugin, nitro preset, tanstackStart({ target })), app.config or nitro.config",
  kind: "framework",
  detect: usesTanStackStart,
  discover: discoverTanStackStart,
});
