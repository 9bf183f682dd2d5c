import { createHash } from "node:crypto";
import { lstat, readFile, readlink } from "node:fs/promises";
import path from "node:path";
import { listTree, readBlobs, type Git } from "./git.js";

/**
 * How the working tree differs from a commit, found without asking git to look at the working tree:
 * `git diff` and `git status` run the clean filters that .gitattributes names, and those are
 * commands. Here git lists the files (`ls-files`, which reads no content) and Node hashes them as
 * git would store them without filters. A file a filter would change counts as changed: more is
 * audited, nothing is missed.
 */
export interface WorkingTreeChanges {
  /** Repository-relative paths added, modified or deleted since the commit, sorted. */
  files: string[];
  /** Base blob of each modified file (added files have none). */
  baseObjects: Map<string, string>;
}

export async function workingTreeChanges(git: Git, commit: string): Promise<WorkingTreeChanges> {
  const algorithm = (await git.text(["rev-parse", "--show-object-format"])) === "sha256" ? "sha256" : "sha1";
  const base = new Map((await listTree(git, commit)).map((e) => [e.path, e]));
  const listed = (await git.run(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"])).toString("utf8").split("\0").filter(Boolean);
  const present = new Set<string>();
  const files = new Set<string>();
  const baseObjects = new Map<string, string>();
  for (const rel of new Set(listed)) {
    const object = await blobId(path.join(git.top, ...rel.split("/")), algorithm);
    if (object === undefined) continue;
    present.add(rel);
    const before = base.get(rel);
    if (before?.object === object) continue;
    files.add(rel);
    if (before) baseObjects.set(rel, before.object);
  }
  for (const rel of base.keys()) if (!present.has(rel)) files.add(rel);
  return { files: [...files].sort(), baseObjects };
}

/** The id git gives this file's content (a link's target for a link); undefined when it is gone or not a file. */
async function blobId(abs: string, algorithm: "sha1" | "sha256"): Promise<string | undefined> {
  let body: Buffer;
  try {
    const stat = await lstat(abs);
    if (stat.isSymbolicLink()) body = Buffer.from(await readlink(abs), "utf8");
    else if (stat.isFile()) body = await readFile(abs);
    else return undefined;
  } catch {
    return undefined;
  }
  return createHash(algorithm).update(`blob ${body.length}\0`).update(body).digest("hex");
}

/**
 * Lines of each modified or added file that are new since the commit (1-based). An added file is
 * new throughout, so it has no entry: the caller treats a changed file without one as all changed.
 */
export async function changedLineSets(git: Git, changes: WorkingTreeChanges): Promise<Map<string, Set<number>>> {
  const blobs = await readBlobs(git, [...new Set(changes.baseObjects.values())]);
  const out = new Map<string, Set<number>>();
  for (const [rel, object] of changes.baseObjects) {
    let now: string;
    try {
      now = await readFile(path.join(git.top, ...rel.split("/")), "utf8");
    } catch {
      continue;
    }
    out.set(rel, addedLines(blobs.get(object)!.toString("utf8").split(/\r?\n/), now.split(/\r?\n/)));
  }
  return out;
}

/** Most edit steps traced before a diff gives up and calls the whole middle of the file changed. */
const MAX_EDITS = 2000;

/**
 * Lines of `after` not in a longest common subsequence with `before` (Myers' O(ND) diff), after
 * the common head and tail are set aside.
 */
export function addedLines(before: string[], after: string[]): Set<number> {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endA = before.length;
  let endB = after.length;
  while (endA > start && endB > start && before[endA - 1] === after[endB - 1]) {
    endA--;
    endB--;
  }
  const a = before.slice(start, endA);
  const b = after.slice(start, endB);
  const added = new Set<number>();
  const all = () => {
    for (let i = 0; i < b.length; i++) added.add(start + i + 1);
    return added;
  };
  if (b.length === 0) return added;
  if (a.length === 0) return all();
  const n = a.length;
  const m = b.length;
  const offset = n + m;
  const v = new Int32Array(2 * offset + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= Math.min(n + m, MAX_EDITS) && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return all();
  // Walk back through the saved frontiers: every step down (an insertion) is an added line of b.
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const frontier = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = frontier[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (down) added.add(start + prevY + 1);
    x = prevX;
    y = prevY;
  }
  return added;
}
