import type { ScanContext } from "./context.js";

export async function discoverLambda(_ctx: ScanContext): Promise<void> {}
