import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import type { PlannedFile } from "./plan.js";

/**
 * Entries that may already be in the folder without counting as "in the way": version-control
 * metadata, editor settings, OS litter and a licence, as long as the template does not provide them.
 */
const HARMLESS = [/^\.git$/, /^\.gitattributes$/, /^\.hg$/, /^\.svn$/, /^\.DS_Store$/, /^Thumbs\.db$/, /^desktop\.ini$/i, /^\.idea$/, /^\.vscode$/, /^LICEN[CS]E(\.(md|txt))?$/i, /^(npm-debug|yarn-debug|yarn-error)\.log/];

export function isHarmless(entry: string): boolean {
  return HARMLESS.some((pattern) => pattern.test(entry));
}

export interface TargetState {
  exists: boolean;
  /** Top-level entries that are not harmless, or that the template would replace. */
  inTheWay: string[];
  /** Paths that --force cannot resolve without deleting unrelated files (a folder where a file goes, a symlinked folder). */
  blocked: string[];
}

export async function inspectTarget(dir: string, plan: readonly PlannedFile[]): Promise<TargetState> {
  let entries: string[];
  try {
    const info = await lstat(dir);
    if (!info.isDirectory()) return { exists: true, inTheWay: [], blocked: [path.basename(dir)] };
    entries = (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { exists: false, inTheWay: [], blocked: [] };
    throw error;
  }
  const provided = new Set(plan.map((file) => file.path.split("/")[0]));
  const inTheWay = entries.filter((entry) => !isHarmless(entry) || provided.has(entry));
  return { exists: true, inTheWay, blocked: await blockedPaths(dir, plan) };
}

/** A template file whose path meets an existing folder, a file where a folder is needed, or a symlink on the way. */
async function blockedPaths(dir: string, plan: readonly PlannedFile[]): Promise<string[]> {
  const blocked = new Set<string>();
  const checked = new Map<string, "dir" | "file" | "link" | "none">();
  const kind = async (rel: string) => {
    let known = checked.get(rel);
    if (known === undefined) {
      try {
        const info = await lstat(path.join(dir, rel));
        known = info.isSymbolicLink() ? "link" : info.isDirectory() ? "dir" : "file";
      } catch {
        known = "none";
      }
      checked.set(rel, known);
    }
    return known;
  };
  for (const file of plan) {
    const parts = file.path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join("/");
      const k = await kind(folder);
      if (k === "none") break;
      if (k !== "dir") {
        blocked.add(folder);
        break;
      }
    }
    if ((await kind(file.path)) === "dir") blocked.add(file.path);
  }
  return [...blocked].sort();
}
