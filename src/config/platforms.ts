import type { Platform } from "../project/types.js";
import type { ColdstartConfig } from "./schema.js";

/** Config `platform` (the audited folder, ".") and `packages.<dir>.platform`, keyed as discovery names packages. */
export function platformsOf(config: ColdstartConfig): Record<string, Platform> {
  const out: Record<string, Platform> = {};
  if (config.platform) out["."] = config.platform;
  for (const [dir, pkg] of Object.entries(config.packages ?? {})) {
    if (pkg.platform) out[dir.replace(/^\.\//, "").replace(/\/+$/, "") || "."] = pkg.platform;
  }
  return out;
}
