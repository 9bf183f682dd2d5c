import { chmod, lstat, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CancelError } from "../errors.js";
import { interruptExitCode } from "./interrupt.js";
import type { PlannedFile } from "./plan.js";

export interface WriteOptions {
  /** The target folder exists (empty, harmless entries only, or --force). */
  exists: boolean;
  /** Aborted on SIGINT, SIGTERM or SIGHUP (the reason): stop, clean up, throw CancelError (exit 128+n). */
  signal?: AbortSignal;
}

/**
 * Writes the files into a temporary folder beside `dir`, then moves them into place, so a failure
 * or an interrupt leaves either the finished project or nothing. Into an existing folder the files
 * are moved one by one; files they replace are kept aside until the end and restored on failure.
 */
export async function writeProject(dir: string, files: readonly PlannedFile[], options: WriteOptions): Promise<void> {
  const parent = path.dirname(dir);
  let createdParent: string | undefined;
  let temp: string | undefined;
  const moved: string[] = [];
  const replaced: string[] = [];
  const createdDirs: string[] = [];
  const check = () => {
    const signal = options.signal;
    if (signal?.aborted) {
      const name = typeof signal.reason === "string" && signal.reason !== "SIGINT" ? ` by ${signal.reason}` : "";
      throw new CancelError(`Interrupted${name}. Nothing was written.`, interruptExitCode(signal));
    }
  };
  try {
    // Inside the try: a refusal here (a full disk) must still remove the parent folders just made.
    createdParent = await mkdir(parent, { recursive: true });
    temp = await mkdtemp(path.join(parent, `.${path.basename(dir)}.coldstart-`));
    const staged = path.join(temp, "project");
    for (const file of files) {
      check();
      const to = path.join(staged, file.path);
      await mkdir(path.dirname(to), { recursive: true });
      await writeFile(to, file.contents);
      await chmod(to, file.mode);
    }
    check();
    if (!options.exists) {
      await rename(staged, dir);
      return;
    }
    for (const file of files) {
      const from = path.join(staged, file.path);
      const to = path.join(dir, file.path);
      const created = await mkdir(path.dirname(to), { recursive: true });
      if (created !== undefined) createdDirs.push(created);
      if (await moveAside(to, path.join(temp, "replaced", file.path))) replaced.push(file.path);
      await rename(from, to);
      moved.push(file.path);
    }
  } catch (error) {
    if (temp !== undefined) await rollback(dir, path.join(temp, "replaced"), moved, replaced);
    for (const created of createdDirs.reverse()) await rm(created, { recursive: true, force: true });
    if (createdParent !== undefined && !options.exists) await rm(createdParent, { recursive: true, force: true });
    throw error;
  } finally {
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  }
}

/** Moves an existing file out of the way; never a folder, whose other contents are not ours to replace. */
async function moveAside(file: string, to: string): Promise<boolean> {
  const info = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (info === undefined) return false;
  if (info.isDirectory()) throw new Error(`${file} is a folder; it will not be replaced by a file`);
  await mkdir(path.dirname(to), { recursive: true });
  await rename(file, to);
  return true;
}

async function rollback(dir: string, backup: string, moved: string[], replaced: string[]): Promise<void> {
  for (const rel of moved) await rm(path.join(dir, rel), { force: true });
  for (const rel of replaced) await rename(path.join(backup, rel), path.join(dir, rel)).catch(() => undefined);
}
