import type { ScanContext } from "../context.js";

/**
 * One kind of project discovery knows (knip's plugin idea): how it recognises a package, and how it
 * reads the package's functions. Adding a framework is one adapter file and a line in index.ts.
 */
export interface DiscoveryAdapter {
  /** Stable id: `next`, `wrangler`, `sveltekit`. */
  id: string;
  /** For people: `Next.js`, `Cloudflare Workers (wrangler)`. */
  name: string;
  /** What it reads, for the "no functions found" message and the README's table. */
  reads: string;
  /** A framework decides where its routes run (through its deploy adapter); a platform config names functions itself. */
  kind: "framework" | "platform-config";
  /** Cheap: whether the package looks like this kind of project (its dependencies and file names). */
  detect(ctx: ScanContext): boolean;
  /** Finds the package's functions, problems and notes; runs only when `detect` said yes. */
  discover(ctx: ScanContext): Promise<void>;
}

export function defineAdapter(adapter: DiscoveryAdapter): DiscoveryAdapter {
  return adapter;
}
