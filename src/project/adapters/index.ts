import astro from "./astro.js";
import cdk from "./cdk.js";
import cloudflarePages from "./cloudflare-pages.js";
import hono from "./hono.js";
import honoBuild from "./hono-build.js";
import hydrogen from "./hydrogen.js";
import next from "./next.js";
import nitro from "./nitro.js";
import opennext from "./opennext.js";
import reactRouter from "./react-router.js";
import sam from "./sam.js";
import serverless from "./serverless.js";
import solidStart from "./solid-start.js";
import sst from "./sst.js";
import sveltekit from "./sveltekit.js";
import tanstackStart from "./tanstack-start.js";
import type { DiscoveryAdapter } from "./types.js";
import vercelApi from "./vercel-api.js";
import wrangler from "./wrangler.js";

/**
 * Every kind of project discovery knows, in the order they run: frameworks first, so that the
 * platform readers after them know which framework owns the package.
 */
export const ADAPTERS: readonly DiscoveryAdapter[] = [
  opennext,
  next,
  sst,
  sveltekit,
  astro,
  // TanStack Start and SolidStart build with Nitro: they run before it, and it steps back for them.
  tanstackStart,
  solidStart,
  nitro,
  hydrogen,
  reactRouter,
  cloudflarePages,
  vercelApi,
  honoBuild,
  wrangler,
  sam,
  serverless,
  cdk,
  hono,
];
