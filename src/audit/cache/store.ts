import { createHash, randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type * as z from "zod";
import pkg from "../../../package.json" with { type: "json" };
import { realPathOf, within } from "../../project/source/boundary.js";
import { userCacheFolder } from "./user-folder.js";

/** Bumped when what an entry holds changes shape; entries of another format or coldstart version are ignored. */
const FORMAT = 1;
/** An entry larger than this is not read (a restored cache is untrusted; a 10 GB file must not stall the audit). */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

/** Set by scripts/build.mjs from the sources it built; run from source (tests), the version alone. */
declare const __COLDSTART_BUILD__: string | undefined;
const BUILD = `${pkg.version}+${typeof __COLDSTART_BUILD__ === "string" ? __COLDSTART_BUILD__ : "source"}`;

/**
 * The cache between runs: one file per slot, `<sha256 of the body>\n<body>`, the body JSON naming
 * the format, coldstart's version, the kind and the slot. An entry that is truncated, corrupt,
 * foreign (another version or format), moved between slots or edited is ignored, never trusted.
 */
export interface CacheStore {
  readonly dir: string;
  read<T>(kind: string, slot: string, schema: z.ZodType<T>): T | undefined;
  write(kind: string, slot: string, value: unknown): void;
}

export interface CacheOptions {
  /** `--cache-dir`: default a folder per project under the user's cache folder (defaultCacheDir). */
  dir?: string;
  /** Told once why the cache is not used or not written (the CLI prints it with --verbose). */
  onNote?: (message: string) => void;
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A stable hash of a JSON-able value (the parts of a slot's name). */
export function slotOf(parts: unknown): string {
  return sha256(JSON.stringify(parts));
}

/**
 * Where a project's cache lives unless `--cache-dir` says otherwise: outside the project, in the
 * user's cache folder (XDG_CACHE_HOME, ~/Library/Caches, %LOCALAPPDATA%, else ~/.cache), one folder
 * per audited path. Never inside the project by default: a pull request could commit a
 * `node_modules/.cache` whose entries carry valid checksums and a clean result, and a CI gate that
 * trusted them would pass code it never checked.
 */
export function defaultCacheDir(realRoot: string): string | undefined {
  const base = userCacheFolder();
  return base === undefined ? undefined : path.join(base, "coldstart", "audit", sha256(realRoot).slice(0, 16));
}

/**
 * The cache folder for the audited folder `realRoot` (a real path), or undefined with a note. A
 * folder inside the project (only with --cache-dir) is used only when its real path stays inside
 * it: the project is untrusted, and a committed `node_modules` linked elsewhere must not make
 * coldstart write there.
 */
export function openCache(realRoot: string, options: CacheOptions): CacheStore | undefined {
  const dir = options.dir ? path.resolve(options.dir) : defaultCacheDir(realRoot);
  if (dir === undefined) {
    options.onNote?.("no cache: there is no user cache folder (set XDG_CACHE_HOME or pass --cache-dir)");
    return undefined;
  }
  const inside = (p: string) => within(realRoot, p);
  const real = realPathOf(dir);
  if (real === undefined || (inside(dir) && !inside(real))) {
    options.onNote?.(`no cache: ${path.relative(realRoot, dir) || dir} leads outside the project through a symbolic link, so coldstart neither reads nor writes it`);
    return undefined;
  }
  let writable = true;
  // Folders made so far, and temp names unique to this process and run without a random draw per write.
  const made = new Set<string>();
  const nonce = `${process.pid}-${randomBytes(4).toString("hex")}`;
  let writes = 0;
  return {
    dir,
    read<T>(kind: string, slot: string, schema: z.ZodType<T>): T | undefined {
      const text = readEntry(path.join(dir, kind, `${slot}.json`));
      if (text === undefined) return undefined;
      const newline = text.indexOf("\n");
      const body = text.slice(newline + 1);
      if (newline !== 64 || sha256(body) !== text.slice(0, 64)) return undefined;
      let parsed: { format?: unknown; coldstart?: unknown; kind?: unknown; slot?: unknown; value?: unknown };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        return undefined;
      }
      if (parsed.format !== FORMAT || parsed.coldstart !== BUILD || parsed.kind !== kind || parsed.slot !== slot) return undefined;
      const value = schema.safeParse(parsed.value);
      return value.success ? value.data : undefined;
    },
    write(kind: string, slot: string, value: unknown): void {
      if (!writable) return;
      // ASCII only: project text (a file name with a bidi override or ESC) stays inert in the file itself.
      const body = JSON.stringify({ format: FORMAT, coldstart: BUILD, kind, slot, value }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
      const folder = path.join(dir, kind);
      const file = path.join(folder, `${slot}.json`);
      const temp = `${file}.${nonce}-${writes++}.tmp`;
      try {
        if (!made.has(folder)) mkdirSync(folder, { recursive: true });
        made.add(folder);
        // "wx": a file (or link) already there is never written through; the rename replaces the slot whole.
        writeFileSync(temp, `${sha256(body)}\n${body}`, { flag: "wx" });
        renameSync(temp, file);
      } catch (error) {
        writable = false;
        try {
          rmSync(temp, { force: true });
        } catch {
          // the folder itself could not be made: nothing was written
        }
        options.onNote?.(`no cache written: ${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)}); the audit ran in full`);
      }
    },
  };
}

/** A regular file's text, without following a link or blocking on a pipe; undefined otherwise. */
function readEntry(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_ENTRY_BYTES) return undefined;
    return readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
