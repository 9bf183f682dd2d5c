import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The unit project shares one module graph per worker between files (isolate: false in
// vitest.config.ts), so a helper module's top-level afterAll would run for the first file that loads
// it only. Folders made here are removed by _per-file.ts, a setup file run before every test file.
const made: string[] = [];

/** A fresh folder under the OS temp dir, removed when the test file finishes. */
export function tempDir(prefix = "create"): string {
  const dir = mkdtempSync(path.join(tmpdir(), `coldstart-unit-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir() made so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
