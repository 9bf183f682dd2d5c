import cdk from "./cdk.js";
import hydrogen from "./hydrogen.js";
import next from "./next.js";
import nitro from "./nitro.js";
import reactRouter from "./react-router.js";
import sam from "./sam.js";
import serverless from "./serverless.js";
import type { DiscoveryAdapter } from "./types.js";
import vercelApi from "./vercel-api.js";
import wrangler from "./wrangler.js";

/**
 * Every kind of project discovery knows, in the order they run: frameworks first, so that the
 * platform readers after them know which framework owns the package.
 */
export const ADAPTERS: readonly DiscoveryAdapter[] = [next, nitro, hydrogen, reactRouter, vercelApi, wrangler, sam, serverless, cdk];
