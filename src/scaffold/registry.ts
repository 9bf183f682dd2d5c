import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as z from "zod";
import { InputError, UsageError } from "../errors.js";
import { TARGETS, TARGET_INFO, type Limit, type ResourceKey, type Target } from "./templates.js";

/** Each template folder's manifest; never copied into the project. */
export const MANIFEST = "coldstart-template.json";

const command = z.union([
  z.object({ script: z.string().min(1), args: z.array(z.string()).optional() }).strict(),
  z.object({ exec: z.string().min(1) }).strict(),
  z.object({ shell: z.string().min(1) }).strict(),
]);

const limitOverride = z.object({ default: z.number().int().positive().optional(), max: z.number().int().positive().optional(), why: z.string().min(1).optional() }).strict();

const manifestSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().min(1).max(120),
    platform: z.enum(TARGETS as [Target, ...Target[]]),
    /** Narrows the platform's resource limits for this template (the HTTP API's 30 s, say). */
    limits: z.partialRecord(z.enum(["memory", "timeout", "cpuMs"]), limitOverride).default({}),
    /** Template file -> project file, besides `_gitignore` -> `.gitignore`. */
    rename: z.record(z.string(), z.string()).default({}),
    /** Template file -> an extra copy in the project (`.env.example` -> `.env`, so local runs work at once). */
    copy: z.record(z.string(), z.string()).default({}),
    /** The next steps after `cd` and install; their scripts exist in the template's package.json. */
    steps: z.array(z.object({ label: z.string().min(1), command }).strict()).default([]),
    /** Dependencies with install scripts that pnpm must be allowed to build. */
    builtDependencies: z.array(z.string()).default([]),
  })
  .strict();

export interface Template extends Omit<z.infer<typeof manifestSchema>, "$schema"> {
  name: string;
  /** The folder holding the files. */
  dir: string;
}

const cache = new Map<string, Template[]>();

/**
 * Every template under `root`: a folder with a manifest. The folder named after a platform is that
 * platform's default. Adding a template is adding a folder; no code lists them.
 */
export function loadTemplates(root: string): Template[] {
  const known = cache.get(root);
  if (known) return known;
  let entries: string[];
  try {
    entries = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    throw new InputError(`coldstart's templates were not found in ${root}; reinstall coldstart.`);
  }
  const templates = entries.flatMap((name) => {
    const template = readTemplate(path.join(root, name), name);
    return template ? [template] : [];
  });
  cache.set(root, templates);
  return templates;
}

/** The template in `dir` (its manifest checked), or undefined when the folder has no manifest. */
export function readTemplate(dir: string, name: string): Template | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, MANIFEST), "utf8");
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the template "${name}" has an invalid ${MANIFEST}: ${(error as Error).message}.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`the template "${name}" has an invalid ${MANIFEST}: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}.`);
  }
  const { $schema: _schema, ...manifest } = parsed.data;
  return { ...manifest, name, dir };
}

export function defaultTemplate(root: string, target: Target): Template {
  const found = loadTemplates(root).find((t) => t.name === target && t.platform === target);
  if (!found) throw new InputError(`the ${target} template is missing from ${root}; reinstall coldstart.`);
  return found;
}

export function templatesFor(root: string, target: Target): Template[] {
  const all = loadTemplates(root).filter((t) => t.platform === target);
  return [...all.filter((t) => t.name === target), ...all.filter((t) => t.name !== target)];
}

/** `--template <name>`, checked against `--target` when both are given. */
export function namedTemplate(root: string, name: string, target: Target | undefined): Template {
  const templates = loadTemplates(root);
  const found = templates.find((t) => t.name === name);
  if (!found) {
    throw new UsageError(`unknown template "${name}".`, { hint: `Available: ${templates.map((t) => t.name).join(", ")} (coldstart create --list describes them).` });
  }
  if (target !== undefined && found.platform !== target) {
    throw new UsageError(`the template "${name}" is for ${found.platform}, not ${target}: drop --target or pick a ${target} template (coldstart create --list).`);
  }
  return found;
}

/** The platform's limits with the template's narrower ones applied. */
export function templateLimits(template: Pick<Template, "platform" | "limits">): Partial<Record<ResourceKey, Limit>> {
  const limits: Partial<Record<ResourceKey, Limit>> = {};
  for (const [key, base] of Object.entries(TARGET_INFO[template.platform].limits) as [ResourceKey, Limit][]) {
    const own = template.limits[key];
    limits[key] = own ? { ...base, ...(own.default === undefined ? {} : { default: own.default }), ...(own.max === undefined ? {} : { max: Math.min(own.max, base.max) }), ...(own.why === undefined ? {} : { why: own.why }) } : base;
  }
  return limits;
}

/** `create --list`: one line per template, name and platform in columns, the platform's default first. */
export function formatTemplateList(templates: ReadonlyArray<Pick<Template, "name" | "platform" | "description">>): string {
  const sorted = [...templates].sort((a, b) => a.platform.localeCompare(b.platform) || Number(b.name === b.platform) - Number(a.name === a.platform) || a.name.localeCompare(b.name));
  const nameWidth = Math.max(...sorted.map((t) => t.name.length));
  const platformWidth = Math.max(...sorted.map((t) => t.platform.length));
  return sorted.map((t) => `${t.name.padEnd(nameWidth)}  ${t.platform.padEnd(platformWidth)}  ${t.description}`).join("\n");
}
