import { existsSync, rmSync } from "node:fs";
import path from "node:path";

export type GitOutcome =
  | { status: "done" }
  | { status: "skipped"; reason: string }
  | { status: "failed"; reason: string };

/** Used only for the first commit, and only when the user has no identity configured. */
const FALLBACK_IDENTITY = ["-c", "user.name=coldstart", "-c", "user.email=coldstart@users.noreply.github.com"];

/**
 * `git init` and a first commit, unless the folder is already inside a work tree (a monorepo) or
 * git is missing. Hooks are skipped (--no-verify): the user's global hooks are not about this commit.
 * An interrupt (`signal`) stops git and removes the half-made .git; the project itself stays.
 */
export async function initGit(dir: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<GitOutcome> {
  if (signal?.aborted) return { status: "skipped", reason: "the run was interrupted" };
  const { execa } = await import("execa");
  const git = (args: string[]) => execa("git", args, { cwd: dir, env, reject: false, stdin: "ignore", ...(signal ? { cancelSignal: signal } : {}) });

  const version = await git(["--version"]);
  if (signal?.aborted) return { status: "skipped", reason: "the run was interrupted" };
  if (version.failed) return { status: "skipped", reason: "git is not installed" };
  if (existsSync(path.join(dir, ".git"))) return { status: "skipped", reason: "the folder already has a .git" };
  if (await insideWorkTree(dir, env)) return { status: "skipped", reason: "already inside a git work tree" };

  const undo = (reason: string): GitOutcome => {
    rmSync(path.join(dir, ".git"), { recursive: true, force: true });
    return { status: "failed", reason: signal?.aborted ? "interrupted" : reason };
  };
  const init = await git(["init", "--quiet", "--initial-branch=main"]);
  if (signal?.aborted) return undo("interrupted");
  const initFallback = init.failed ? await git(["init", "--quiet"]) : init;
  if (initFallback.failed) return undo(firstLine(initFallback.stderr));
  const add = await git(["add", "--all"]);
  if (add.failed) return undo(firstLine(add.stderr));
  const hasName = !(await git(["config", "user.name"])).failed;
  const hasEmail = !(await git(["config", "user.email"])).failed;
  const identity = hasName && hasEmail ? [] : FALLBACK_IDENTITY;
  const commit = await git([...identity, "commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", "Initial commit from coldstart create"]);
  if (commit.failed) return undo(firstLine(commit.stderr));
  return { status: "done" };
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "git failed";
}

/** Whether `dir`, or its nearest existing parent, is inside a git work tree. */
export async function insideWorkTree(dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  let probe = dir;
  while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  const { execa } = await import("execa");
  const result = await execa("git", ["rev-parse", "--is-inside-work-tree"], { cwd: probe, env, reject: false, stdin: "ignore" });
  return !result.failed && result.stdout.trim() === "true";
}
