import cdk from "./cdk.js";
import next from "./next.js";
import sam from "./sam.js";
import serverless from "./serverless.js";
import sst from "./sst.js";
import type { DiscoveryAdapter } from "./types.js";
import vercelApi from "./vercel-api.js";
import wrangler from "./wrangler.js";

/**
 * Every kind of project discovery knows, in the order they run: frameworks first, so that the
 * platform readers after them know which framework owns the package.
 */
export const ADAPTERS: readonly DiscoveryAdapter[] = [next, sst, vercelApi, wrangler, sam, serverless, cdk];
