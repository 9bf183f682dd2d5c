import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/** A project folder under the OS temp dir, removed when the test file finishes, and a writer of files in it. */
export function tempProject(prefix: string): { root: string; write: (rel: string, text: string) => string } {
  const root = mkdtempSync(path.join(tmpdir(), `coldstart-${prefix}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string): string => {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    return abs;
  };
  return { root, write };
}
