import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.js";
import { within } from "../project/source/boundary.js";

/**
 * Git is the one program `diff` and `audit --changed` start. It runs with nothing the repository
 * could use to run code of its own: no hooks, no fsmonitor, no external diff or textconv driver,
 * no system config, no pager, no prompt, and an environment that holds only what git needs.
 */
const SAFE_CONFIG = [
  "-c", "core.hooksPath=/dev/null",
  "-c", "core.fsmonitor=false",
  "-c", "core.untrackedCache=false",
  "-c", "core.pager=cat",
  "-c", "core.quotePath=false",
  "-c", "diff.external=",
  "-c", "protocol.allow=never",
];

export interface Git {
  /** Top folder of the repository (real path). */
  readonly top: string;
  run(args: string[], options?: { input?: string }): Promise<Buffer>;
  text(args: string[]): Promise<string>;
}

function gitEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_NO_REPLACE_OBJECTS: "1",
    GIT_ATTR_NOSYSTEM: "1",
    LC_ALL: "C",
  };
  // HOME keeps the user's safe.directory (CI containers check out as another user).
  for (const name of ["PATH", "HOME", "SYSTEMROOT", "GIT_CONFIG_GLOBAL"]) if (env[name] !== undefined) out[name] = env[name];
  return out;
}

/** `git` from PATH, leaving out folders inside the repository (a project's node_modules/.bin). */
function gitBinary(env: NodeJS.ProcessEnv, inside: string): string {
  const name = process.platform === "win32" ? "git.exe" : "git";
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const abs = path.resolve(dir);
    if (within(inside, abs)) continue;
    if (existsSync(path.join(abs, name))) return path.join(abs, name);
  }
  throw new InputError("git was not found on PATH.", { hint: "Install git; `coldstart diff` and `audit --changed` read the base commit with it." });
}

function exec(binary: string, cwd: string, env: Record<string, string>, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...SAFE_CONFIG, ...args], { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const message = Buffer.concat(err).toString("utf8").trim().split("\n")[0] ?? "";
      reject(new GitFailed(args[0] ?? "git", message || `exit code ${code}`));
    });
    if (input !== undefined) {
      // git may stop reading early (an unknown object ends the batch): its exit code says so, not EPIPE.
      child.stdin!.on("error", () => undefined);
      child.stdin!.end(input);
    }
  });
}

export class GitFailed extends Error {
  constructor(readonly command: string, readonly detail: string) {
    super(`git ${command}: ${detail}`);
  }
}

/** The repository holding `dir`; an input error when there is none. */
export async function openGit(dir: string, env: NodeJS.ProcessEnv): Promise<Git> {
  const binary = gitBinary(env, path.resolve(dir));
  const safeEnv = gitEnv(env);
  let top: string;
  try {
    top = (await exec(binary, dir, safeEnv, ["rev-parse", "--show-toplevel"])).toString("utf8").trim();
  } catch (error) {
    if (!(error instanceof GitFailed)) throw error;
    throw new InputError(`${dir} is not inside a git repository (${error.detail}).`, { hint: "Run it in a clone; the base is read from git history." });
  }
  const run = (args: string[], options: { input?: string } = {}) => exec(binary, top, safeEnv, args, options.input);
  return { top, run, text: async (args) => (await run(args)).toString("utf8").trim() };
}

/**
 * The commit to compare against: the ref given, else the merge base with the pull request's base
 * branch (GITHUB_BASE_REF in GitHub Actions) or with origin/HEAD.
 */
export async function resolveBase(git: Git, ref: string | undefined, env: NodeJS.ProcessEnv): Promise<{ ref: string; commit: string }> {
  if (ref !== undefined) return { ref, commit: await commitOf(git, ref) };
  const candidates = [...(env.GITHUB_BASE_REF ? [`origin/${env.GITHUB_BASE_REF}`, env.GITHUB_BASE_REF] : []), "origin/HEAD"];
  for (const candidate of candidates) {
    const commit = await commitOf(git, candidate).catch(() => undefined);
    if (!commit) continue;
    const base = await git.text(["merge-base", commit, "HEAD"]).catch(() => undefined);
    if (base) return { ref: `merge base with ${candidate}`, commit: base };
  }
  throw new InputError(`no base to compare with: none of ${candidates.join(", ")} is known to git.`, {
    hint: "Pass --base <ref> (a branch, tag or commit); in GitHub Actions check out with `fetch-depth: 0`.",
  });
}

export async function commitOf(git: Git, ref: string): Promise<string> {
  if (ref.startsWith("-")) throw new InputError(`"${ref}" is not a git ref.`);
  try {
    return await git.text(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  } catch {
    throw new InputError(`git does not know the ref "${ref}".`, { hint: "Fetch it first (in GitHub Actions: `fetch-depth: 0`), or pass another --base." });
  }
}

export interface TreeEntry {
  mode: string;
  object: string;
  path: string;
}

/** Every file of a commit's tree (blobs and links; submodules left out), repository-relative. */
export async function listTree(git: Git, commit: string): Promise<TreeEntry[]> {
  const listing = (await git.run(["ls-tree", "-r", "-z", "--full-tree", commit])).toString("utf8");
  const entries: TreeEntry[] = [];
  for (const record of listing.split("\0")) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.+)$/s.exec(record);
    if (!m || m[2] !== "blob") continue;
    const parts = m[4]!.split("/");
    if (parts.some((p) => p === ".." || p === "." || p === "" || p.toLowerCase() === ".git")) continue;
    entries.push({ mode: m[1]!, object: m[3]!, path: m[4]! });
  }
  return entries;
}

/**
 * Writes the tree of `commit` into `dest` from git's object database: blobs as they are stored
 * (no checkout, so no filters, hooks or attributes run), symbolic links as links (the audit's
 * boundary judges them as it would in a checkout), submodules left out.
 */
export async function extractTree(git: Git, commit: string, dest: string): Promise<number> {
  const entries = await listTree(git, commit);
  const objects = [...new Set(entries.map((e) => e.object))];
  const contents = await readBlobs(git, objects);
  for (const entry of entries) {
    const abs = path.join(dest, ...entry.path.split("/"));
    await mkdir(path.dirname(abs), { recursive: true });
    const body = contents.get(entry.object)!;
    if (entry.mode === "120000") await symlink(body.toString("utf8"), abs);
    else await writeFile(abs, body, { mode: entry.mode === "100755" ? 0o755 : 0o644 });
  }
  return entries.length;
}

/** `git cat-file --batch`: one process for every blob, raw (no filters). */
export async function readBlobs(git: Git, objects: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (objects.length === 0) return out;
  const raw = await git.run(["cat-file", "--batch"], { input: `${objects.join("\n")}\n` });
  let at = 0;
  while (at < raw.length) {
    const eol = raw.indexOf(10, at);
    const header = raw.subarray(at, eol).toString("utf8").split(" ");
    const size = Number(header[2]);
    out.set(header[0]!, raw.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return out;
}
