// Vitest global setup: every temp folder a test makes (os.tmpdir() reads TMPDIR) lands in one folder
// per run, removed when the run ends, so a day of test runs does not fill /tmp. COLDSTART_KEEP_TMP=1 keeps it.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(os.tmpdir(), "coldstart-tests-"));
  process.env.TMPDIR = dir;
  // The audit's cache between runs lives in the user's cache folder: a test run keeps its own.
  const previousCache = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = path.join(dir, "user-cache");
  return () => {
    if (previousCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previousCache;
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.COLDSTART_KEEP_TMP === "1") console.log(`temp folders kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
