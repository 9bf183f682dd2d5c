import { promises as fs } from "node:fs";
import path from "node:path";
import type { SourceLocation } from "./types.js";

/** Folders that never hold a function's source: dependencies, VCS data and build output. */
export const SKIPPED_DIRS = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  ".next",
  ".vercel",
  ".wrangler",
  ".aws-sam",
  ".serverless",
  ".turbo",
  ".open-next",
  "cdk.out",
  "dist",
  "coverage",
  // Test fixtures hold sample configs that are not the project's own functions.
  "fixtures",
  "__fixtures__",
]);

export type Problem = { message: string; at: SourceLocation };

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

export function relativeTo(root: string, abs: string): string {
  const rel = toPosix(path.relative(root, abs));
  return rel === "" ? "." : rel;
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/** Reads a UTF-8 text file; unreadable or non-UTF-8 content is a message, never a throw. */
export async function readText(abs: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: `cannot read ${path.basename(abs)}${code ? ` (${code})` : ""}` };
  }
  try {
    const text = decoder.decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { ok: false, message: `${path.basename(abs)} is not valid UTF-8 text; save it as UTF-8` };
  }
}

export async function exists(abs: string): Promise<boolean> {
  try {
    await fs.access(abs);
    return true;
  } catch {
    return false;
  }
}

export async function isFile(abs: string): Promise<boolean> {
  try {
    return (await fs.stat(abs)).isFile();
  } catch {
    return false;
  }
}

/**
 * Every file under `dir` (relative, forward slashes), skipping SKIPPED_DIRS, hidden folders,
 * the folders in `exclude` (absolute) and symlink loops (each real folder is visited once).
 */
export async function listFiles(dir: string, exclude: ReadonlySet<string> = new Set()): Promise<string[]> {
  const seen = new Set<string>();
  // Folders are read concurrently (the walk is I/O-bound) and joined back in sorted order.
  async function visit(abs: string, rel: string): Promise<string[]> {
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch {
      return [];
    }
    if (seen.has(real)) return [];
    seen.add(real);
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      return [];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const parts = await Promise.all(
      entries.map(async (entry): Promise<string[]> => {
        const childAbs = path.join(abs, entry.name);
        const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
        let isDir = entry.isDirectory();
        let isRegular = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            const stat = await fs.stat(childAbs);
            isDir = stat.isDirectory();
            isRegular = stat.isFile();
          } catch {
            return [];
          }
        }
        if (isDir) {
          if (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith(".") || exclude.has(childAbs)) return [];
          return visit(childAbs, childRel);
        }
        return isRegular ? [childRel] : [];
      }),
    );
    return parts.flat();
  }
  return visit(dir, "");
}
