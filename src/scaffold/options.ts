import path from "node:path";
import { UsageError } from "../errors.js";
import { checkName } from "./name.js";
import { PACKAGE_MANAGERS, type PackageManager } from "./package-manager.js";
import type { Template } from "./registry.js";
import { DEFAULT_TARGET, isTarget, type Target } from "./templates.js";

/** What the command line gave, typed; anything may be missing. */
export interface CreateFlags {
  dir?: string | undefined;
  target?: Target | undefined;
  template?: string | undefined;
  list?: boolean | undefined;
  name?: string | undefined;
  pm?: PackageManager | undefined;
  install?: boolean | undefined;
  git?: boolean | undefined;
  yes?: boolean | undefined;
  force?: boolean | undefined;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
  memory?: number | undefined;
  timeout?: number | undefined;
  cpuMs?: number | undefined;
}

export function parseFlags(raw: Record<string, unknown>): CreateFlags {
  const str = (key: string) => (typeof raw[key] === "string" ? (raw[key]) : undefined);
  const num = (key: string) => (typeof raw[key] === "number" ? (raw[key]) : undefined);
  const bool = (key: string) => (typeof raw[key] === "boolean" ? (raw[key]) : undefined);
  const target = str("target");
  if (target !== undefined && !isTarget(target)) throw new UsageError(`unknown target "${target}": expected vercel, workers or lambda.`);
  const pm = str("pm");
  if (pm !== undefined && !(PACKAGE_MANAGERS as readonly string[]).includes(pm)) {
    throw new UsageError(`unknown package manager "${pm}": expected ${PACKAGE_MANAGERS.join(", ")}.`);
  }
  return {
    dir: str("dir"),
    target,
    template: str("template"),
    list: bool("list"),
    name: str("name"),
    pm: pm as PackageManager | undefined,
    install: bool("install"),
    git: bool("git"),
    yes: bool("yes"),
    force: bool("force"),
    dryRun: bool("dryRun"),
    json: bool("json"),
    memory: num("memory"),
    timeout: num("timeout"),
    cpuMs: num("cpuMs"),
  };
}

/** Prompts are used only with a terminal, outside CI, without --yes, and not for --json. */
export function isHeadless(flags: CreateFlags, interactive: boolean): boolean {
  return !interactive || Boolean(flags.yes) || Boolean(flags.json);
}

export interface Answers {
  dir: string;
  name: string;
  target: Target;
  template?: Template;
}

/**
 * Headless: fill what --yes allows, or fail at once with everything that is missing and a complete
 * command to copy. Never prompts.
 */
export function headlessAnswers(flags: CreateFlags, bin: string): Answers {
  const target = flags.target ?? (flags.yes ? DEFAULT_TARGET : undefined);
  const dir = flags.dir ?? flags.name ?? (flags.yes ? `my-${target ?? DEFAULT_TARGET}-app` : undefined);
  const missing: string[] = [];
  if (dir === undefined) missing.push("a project folder");
  if (target === undefined) missing.push("--target <vercel|workers|lambda>");
  if (dir === undefined || target === undefined) {
    const example = exampleCommand(bin, { ...flags, dir: dir ?? "my-api", target: target ?? "workers" });
    throw new UsageError(`missing ${missing.join(" and ")} (no terminal to ask on, or --yes/--json/CI).`, {
      hint: `Example: ${example}\nOr pass --yes to accept the defaults (target ${DEFAULT_TARGET}).`,
    });
  }
  return { dir, name: flags.name ?? defaultName(dir), target };
}

export function defaultName(dir: string): string {
  return path.basename(path.resolve(dir));
}

/** Throws a UsageError naming the problem and a valid name to use instead. */
export function assertValidName(name: string, fromDir: boolean): void {
  const check = checkName(name);
  if (check.ok) return;
  const source = fromDir ? `The folder name "${name}" is not a valid project name` : `Invalid project name "${name}"`;
  const fix = check.suggestion === undefined ? undefined : fromDir ? `Pass --name ${check.suggestion}, or pick another folder.` : `Try --name ${check.suggestion}.`;
  throw new UsageError(`${source}: ${check.problem}.`, fix === undefined ? {} : { hint: fix });
}

/** The same command with what was missing filled in, keeping the flags the user did pass. */
export function exampleCommand(bin: string, flags: CreateFlags): string {
  const parts = [bin === "create-coldstart" ? "npm create coldstart@latest --" : `${bin} create`];
  if (flags.dir !== undefined) parts.push(quote(flags.dir));
  if (flags.template !== undefined) parts.push("--template", flags.template);
  else if (flags.target !== undefined) parts.push("--target", flags.target);
  if (flags.name !== undefined) parts.push("--name", quote(flags.name));
  if (flags.pm !== undefined) parts.push("--pm", flags.pm);
  if (flags.memory !== undefined) parts.push("--memory", String(flags.memory));
  if (flags.timeout !== undefined) parts.push("--timeout", String(flags.timeout));
  if (flags.cpuMs !== undefined) parts.push("--cpu-ms", String(flags.cpuMs));
  if (flags.install === false) parts.push("--no-install");
  if (flags.git === false) parts.push("--no-git");
  if (flags.force) parts.push("--force");
  if (flags.dryRun) parts.push("--dry-run");
  if (flags.json) parts.push("--json");
  return parts.join(" ");
}

export function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
