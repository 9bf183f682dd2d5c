import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TARGETS = ["vercel", "workers", "lambda"] as const;
export type Target = (typeof TARGETS)[number];

/** Used with --yes when --target is absent: runs locally with no cloud account, smallest install. */
export const DEFAULT_TARGET: Target = "workers";

export type ResourceKey = "memory" | "timeout" | "cpuMs";

/** A next-steps command: a package.json script, an npm-published tool run through the package runner, or a command as is. */
export type Command = { script: string; args?: readonly string[] } | { exec: string } | { shell: string };

export interface Step {
  label: string;
  command: Command;
}

export interface TemplateInfo {
  target: Target;
  label: string;
  hint: string;
  /** Which resource flags the target understands; others are rejected. */
  resources: readonly ResourceKey[];
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
    resources: ["memory", "timeout"],
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
    resources: ["cpuMs"],
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
    resources: ["memory", "timeout"],
    steps: [
      { label: "test", command: { script: "test" } },
      { label: "bundle", command: { script: "build" } },
      { label: "run locally", command: { script: "invoke", args: ["api", "events/api-get-health.json"] } },
      { label: "first deploy (SAM CLI)", command: { shell: "sam build && sam deploy --guided" } },
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
