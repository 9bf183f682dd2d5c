import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { awsLambda } from "../platforms/aws-lambda.js";
import { cloudflareWorkers } from "../platforms/cloudflare-workers.js";
import { CREATE_TARGETS, type CreateTarget } from "../platforms/index.js";
import { vercel as vercelDef } from "../platforms/vercel.js";
import type { Settings } from "./settings.js";

/** Every platform's scaffold target, from the registry. */
export const TARGETS = CREATE_TARGETS;
export type Target = CreateTarget;

/**
 * The one default platform: taken by --yes when --target is absent, and highlighted first when
 * create asks. It runs locally with no cloud account and has the smallest install.
 */
export const DEFAULT_TARGET: Target = "workers";

export type ResourceKey = "memory" | "timeout" | "cpuMs";

/** A next-steps command: a package.json script, an npm-published tool run through the package runner, or a command as is. */
export type Command = { script: string; args?: readonly string[] } | { exec: string } | { shell: string };

/** A resource flag's platform range; values outside it are refused with `why`. */
export interface Limit {
  flag: string;
  min: number;
  max: number;
  /** Written when the flag is absent; none means the template keeps the setting commented out. */
  default?: number;
  /** Above this the value needs a paid plan: accepted with a warning. */
  warnAbove?: number;
  warning?: string;
  why: string;
}

/** What a platform brings to every one of its templates; each template's own facts are in its manifest (registry.ts). */
export interface TargetInfo {
  target: Target;
  label: string;
  hint: string;
  /** Resource flags the target understands, with its limits and defaults (the template contract). */
  limits: Partial<Record<ResourceKey, Limit>>;
  /** Why the other resource flags do not apply, with what to use instead. */
  unsupported: Partial<Record<ResourceKey, string>>;
  /** Values for the template's placeholders besides {{name}} and {{coldstartVersion}}. */
  placeholders(settings: Settings): Record<string, string>;
}

export const TARGET_INFO: Record<Target, TargetInfo> = {
  vercel: {
    target: "vercel",
    label: "Vercel",
    hint: "Next.js App Router, Node runtime, maxDuration",
    limits: {
      memory: {
        flag: "--memory",
        min: vercelDef.limits.memoryMb.min,
        max: vercelDef.limits.memoryMb.max,
        default: 1024,
        warnAbove: vercelDef.limits.memoryMb.hobbyMax,
        warning: `Hobby allows up to ${vercelDef.limits.memoryMb.hobbyMax} MB; more needs a Pro or Enterprise plan`,
        why: `Vercel functions take ${vercelDef.limits.memoryMb.min}-${vercelDef.limits.memoryMb.max} MB`,
      },
      timeout: {
        flag: "--timeout",
        min: 1,
        max: vercelDef.limits.durationS.max,
        default: 30,
        warnAbove: vercelDef.limits.durationS.hobbyMax,
        warning: `Hobby allows maxDuration up to ${vercelDef.limits.durationS.hobbyMax} s; more needs a Pro or Enterprise plan`,
        why: `Vercel maxDuration is 1-${vercelDef.limits.durationS.max} s with Fluid compute`,
      },
    },
    unsupported: { cpuMs: "Vercel has no CPU cap; use --timeout and --memory" },
    placeholders: (settings) => ({ memory: String(settings.memory), timeout: String(settings.timeout) }),
  },
  workers: {
    target: "workers",
    label: "Cloudflare Workers",
    hint: "workerd, tests in the real runtime",
    limits: {
      cpuMs: { flag: "--cpu-ms", min: 1, max: cloudflareWorkers.limits.cpuMs.max, why: `Workers limits.cpu_ms is 1-${cloudflareWorkers.limits.cpuMs.max} (paid plan)` },
    },
    unsupported: {
      memory: "Workers have a fixed 128 MB per isolate; cap CPU time with --cpu-ms instead",
      timeout: "Workers have no wall-clock limit to set; cap CPU time with --cpu-ms instead",
    },
    placeholders: (settings) => ({
      limits:
        settings.cpuMs === undefined
          ? `// "limits": { "cpu_ms": 50 }, // Paid plan: cap CPU time per request (coldstart create --cpu-ms)`
          : `"limits": { "cpu_ms": ${settings.cpuMs} },`,
    }),
  },
  lambda: {
    target: "lambda",
    label: "AWS Lambda",
    hint: "SAM, arm64, Node 22, esbuild bundles",
    limits: {
      memory: { flag: "--memory", min: awsLambda.limits.memoryMb.min, max: awsLambda.limits.memoryMb.max, default: 512, why: `Lambda MemorySize is ${awsLambda.limits.memoryMb.min}-${awsLambda.limits.memoryMb.max} MB` },
      timeout: { flag: "--timeout", min: 1, max: awsLambda.limits.durationS.max, default: 10, why: `Lambda Timeout is 1-${awsLambda.limits.durationS.max} s` },
    },
    unsupported: { cpuMs: "Lambda bills wall time; use --timeout and --memory" },
    // The SQS queue's VisibilityTimeout is six times the function timeout, as AWS advises for event sources.
    placeholders: (settings) => ({
      memory: String(settings.memory),
      timeout: String(settings.timeout),
      visibilityTimeout: String((settings.timeout ?? 0) * 6),
    }),
  },
};

export function isTarget(value: unknown): value is Target {
  return typeof value === "string" && (TARGETS as readonly string[]).includes(value);
}

let override: string | undefined;

/** Tests point create at a fixture folder holding <target>/ templates (create-astro's setStdout, for files). */
export function setTemplatesRoot(dir: string | undefined): void {
  override = dir;
}

/** templates/ ships beside dist/ in the package; walk up because chunks live in dist/chunks/. */
export function templatesRoot(from: string = fileURLToPath(import.meta.url)): string {
  if (override !== undefined) return override;
  let dir = path.dirname(from);
  for (;;) {
    const candidate = path.join(dir, "templates");
    if (existsSync(path.join(dir, "package.json")) && existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`coldstart's templates/ folder was not found above ${from}`);
    dir = parent;
  }
}
