import { lstatSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { parseCfnYaml } from "../formats/cfn-yaml.js";
import { notStartingWith } from "./prefix-regex.js";
import { isInWorkspaceMember, joinPatterns, packageJsonPatterns, pnpmPatterns } from "./workspace-members.js";

/**
 * The one check every path from a project goes through before coldstart reads or prints it
 * (docs/security.md). A path may be read when, after symlinks, it is
 * - inside the audited folder, or inside the workspace that lists that folder as a member (a monorepo
 *   package audited on its own still reaches its sibling packages), or
 * - inside a `node_modules` folder of one of their ancestors (hoisted dependencies),
 * and it is neither version-control data (`.git/config` holds CI's checkout token) nor a local
 * secrets file, and it is a regular file or a folder (a named pipe blocks a read forever; /proc
 * and device files are outside anyway).
 */
export interface Boundary {
  /** The real path of the audited folder. */
  readonly root: string;
  /** Real paths of the folders whose contents may be read (the root, or its workspace root). */
  readonly roots: readonly string[];
  /** Why `abs` may not be read (a phrase like "is outside the project"), or undefined when it may. */
  refuse(abs: string): string | undefined;
  /**
   * A regular expression (RE2, for esbuild filters) matching every real path `refuse` might
   * refuse: outside the allowed folders, version-control data, secrets files, and `special` paths.
   */
  suspects(special: readonly string[]): string;
  /**
   * Tells the boundary that a folder listing found a regular file `name` (not a symlink) in
   * `folder`, a folder given by its real path: the file's verdict then follows from its path alone,
   * without the realpath and stat calls `refuse` would make. Not a read: watchers are not told.
   */
  listed?(folder: string, name: string): void;
}

/** Version-control folders: never read, whatever they hold. */
const VCS = new Set([".git", ".hg", ".svn", ".jj"]);

/** Files that hold local credentials by convention: never code, never printed. */
const SECRET_NAMES = "\\.env(?:\\.[^/]+)?|\\.dev\\.vars(?:\\.[^/]+)?|\\.npmrc|\\.yarnrc(?:\\.yml)?|\\.netrc|\\.git-credentials|\\.pgpass|\\.pypirc";
const SECRET_FILE = new RegExp(`^(?:${SECRET_NAMES})$`);
/** Committed templates of those files: safe to read. */
const SECRET_TEMPLATE = /\.(?:example|sample|template|defaults|dist)$/;

export function isSecretFileName(name: string): boolean {
  return SECRET_FILE.test(name) && !SECRET_TEMPLATE.test(name);
}

/**
 * Whether `child` is `parent` or a path below it (both absolute, compared as written: pass real
 * paths to judge where a file really is). The one spelling of "inside" for every path coldstart checks.
 */
export function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/** The real path of `abs`, following symlinks as far as the path exists; undefined for a dangling link or loop. */
export function realPathOf(abs: string): string | undefined {
  const rest: string[] = [];
  let current = abs;
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...rest.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") return undefined;
      // A dangling symlink is not a missing file: it points somewhere, maybe outside.
      try {
        if (lstatSync(current).isSymbolicLink()) return undefined;
      } catch {
        // missing: look at the parent
      }
      const parent = path.dirname(current);
      if (parent === current) return abs;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

function kindOf(stat: Stats): string | undefined {
  if (stat.isFile() || stat.isDirectory()) return undefined;
  if (stat.isFIFO()) return "is a named pipe, not a file";
  if (stat.isSocket()) return "is a socket, not a file";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "is a device, not a file";
  return "is not a regular file";
}

/**
 * The workspace root above `root` that lists it as a member (or a folder above it within the
 * workspace), if any, stopping at the repository's top. A folder a workspace does not list (an
 * example beside the packages, which installs its own copy of them from the registry) is a project of
 * its own: its imports of the workspace's package names are not the workspace's source.
 */
function enclosingWorkspace(root: string): string | undefined {
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    const patterns = declaredWorkspaces(dir);
    if (patterns && isInWorkspaceMember(path.relative(dir, root).split(path.sep).join("/"), patterns)) return dir;
    if (exists(path.join(dir, ".git")) || path.dirname(dir) === dir) return undefined;
  }
}

/** The member patterns `dir` declares (package.json `workspaces`, pnpm-workspace.yaml `packages`), or undefined. */
function declaredWorkspaces(dir: string): string[] | undefined {
  const read = (name: string, parse: (text: string) => string[] | undefined): string[] | undefined => {
    const text = smallFile(path.join(dir, name));
    try {
      return text === undefined ? undefined : parse(text);
    } catch {
      // Not JSON: it lists no member.
      return undefined;
    }
  };
  return joinPatterns(
    read("package.json", (text) => packageJsonPatterns(JSON.parse(text))),
    // Without `packages`, pnpm before 10 takes every package below it (10 only the root): the wider reading.
    read("pnpm-workspace.yaml", (text) => {
      const parsed = parseCfnYaml(text);
      return (parsed.ok ? pnpmPatterns(parsed.doc.value) : undefined) ?? ["**"];
    }),
  );
}

/**
 * A regular file's text, if it is one and at most 1 MB: the folders above the audited one may be the
 * same checkout, so a named pipe or a huge file there must not stall the audit.
 */
function smallFile(abs: string): string | undefined {
  try {
    const stat = statSync(abs);
    return stat.isFile() && stat.size <= 1_000_000 ? readFileSync(abs, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

function exists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

/** Listeners told of every path any boundary judges (the audit cache records what a run looked at). */
const watchers = new Set<(abs: string) => void>();

/** Calls `onJudged` with every path a boundary is asked about, until the returned function is called. */
export function watchJudged(onJudged: (abs: string) => void): () => void {
  watchers.add(onJudged);
  return () => watchers.delete(onJudged);
}

export function createBoundary(rootPath: string): Boundary {
  const root = realPathOf(path.resolve(rootPath)) ?? path.resolve(rootPath);
  const workspace = enclosingWorkspace(root);
  const roots = workspace ? [workspace] : [root];
  // node_modules of every ancestor: dependencies hoisted above the project are installed
  // packages, needed for bundle sizes, and a PR cannot place files there.
  const moduleDirs: string[] = [];
  for (let dir = roots[0]!; ; dir = path.dirname(dir)) {
    moduleDirs.push(path.join(dir, "node_modules"));
    if (path.dirname(dir) === dir) break;
  }
  const verdicts = new Map<string, string | undefined>();

  /** What the real path `real` (reached as `abs`) tells by itself: where it is, and what its name says. */
  function place(abs: string, real: string): string | undefined {
    const home = roots.find((r) => within(r, real));
    if (!home && !moduleDirs.some((m) => within(m, real))) return "is outside the project";
    const parts = path.relative(home ?? path.dirname(real), real).split(path.sep);
    if (parts.some((part) => VCS.has(part))) return "is version-control data";
    if (isSecretFileName(path.basename(real)) || isSecretFileName(path.basename(abs))) return "is a local secrets file";
    return undefined;
  }

  function judge(abs: string): string | undefined {
    const real = realPathOf(abs);
    if (real === undefined) return "is a symbolic link that cannot be followed";
    const placed = place(abs, real);
    if (placed) return placed;
    let stat: Stats;
    try {
      stat = statSync(real);
    } catch {
      return undefined; // missing: the caller reports it as missing
    }
    return kindOf(stat);
  }

  const allowed = [...roots, ...moduleDirs].map((dir) => (dir.endsWith(path.sep) ? dir : dir + path.sep));
  return {
    root,
    roots,
    refuse(abs: string): string | undefined {
      const key = path.resolve(abs);
      for (const watcher of watchers) watcher(key);
      if (!verdicts.has(key)) verdicts.set(key, judge(key));
      return verdicts.get(key);
    },
    listed(folder: string, name: string): void {
      const file = path.join(folder, name);
      // A regular file at its real path: realpath would return it unchanged, and stat say "a file".
      if (!verdicts.has(file)) verdicts.set(file, place(file, file));
    },
    suspects(special: readonly string[]): string {
      const vcs = `/(?:${[...VCS].map(escapeRegex).join("|")})/`;
      const named = `/(?:${SECRET_NAMES})$`;
      const exact = special.map((abs) => `^${escapeRegex(abs)}$`);
      return [notStartingWith(allowed), vcs, named, ...exact].join("|");
    },
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** For paths a person typed on the command line (`--config`, `--baseline`): theirs to choose. */
export const USER_GIVEN: Boundary = { root: path.sep, roots: [path.sep], refuse: () => undefined, suspects: () => "^\\b\\B" };
