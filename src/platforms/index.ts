import { awsLambda } from "./aws-lambda.js";
import { cloudflareWorkers } from "./cloudflare-workers.js";
import { RUNTIMES } from "./runtimes.js";
import type { PlatformDef, RuntimeDef, RuntimeKind } from "./types.js";
import { vercel } from "./vercel.js";

/**
 * Every platform coldstart knows, in the order it lists them. Adding one is a file beside these
 * and a line here (README: "Adding a platform"); the types, CLI choices, `choose`, `create`, cost
 * and the rules follow from this list.
 */
export const PLATFORMS = [vercel, cloudflareWorkers, awsLambda] as const;

export type Platform = (typeof PLATFORMS)[number]["id"];
export type CreateTarget = (typeof PLATFORMS)[number]["createTarget"];
export type { RuntimeKind };

export const PLATFORM_IDS: readonly Platform[] = PLATFORMS.map((p) => p.id);
export const CREATE_TARGETS: readonly CreateTarget[] = PLATFORMS.map((p) => p.createTarget);
export const RUNTIME_KINDS = Object.keys(RUNTIMES) as RuntimeKind[];

const byId = new Map<string, PlatformDef>(PLATFORMS.map((p) => [p.id, p]));

/** The registry entry of a platform id (or of a function's platform). */
export function platformDef(id: Platform | { platform: Platform }): PlatformDef<Platform> {
  return byId.get(typeof id === "string" ? id : id.platform) as PlatformDef<Platform>;
}

export function runtimeDef(kind: RuntimeKind | { runtime: RuntimeKind }): RuntimeDef {
  return RUNTIMES[typeof kind === "string" ? kind : kind.runtime];
}

export function platformName(id: Platform): string {
  return platformDef(id).name;
}
