export type GitOutcome =
  | { status: "done" }
  | { status: "skipped"; reason: string }
  | { status: "failed"; reason: string };

/** Used only for the first commit, and only when the user has no identity configured. */
const FALLBACK_IDENTITY = ["-c", "user.name=coldstart", "-c", "user.email=coldstart@users.noreply.github.com"];

/**
 * `git init` and a first commit, unless the folder is already inside a work tree (a monorepo) or
 * git is missing. Hooks are skipped (--no-verify): the user's global hooks are not about this commit.
 */
export async function initGit(dir: string, env: NodeJS.ProcessEnv): Promise<GitOutcome> {
  const { execa } = await import("execa");
  const git = (args: string[]) => execa("git", args, { cwd: dir, env, reject: false, stdin: "ignore" });

  const version = await git(["--version"]);
  if (version.failed) return { status: "skipped", reason: "git is not installed" };
  const inside = await git(["rev-parse", "--is-inside-work-tree"]);
  if (!inside.failed && inside.stdout.trim() === "true") return { status: "skipped", reason: "already inside a git work tree" };

  const init = await git(["init", "--quiet", "--initial-branch=main"]);
  const initFallback = init.failed ? await git(["init", "--quiet"]) : init;
  if (initFallback.failed) return { status: "failed", reason: firstLine(initFallback.stderr) };
  const add = await git(["add", "--all"]);
  if (add.failed) return { status: "failed", reason: firstLine(add.stderr) };
  const hasName = !(await git(["config", "user.name"])).failed;
  const hasEmail = !(await git(["config", "user.email"])).failed;
  const identity = hasName && hasEmail ? [] : FALLBACK_IDENTITY;
  const commit = await git([...identity, "commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", "Initial commit from coldstart create"]);
  if (commit.failed) return { status: "failed", reason: firstLine(commit.stderr) };
  return { status: "done" };
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "git failed";
}
