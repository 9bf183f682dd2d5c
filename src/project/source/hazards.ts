import { readdirSync, type Dirent } from "node:fs";
import path from "node:path";
import type { Boundary } from "./boundary.js";

/**
 * Files esbuild reads on its own while it resolves imports, without asking a plugin: a named pipe
 * there blocks the bundler forever, and a link out of the project makes it read (and quote, in
 * its errors) a file coldstart would refuse.
 */
const READ_BY_BUNDLER = new Set(["package.json", "tsconfig.json", "jsconfig.json", ".pnp.cjs", ".pnp.js", ".pnp.data.json"]);

/** Folders esbuild never takes these files from (dependencies are installed, not written by a PR) or that hold no code. */
const NOT_WALKED = new Set(["node_modules", ".git", ".hg", ".svn", ".jj"]);

/** A folder walk stops here: a tree this large is reported as not fully checked rather than walked for minutes. */
const MAX_ENTRIES = 500_000;

export interface Hazard {
  /** Relative to the root, forward slashes. */
  rel: string;
  why: string;
}

export interface BundlerScan {
  hazards: Hazard[];
  /** Absolute paths of named pipes, sockets and devices anywhere in the tree: never loaded. */
  special: string[];
}

/**
 * Every file in the project that the bundler would read by itself and that the boundary refuses
 * (a pipe, a device, a link out of the project). Symlinked folders are not followed: what they
 * lead to inside the project is walked where it really is.
 */
export function scanForBundler(root: string, boundary: Boundary): BundlerScan {
  const hazards: Hazard[] = [];
  const special: string[] = [];
  let budget = MAX_ENTRIES;
  // Synchronous, as listFiles is: folder listings come from the page cache, and a thread-pool hop
  // per folder cost more than the listing. Depth is bounded by PATH_MAX.
  function visit(abs: string, rel: string): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    budget -= entries.length;
    if (budget < 0) return;
    const folders: Array<[string, string]> = [];
    for (const entry of entries) {
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const childAbs = path.join(abs, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_WALKED.has(entry.name)) folders.push([childAbs, childRel]);
        continue;
      }
      if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) special.push(childAbs);
      if (!READ_BY_BUNDLER.has(entry.name) || entry.isFile()) continue;
      const why = boundary.refuse(childAbs);
      if (why) hazards.push({ rel: childRel, why });
    }
    for (const [childAbs, childRel] of folders) visit(childAbs, childRel);
  }
  visit(root, "");
  if (budget < 0) hazards.push({ rel: ".", why: `holds more than ${MAX_ENTRIES.toLocaleString("en-US")} files and folders outside node_modules, more than coldstart checks before bundling` });
  return { hazards: hazards.sort((a, b) => (a.rel < b.rel ? -1 : 1)), special };
}
