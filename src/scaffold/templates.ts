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

/** Used with --yes when --target is absent: runs locally with no cloud account, smallest install. */
export const DEFAULT_TARGET: Target = "workers";

export type ResourceKey = "memory" | "timeout" | "cpuMs";

/** A next-steps command: a package.json script, an npm-published tool run through the package runner, or a command as is. */
export type Command = { script: string; args?: readonly string[] } | { exec: string } | { shell: string };

export interface Step {
  label: string;
  command: Command;
}

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

export interface TemplateInfo {
  target: Target;
  label: string;
  hint: string;
  /** Resource flags the target understands, with its limits and defaults (the template contract). */
  limits: Partial<Record<ResourceKey, Limit>>;
  /** Why the other resource flags do not apply, with what to use instead. */
  unsupported: Partial<Record<ResourceKey, string>>;
  /** Values for the template's placeholders besides {{name}}. */
  placeholders(settings: Settings): Record<string, string>;
  /** The next steps after `cd` and install, in order; their scripts exist in the template's package.json. */
  steps: readonly Step[];
  /** Dependencies with install scripts that pnpm must be allowed to build. */
  builtDependencies: readonly string[];
}

/** The only registry of templates; templates/<target>/ holds the files. */
export const TEMPLATES: Record<Target, TemplateInfo> = {
  vercel: {
    target: "vercel",
    label: "Vercel",
    hint: "Next.js App Router API: Node runtime, maxDuration, streaming route",
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
    steps: [
      { label: "dev", command: { script: "dev" } },
      { label: "test", command: { script: "test" } },
      { label: "deploy", command: { exec: "vercel deploy" } },
    ],
    builtDependencies: ["sharp", "unrs-resolver"],
  },
  workers: {
    target: "workers",
    label: "Cloudflare Workers",
    hint: "JSON API on workerd: KV cache, tests in the real runtime",
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
    steps: [
      { label: "dev", command: { script: "dev" } },
      { label: "test", command: { script: "test" } },
      { label: "deploy", command: { script: "deploy" } },
    ],
    builtDependencies: ["esbuild", "workerd", "sharp"],
  },
  lambda: {
    target: "lambda",
    label: "AWS Lambda",
    hint: "SAM: HTTP API + SQS consumer, arm64, Node 22, esbuild bundles",
    limits: {
      memory: { flag: "--memory", min: awsLambda.limits.memoryMb.min, max: awsLambda.limits.memoryMb.max, default: 512, why: `Lambda MemorySize is ${awsLambda.limits.memoryMb.min}-${awsLambda.limits.memoryMb.max} MB` },
      timeout: {
        flag: "--timeout",
        min: 1,
        max: 29,
        default: 10,
        why: `the template's HTTP API integration gives up after 30 s, so a longer Lambda Timeout only hides failures (Lambda itself allows ${awsLambda.limits.durationS.max})`,
      },
    },
    unsupported: { cpuMs: "Lambda bills wall time; use --timeout and --memory" },
    // The SQS queue's VisibilityTimeout is six times the function timeout, as AWS advises for event sources.
    placeholders: (settings) => ({
      memory: String(settings.memory),
      timeout: String(settings.timeout),
      visibilityTimeout: String((settings.timeout ?? 0) * 6),
    }),
    steps: [
      { label: "test", command: { script: "test" } },
      { label: "bundle", command: { script: "build" } },
      { label: "run locally", command: { script: "invoke", args: ["api", "events/api-get-health.json"] } },
      { label: "first deploy (SAM CLI)", command: { script: "deploy", args: ["--guided"] } },
    ],
    builtDependencies: ["esbuild"],
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
