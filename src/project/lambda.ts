import type { ScanContext } from "./context.js";
import { discoverCdk } from "./cdk.js";
import { discoverTemplates } from "./sam.js";
import { discoverServerless } from "./serverless-yml.js";

export async function discoverLambda(ctx: ScanContext): Promise<void> {
  await discoverTemplates(ctx);
  await discoverServerless(ctx);
  await discoverCdk(ctx);
}
