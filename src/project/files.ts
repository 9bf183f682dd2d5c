import { promises as fs, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { Boundary } from "./source/boundary.js";
import { runShare } from "./source/run-share.js";
import type { SourceLocation } from "./types.js";
import { BUILD_DIRS } from "./source/extensions.js";

/**
 * Folders that never hold a function's source: dependencies, VCS data, build output (hidden
 * folders are skipped anyway), and test fixtures, whose sample configs are not the project's own
 * functions. `build/`, `out/` and `output/` are walked: some projects keep source there.
 */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  ...[...BUILD_DIRS].filter((dir) => !["build", "out", "output"].includes(dir)),
  "coverage",
  "fixtures",
  "__fixtures__",
]);

export type Problem = { message: string; at: SourceLocation };

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** A relative path that needs no normalising: no empty, `.` or `..` segment, no trailing slash. */
const PLAIN_REST = /^(?!\.\.?(?:\/|$))(?:[^/]+\/)*[^/]+$/;
const plainRoots = new Map<string, boolean>();

export function relativeTo(root: string, abs: string): string {
  // Discovery asks this several times per function: for a normalised path inside a normalised root
  // the answer is the tail (path.relative resolves and normalises both, character by character).
  if (path.sep === "/" && abs.length > root.length + 1 && abs.charCodeAt(root.length) === 47 && abs.startsWith(root)) {
    let plain = plainRoots.get(root);
    if (plain === undefined) plainRoots.set(root, (plain = path.isAbsolute(root) && path.resolve(root) === root));
    const rest = abs.slice(root.length + 1);
    if (plain && PLAIN_REST.test(rest) && !rest.includes("/./") && !rest.includes("/../") && !rest.endsWith("/.") && !rest.endsWith("/..")) return rest;
  }
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

export type ReadResult = { ok: true; text: string } | { ok: false; message: string; missing?: boolean };

/** What to say of a path the boundary refuses: its name, why, and that nothing of it was read. */
export function refusedMessage(name: string, why: string): string {
  return `${name} ${why}; coldstart reads only files inside the project it audits, so it was not read`;
}

/**
 * Texts readText read, by absolute path, while an audit shares them (shareReads): its file cache
 * takes them instead of reading every route file a second time.
 */
const reads = runShare<string>();

/** Keeps what readText reads until the returned function is called (by every opener). */
export function shareReads(): () => void {
  return reads.open();
}

/** The text readText read of `abs` during the open share: as `readFileSync(abs, "utf8")` reads it. */
export function sharedRead(abs: string): string | undefined {
  return reads.current?.get(abs);
}

/**
 * Reads a UTF-8 text file inside the boundary; a refused path, an unreadable file or non-UTF-8
 * content is a message, never a throw. Read synchronously: discovery reads a large app's route
 * files at once, and a synchronous read of a small file costs a fraction of the CPU of a promise-based
 * one (open, stat, read and close each a trip through the thread pool).
 */
export function readText(abs: string, boundary: Boundary): Promise<ReadResult> {
  return Promise.resolve(readTextNow(abs, boundary));
}

function readTextNow(abs: string, boundary: Boundary): ReadResult {
  const why = boundary.refuse(abs);
  if (why) return { ok: false, message: refusedMessage(path.basename(abs), why) };
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: `cannot read ${path.basename(abs)}${code ? ` (${code})` : ""}`, missing: code === "ENOENT" };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, message: `${path.basename(abs)} is not valid UTF-8 text; save it as UTF-8` };
  }
  // Shared only when it is what a plain UTF-8 read gives: without a byte order mark (which the decoder drops).
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!bom && path.isAbsolute(abs)) reads.current?.set(path.resolve(abs), text);
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Whether `abs` exists and may be read (a path the boundary refuses does not exist for discovery). */
export async function exists(abs: string, boundary: Boundary): Promise<boolean> {
  if (boundary.refuse(abs)) return false;
  try {
    await fs.access(abs);
    return true;
  } catch {
    return false;
  }
}

export async function isFile(abs: string, boundary: Boundary): Promise<boolean> {
  if (boundary.refuse(abs)) return false;
  try {
    return (await fs.stat(abs)).isFile();
  } catch {
    return false;
  }
}

/**
 * A hidden folder that is a route: `.well-known` under a Next.js `app/` or `pages/` folder
 * (app/.well-known/openid-configuration/route.ts). Other hidden folders hold tool state.
 */
function routedHidden(rel: string): boolean {
  const parts = rel.split("/");
  return parts.at(-1) === ".well-known" && parts.slice(0, -1).some((p) => p === "app" || p === "pages");
}

export interface FileList {
  /** Relative to the listed folder, forward slashes, sorted. */
  files: string[];
  /** Symlinks and special files that were not followed, and why. */
  refused: Array<{ rel: string; why: string }>;
}

/**
 * Every file under `dir` (relative, forward slashes), skipping SKIPPED_DIRS, hidden folders
 * (except routed ones, see `routedHidden`), the folders in `exclude` (absolute), symlink loops
 * (each real folder is visited once) and
 * anything the boundary refuses (a link out of the project is not followed).
 */
export function listFiles(dir: string, boundary: Boundary, exclude: ReadonlySet<string> = new Set()): FileList {
  const seen = new Set<string>();
  const refused: FileList["refused"] = [];
  // Synchronous, depth first in sorted order: folder listings come from the page cache, and an
  // async call per folder cost a thread-pool hop each (on 1,000 folders about 100 ms of CPU
  // against 70). A folder reached twice (through a link) is listed where the walk meets it first.
  // Nesting is bounded by PATH_MAX: a deeper folder fails to open and is passed over.
  function visit(abs: string, rel: string, out: string[]): void {
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    // A folder reached by its real path: the regular files listed in it are judged by the boundary from their paths.
    const atRealPath = real === abs;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childAbs = path.join(abs, entry.name);
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isRegular = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Hidden and skipped names are passed over below whatever they are; only the rest is judged.
        if (SKIPPED_DIRS.has(entry.name) || (entry.name.startsWith(".") && !routedHidden(childRel))) continue;
        const why = boundary.refuse(childAbs);
        if (why) {
          refused.push({ rel: childRel, why });
          continue;
        }
        try {
          const stat = statSync(childAbs);
          isDir = stat.isDirectory();
          isRegular = stat.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(entry.name) || (entry.name.startsWith(".") && !routedHidden(childRel)) || exclude.has(childAbs)) continue;
        visit(childAbs, childRel, out);
      } else if (isRegular) {
        if (atRealPath && !entry.isSymbolicLink()) boundary.listed?.(abs, entry.name);
        out.push(childRel);
      }
    }
  }
  const files: string[] = [];
  visit(dir, "", files);
  refused.sort((a, b) => (a.rel < b.rel ? -1 : 1));
  return { files, refused };
}
