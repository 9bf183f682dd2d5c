import { environmentError } from "../cli/environment.js";
import { InputError } from "../errors.js";
import { initGit, type GitOutcome } from "./git.js";
import { installDependencies, type InstallOutcome } from "./install.js";
import { type DetectedPm, installCommand } from "./package-manager.js";
import { planFiles, type PlannedFile } from "./plan.js";
import { MANIFEST, type Template } from "./registry.js";
import type { Reporter } from "./reporter.js";
import { placeholders, type Settings } from "./settings.js";
import { inspectTarget, type TargetState } from "./target-dir.js";
import { writeProject } from "./write.js";

/** Everything decided before anything is written. */
export interface Decisions {
  dir: string;
  name: string;
  template: Template;
  settings: Settings;
  pm: DetectedPm;
  install: boolean;
  git: boolean;
  force: boolean;
}

export async function plan(d: Pick<Decisions, "template" | "name" | "settings">): Promise<PlannedFile[]> {
  const { dir, name, rename, copy } = d.template;
  const files = await planFiles(dir, placeholders(d.template, d.name, d.settings), { skip: MANIFEST, rename, copy }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new InputError(`the ${name} template is missing from ${dir}; reinstall coldstart.`);
    throw error;
  });
  if (files.length === 0) throw new InputError(`the ${name} template in ${dir} is empty; reinstall coldstart.`);
  return files;
}

/** Refuses a folder with things in the way (unless --force), and anything --force cannot resolve safely. */
export async function checkTarget(d: Pick<Decisions, "dir" | "force">, files: PlannedFile[], shown: string): Promise<TargetState> {
  const state = await inspectTarget(d.dir, files).catch(refused(d.dir, false));
  if (state.blocked.length > 0) {
    throw new InputError(`cannot write into ${shown}: ${list(state.blocked)} ${state.blocked.length === 1 ? "is" : "are"} in the way and replacing ${state.blocked.length === 1 ? "it" : "them"} would delete more than template files.`, {
      hint: "Move them away or choose another folder.",
    });
  }
  if (state.inTheWay.length > 0 && !d.force) {
    throw new InputError(`${shown} is not empty: ${list(state.inTheWay)}.`, {
      hint: "Choose another folder, or pass --force to write into it (only files the template provides are replaced; nothing else is deleted).",
    });
  }
  return state;
}

/** `signal` is create's interrupt (SIGINT, SIGTERM, SIGHUP): each step below stops on it and cleans up. */
export async function write(d: Pick<Decisions, "dir">, files: PlannedFile[], state: TargetState, signal: AbortSignal): Promise<void> {
  await writeProject(d.dir, files, { exists: state.exists, signal }).catch(refused(d.dir, state.exists));
}

/** The machine refusing the folder (read-only, full, path too long) is told about the folder, not a staged file in it. */
function refused(dir: string, exists: boolean): (error: unknown) => never {
  return (error) => {
    throw environmentError(error, { action: exists ? "cannot write into" : "cannot create", target: dir, after: "Nothing was written." }) ?? error;
  };
}

export async function install(d: Decisions, env: NodeJS.ProcessEnv, reporter: Reporter, signal: AbortSignal): Promise<InstallOutcome> {
  const command = installCommand(d.pm.name);
  if (!d.install) return { status: "skipped", command };
  const done = reporter.progress(`Installing dependencies with ${command}`);
  // An interrupt stops the install but keeps the project, and still tells the user how to finish.
  const outcome = await installDependencies(d.dir, d.pm.name, env, signal);
  if (outcome.status === "done") done(true, "Installed dependencies");
  else if (outcome.status === "failed") done(false, `Installing dependencies failed: ${outcome.reason}`);
  return outcome;
}

export async function git(d: Decisions, env: NodeJS.ProcessEnv, reporter: Reporter, signal: AbortSignal): Promise<GitOutcome> {
  if (!d.git) return { status: "skipped", reason: "--no-git" };
  // A first commit of a project whose install was stopped would record a state nobody chose.
  if (signal.aborted) {
    reporter.warn("Skipped git init because the run was interrupted. Once the install is finished, run: git init && git add -A && git commit -m \"Initial commit\"");
    return { status: "skipped", reason: "the run was interrupted" };
  }
  const outcome = await initGit(d.dir, env, signal);
  if (outcome.status === "done") reporter.success("Created a git repository with a first commit");
  else if (outcome.status === "skipped") reporter.info(`Skipped git init: ${outcome.reason}.`);
  else reporter.warn(`git init failed (${outcome.reason}); the project is complete, run git init yourself.`);
  return outcome;
}

function list(entries: string[]): string {
  const shown = entries.slice(0, 10).join(", ");
  return entries.length > 10 ? `${shown} and ${entries.length - 10} more` : shown;
}
