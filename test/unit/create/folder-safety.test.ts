import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTemplatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, fixtureTemplates, snapshot, tempDir } from "./_helpers.js";

beforeAll(() => setTemplatesRoot(fixtureTemplates));
afterAll(() => setTemplatesRoot(undefined));

const args = ["--target", "workers", "--no-install", "--no-git"];

describe("create into an existing folder", () => {
  it("refuses a non-empty folder, lists what is in the way and changes nothing", async () => {
    const cwd = tempDir();
    const dir = path.join(cwd, "api");
    mkdirSync(path.join(dir, "src"), { recursive: true });
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    writeFileSync(path.join(dir, "src/index.ts"), "export {};");
    const before = snapshot(cwd);
    const { code, stdout, stderr } = await create(["api", ...args], captureIo({ cwd }));
    expect(code).toBe(2);
    expect(stderr).toContain("coldstart: api is not empty: notes.txt, src.");
    expect(stderr).toContain("--force");
    expect(stdout).toBe("");
    expect(snapshot(cwd)).toEqual(before);
    expect(readdirSync(cwd)).toEqual(["api"]);
  });

  it("accepts a folder holding only harmless entries and keeps them", async () => {
    const cwd = tempDir();
    const dir = path.join(cwd, "api");
    mkdirSync(path.join(dir, ".git"), { recursive: true });
    writeFileSync(path.join(dir, ".git/HEAD"), "ref: refs/heads/main\n");
    writeFileSync(path.join(dir, "LICENSE"), "MIT");
    const { code } = await create(["api", ...args], captureIo({ cwd }));
    expect(code).toBe(0);
    expect(readFileSync(path.join(dir, "LICENSE"), "utf8")).toBe("MIT");
    expect(readFileSync(path.join(dir, ".git/HEAD"), "utf8")).toContain("refs/heads/main");
    expect(readFileSync(path.join(dir, "package.json"), "utf8")).toContain('"name": "api"');
    expect(readdirSync(cwd)).toEqual(["api"]);
  });

  it("counts a harmless-looking entry the template provides as in the way", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "api"));
    writeFileSync(path.join(cwd, "api/.gitignore"), "mine\n");
    const { code, stderr } = await create(["api", ...args], captureIo({ cwd }));
    expect(code).toBe(2);
    expect(stderr).toContain("api is not empty: .gitignore.");
  });

  it("with --force replaces only the template's files and deletes nothing else", async () => {
    const cwd = tempDir();
    const dir = path.join(cwd, "api");
    mkdirSync(path.join(dir, "src"), { recursive: true });
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    writeFileSync(path.join(dir, "src/index.ts"), "old");
    writeFileSync(path.join(dir, "src/extra.ts"), "keep me");
    const { code } = await create(["api", ...args, "--force"], captureIo({ cwd }));
    expect(code).toBe(0);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(path.join(dir, "src/extra.ts"), "utf8")).toBe("keep me");
    expect(readFileSync(path.join(dir, "src/index.ts"), "utf8")).toContain("api says");
    expect(readdirSync(cwd)).toEqual(["api"]);
  });

  it("with --force still refuses a folder where the template puts a file, and a symlinked folder", async () => {
    const cwd = tempDir();
    const outside = tempDir("outside");
    const dir = path.join(cwd, "api");
    mkdirSync(path.join(dir, "package.json"), { recursive: true });
    symlinkSync(outside, path.join(dir, "src"));
    const before = snapshot(outside);
    const { code, stderr } = await create(["api", ...args, "--force"], captureIo({ cwd }));
    expect(code).toBe(2);
    expect(stderr).toContain("cannot write into api: package.json, src are in the way");
    expect(snapshot(outside)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(["package.json", "src"]);
  });

  it("refuses a target that is a file", async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, "api"), "a file");
    const { code, stderr } = await create(["api", ...args, "--force"], captureIo({ cwd }));
    expect(code).toBe(2);
    expect(stderr).toContain("cannot write into api");
    expect(readFileSync(path.join(cwd, "api"), "utf8")).toBe("a file");
  });
});
