import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TARGETS = ["vercel", "workers", "lambda"] as const;
export type Target = (typeof TARGETS)[number];

/** Used with --yes when --target is absent: runs locally with no cloud account, smallest install. */
export const DEFAULT_TARGET: Target = "workers";

export type ResourceKey = "memory" | "timeout" | "cpuMs";

/** How a next-steps command is run: a package.json script, or a tool invoked through the package runner. */
export type Command = { script: string } | { exec: string };

export interface TemplateInfo {
  target: Target;
  label: string;
  hint: string;
  /** Which resource flags the target understands; others are rejected. */
  resources: readonly ResourceKey[];
  commands: { dev: Command; test: Command; deploy: Command };
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
    commands: { dev: { script: "dev" }, test: { script: "test" }, deploy: { exec: "vercel deploy" } },
    builtDependencies: ["sharp", "unrs-resolver"],
  },
  workers: {
    target: "workers",
    label: "Cloudflare Workers",
    hint: "JSON API on workerd: KV cache, tests in the real runtime",
    resources: ["cpuMs"],
    commands: { dev: { script: "dev" }, test: { script: "test" }, deploy: { script: "deploy" } },
    builtDependencies: ["esbuild", "workerd", "sharp"],
  },
  lambda: {
    target: "lambda",
    label: "AWS Lambda",
    hint: "SAM: HTTP API + SQS consumer, arm64, Node 22, esbuild bundles",
    resources: ["memory", "timeout"],
    commands: { dev: { script: "build" }, test: { script: "test" }, deploy: { exec: "sam deploy --guided" } },
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
