import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CancelError } from "../../../src/errors.js";
import type { PlannedFile } from "../../../src/scaffold/plan.js";
import { writeProject } from "../../../src/scaffold/write.js";
import { tempDir } from "./_helpers.js";

const file = (p: string, text: string): PlannedFile => ({ path: p, contents: Buffer.from(text), mode: 0o644 });

describe("move into place", () => {
  it("creates missing parent folders and leaves only the project", async () => {
    const root = tempDir();
    const dir = path.join(root, "apps/api");
    await writeProject(dir, [file("a.txt", "A"), file("src/b.ts", "B")], { exists: false });
    expect(readFileSync(path.join(dir, "src/b.ts"), "utf8")).toBe("B");
    expect(readdirSync(path.join(root, "apps"))).toEqual(["api"]);
  });

  it("removes the temporary folder, and the parents it created, when writing fails", async () => {
    const root = tempDir();
    const dir = path.join(root, "nested/api");
    // "a" as a file and as a folder cannot both exist: the second write fails while staging.
    const failing = writeProject(dir, [file("a", "A"), file("a/b", "B")], { exists: false });
    await expect(failing).rejects.toThrow();
    expect(readdirSync(root)).toEqual([]);
  });

  it("stops on an interrupt and writes nothing", async () => {
    const root = tempDir();
    const abort = new AbortController();
    abort.abort();
    await expect(writeProject(path.join(root, "api"), [file("a.txt", "A")], { exists: false, signal: abort.signal })).rejects.toBeInstanceOf(CancelError);
    expect(readdirSync(root)).toEqual([]);
  });

  it("rolls back replaced files when a move into an existing folder fails", async () => {
    const root = tempDir();
    const dir = path.join(root, "api");
    mkdirSync(path.join(dir, "b.txt"), { recursive: true });
    writeFileSync(path.join(dir, "a.txt"), "old A");
    writeFileSync(path.join(dir, "b.txt/keep"), "K");
    const failing = writeProject(dir, [file("a.txt", "new A"), file("new/c.txt", "C"), file("b.txt", "B")], { exists: true });
    await expect(failing).rejects.toThrow();
    expect(readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("old A");
    expect(existsSync(path.join(dir, "new"))).toBe(false);
    expect(readFileSync(path.join(dir, "b.txt/keep"), "utf8")).toBe("K");
    expect(readdirSync(root)).toEqual(["api"]);
  });
});
