import { execa } from "execa";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRemote } from "../../../src/scaffold/remote.js";
import { captureIo, create, fixtureTemplates, tempDir } from "./_helpers.js";

/** A bare repository holding `files` at `subdir`, tagged v1: a remote template reached through file://. */
async function bareRepo(prepare: (work: string) => void): Promise<string> {
  const root = tempDir("remote");
  const work = path.join(root, "work");
  const git = (args: string[], cwd = work) => execa("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd });
  await execa("git", ["init", "--quiet", work]);
  prepare(work);
  await git(["add", "-A"]);
  await git(["commit", "--quiet", "-m", "template"]);
  await git(["tag", "v1"]);
  await execa("git", ["clone", "--quiet", "--bare", work, path.join(root, "bare.git")]);
  return `file://${path.join(root, "bare.git")}`;
}

describe("remote templates", () => {
  it("creates a project from a git repository at a tag, without the manifest or the repository's .git", async () => {
    const url = await bareRepo((work) => {
      cpSync(path.join(fixtureTemplates, "workers"), work, { recursive: true });
      writeFileSync(path.join(work, "coldstart-template.json"), JSON.stringify({ description: "Team starter", platform: "workers" }));
    });
    const cwd = tempDir();
    const { code, stdout, stderr } = await create(["edge", "--template", `${url}#v1`, "--yes", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("from the");
    const files = readdirSync(path.join(cwd, "edge"));
    expect(files).toContain("wrangler.jsonc");
    expect(files).not.toContain(".git");
    expect(files).not.toContain("coldstart-template.json");
    expect(readFileSync(path.join(cwd, "edge/package.json"), "utf8")).toContain('"name": "edge"');
  });

  it("creates a project from a folder inside a git repository (#ref&path:)", async () => {
    const url = await bareRepo((work) => {
      cpSync(path.join(fixtureTemplates, "workers"), path.join(work, "starters/edge"), { recursive: true });
      writeFileSync(path.join(work, "starters/edge/coldstart-template.json"), JSON.stringify({ description: "Team edge starter", platform: "workers" }));
      writeFileSync(path.join(work, "README.md"), "the repository's root is not the template\n");
    });
    const cwd = tempDir();
    const { code, stderr } = await create(["edge", "--template", `${url}#v1&path:starters/edge`, "--yes", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(code, stderr).toBe(0);
    const files = readdirSync(path.join(cwd, "edge"));
    expect(files).toContain("wrangler.jsonc");
    if (files.includes("README.md")) expect(readFileSync(path.join(cwd, "edge/README.md"), "utf8")).not.toContain("the repository's root");
    expect(existsSync(path.join(cwd, "edge/starters"))).toBe(false);
  });

  it("refuses a repository without a manifest, an unknown ref, and an unreachable host (exit 2, one line each)", async () => {
    const url = await bareRepo((work) => writeFileSync(path.join(work, "README.md"), "not a template\n"));
    const cwd = tempDir();
    const missing = await create(["a", "--template", url, "--yes", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("is not a coldstart template: it has no coldstart-template.json");
    const ref = await create(["b", "--template", `${url}#v9`, "--yes", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(ref.code).toBe(2);
    expect(ref.stderr).toMatch(/could not fetch the template .*#v9 .*: .*v9/);
    const offline = await create(["c", "--template", "https://127.0.0.1:9/team/starter.git", "--yes", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain("could not fetch the template https://127.0.0.1:9/team/starter.git");
    expect(offline.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(readdirSync(cwd)).toEqual([]);
  }, 30_000);

  it("reads GitHub shorthand, git URLs and refs; a built-in name is not remote", () => {
    expect(parseRemote("acme/starters/workers/cron#v2")).toEqual({ url: "https://github.com/acme/starters.git", subdir: "workers/cron", ref: "v2" });
    expect(parseRemote("acme/starters")).toEqual({ url: "https://github.com/acme/starters.git", subdir: "", ref: undefined });
    expect(parseRemote("git@github.com:acme/starters.git#main")).toEqual({ url: "git@github.com:acme/starters.git", subdir: "", ref: "main" });
    expect(parseRemote("workers-cron")).toBeUndefined();
    expect(() => parseRemote("acme/starters/../../etc")).toThrow("is not a folder inside the repository");
    expect(parseRemote("https://git.example.com/team/starters.git#v2&path:workers/cron")).toEqual({ url: "https://git.example.com/team/starters.git", subdir: "workers/cron", ref: "v2" });
    expect(parseRemote("git@github.com:acme/starters.git#path:/lambda/")).toEqual({ url: "git@github.com:acme/starters.git", subdir: "lambda", ref: undefined });
    expect(() => parseRemote("https://git.example.com/s.git#path:../x")).toThrow("is not a folder inside the repository");
    expect(() => parseRemote("https://git.example.com/s.git#a&b")).toThrow("names more than one ref");
    expect(() => parseRemote("acme/starters#path:x")).toThrow('"#path:" is for git URLs');
    expect(() => parseRemote("acme/starters#$(rm -rf /)")).toThrow("is not a git branch");
    expect(existsSync(path.join(fixtureTemplates, "workers"))).toBe(true);
  });
});
