/**
 * The environment of a measuring child: what it needs to start, and nothing of the user's (or the
 * CI job's) secrets. The function's own declared variables are present, so code that reads them at
 * import time still loads, but with placeholder values, never the parent's.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { implicitLambdaDefaults } from "../audit/analysis/timeout-limits.js";
import type { FunctionInfo } from "../project/types.js";
import { DEFAULTS } from "./assumptions.js";
import { rangeFor } from "./limits.js";
import { DEFAULT_PRICES } from "./price-table.js";
import { platformDef } from "../platforms/index.js";

const PLACEHOLDER = "coldstart-measure-placeholder";

/** Set by coldstart, or able to change what a program loads: never taken from the project. */
const RESERVED = /^(PATH|HOME|NODE_.*|COLDSTART_.*|LD_.*|DYLD_.*)$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Variable names the function's deploy configuration declares (SAM, serverless.yml, CDK, vercel.json). */
function declaredNames(fn: FunctionInfo): string[] {
  return Object.keys({ ...fn.lambda?.environment?.values, ...fn.vercel?.env?.values }).filter((n) => NAME.test(n) && !RESERVED.test(n));
}

interface MeasureEnv {
  env: Record<string, string>;
  /** Declared variables given placeholder values. */
  placeholders: string[];
}

/**
 * PATH (to find programs), HOME (an empty folder of its own, so SDKs find no ~/.aws or ~/.npmrc),
 * NODE_ENV=production, `extra` (NODE_OPTIONS and the like, set by coldstart) and placeholders.
 */
export async function measureEnv(fn: FunctionInfo, dir: string, extra: Record<string, string>): Promise<MeasureEnv> {
  const home = path.join(dir, "home");
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  const placeholders = declaredNames(fn);
  const env: Record<string, string> = Object.fromEntries(placeholders.map((n) => [n, PLACEHOLDER]));
  Object.assign(env, { PATH: process.env.PATH ?? "", HOME: home, NODE_ENV: "production" }, extra);
  // Windows cannot start a process without it; it is a folder name, not a secret.
  if (process.platform === "win32" && process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
  return { env, placeholders };
}

/**
 * The memory the function gets where it deploys: what its configuration declares, else the
 * platform's default (Workers: fixed). A declared size outside the platform's range is held to it,
 * so a template cannot lift the limit its own measurement runs under.
 */
export function measureMemoryMb(fn: FunctionInfo): number {
  if (platformDef(fn).cost.fixedMemory) return DEFAULT_PRICES["cloudflare-workers"].limits.memoryMb;
  const declared = fn.lambda?.memory?.mb ?? fn.vercel?.memory?.mb;
  const fallback = fn.lambda ? implicitLambdaDefaults(fn.lambda).memoryMb : DEFAULTS.vercelMemoryMb;
  const range = rangeFor("memoryMb", [fn.platform]);
  const mb = typeof declared === "number" && Number.isFinite(declared) ? declared : fallback;
  return Math.min(range.max, Math.max(range.min, Math.round(mb)));
}
