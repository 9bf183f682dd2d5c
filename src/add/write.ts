import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FileChange } from "./types.js";

/** Each file is written beside its target and renamed over it, so an interrupted run leaves whole files. */
export async function writeChanges(root: string, changes: readonly FileChange[]): Promise<void> {
  for (const change of changes) {
    const target = path.join(root, change.path);
    await mkdir(path.dirname(target), { recursive: true });
    const staged = `${target}.coldstart-${process.pid}`;
    await writeFile(staged, change.after, { flag: change.before === undefined ? "wx" : "w" });
    await rename(staged, target);
  }
}
