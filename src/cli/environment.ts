import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { EnvironmentError } from "../errors.js";

/** What the OS said, in words, and what the user can do about it. */
const PROBLEMS: Record<string, { words: string; todo: string }> = {
  ENOSPC: { words: "no space left on device", todo: "Free some space or choose another disk." },
  EDQUOT: { words: "disk quota exceeded", todo: "Free some space or ask for a larger quota." },
  EACCES: { words: "permission denied", todo: "Check its permissions, or choose a place you can write to." },
  EPERM: { words: "operation not permitted", todo: "Check its permissions, or choose a place you can write to." },
  EROFS: { words: "read-only file system", todo: "Choose a place on a writable disk." },
  ENAMETOOLONG: { words: "file name too long", todo: "Use a shorter path." },
  ENOTDIR: { words: "not a directory", todo: "Part of that path is a file, not a folder; choose another path." },
  EISDIR: { words: "is a directory", todo: "Give a file path, not a folder." },
  EMFILE: { words: "too many open files", todo: "Raise the open-file limit (ulimit -n) or close other programs." },
  ENFILE: { words: "too many open files in the system", todo: "Close other programs or raise the system's file limit." },
  EIO: { words: "input/output error", todo: "Check the disk or the terminal." },
  EPIPE: { words: "broken pipe", todo: "The program reading the output stopped early." },
};

/** Node's syscall names, as the action that failed. */
const ACTIONS: Record<string, string> = {
  open: "cannot open",
  write: "cannot write",
  writev: "cannot write",
  read: "cannot read",
  mkdir: "cannot create",
  mkdtemp: "cannot create a folder in",
  rename: "cannot move",
  copyfile: "cannot copy",
  scandir: "cannot list",
  opendir: "cannot list",
  unlink: "cannot remove",
  rmdir: "cannot remove",
};

/** The errno error behind `error` (itself or a cause), when its code is one of the user's environment. */
function environmentCause(error: unknown): NodeJS.ErrnoException | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && code in PROBLEMS) return e;
  }
  return undefined;
}

/**
 * One line for an OS refusal: which path, what the OS said, what to do. `what` names the operation as
 * the user sees it (the project folder rather than a staged file); otherwise Node's syscall and path
 * are used. Undefined when the error is not the environment's.
 */
export function environmentError(error: unknown, what?: { action: string; target: string; after?: string }): EnvironmentError | undefined {
  const cause = environmentCause(error);
  if (cause === undefined) return undefined;
  const problem = PROBLEMS[cause.code as string] as { words: string; todo: string };
  const dest = (cause as { dest?: string }).dest;
  const subject = what
    ? `${what.action} ${what.target}`
    : `${ACTIONS[cause.syscall ?? ""] ?? "cannot use"}${cause.path === undefined ? "" : ` ${cause.path}`}${dest === undefined ? "" : ` to ${dest}`}`;
  const message = `${subject}: ${problem.words} (${cause.code}). ${problem.todo}${what?.after ? ` ${what.after}` : ""}`;
  return new EnvironmentError(message, { cause: error });
}

/** Writes a report, baseline or HTML file, creating its folder; a refusal names the file the user gave. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  try {
    // A file where a folder should be gives EEXIST here; writing then reports it as ENOTDIR, in words.
    await mkdir(path.dirname(file), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
    await writeFile(file, text);
  } catch (error) {
    // write(2) errors carry no path, so the boundary alone could not say which file.
    throw environmentError(error, { action: "cannot write", target: file }) ?? error;
  }
}
