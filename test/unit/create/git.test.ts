import { execa } from "execa";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTemplatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, fixtureTemplates, tempDir } from "./_helpers.js";

beforeAll(() => setTemplatesRoot(fixtureTemplates));
afterAll(() => setTemplatesRoot(undefined));

/** A git with no user configuration at all, as on a fresh CI runner. */
function bareGitEnv(): NodeJS.ProcessEnv {
  const home = tempDir("home");
  return { PATH: process.env.PATH ?? "", HOME: home, GIT_CONFIG_GLOBAL: path.join(home, "none"), GIT_CONFIG_NOSYSTEM: "1" };
}

describe("git", () => {
  it("initialises a repository with one commit of every file, with a fallback identity when none is set", async () => {
    const cwd = tempDir();
    const env = bareGitEnv();
    const { code, stdout } = await create(["repo", "--target", "lambda", "--no-install"], captureIo({ cwd, env }));
    expect(code).toBe(0);
    expect(stdout).toContain("Created a git repository with a first commit");
    const dir = path.join(cwd, "repo");
    const log = await execa("git", ["log", "--format=%an|%s"], { cwd: dir, env });
    expect(log.stdout).toBe("coldstart|Initial commit from coldstart create");
    const status = await execa("git", ["status", "--porcelain"], { cwd: dir, env });
    expect(status.stdout).toBe("");
    const config = await execa("git", ["config", "--local", "--list"], { cwd: dir, env });
    expect(config.stdout).not.toContain("user.name");
  });

  it("skips git inside an existing work tree (a monorepo)", async () => {
    const cwd = tempDir();
    const env = bareGitEnv();
    await execa("git", ["init", "--quiet"], { cwd, env });
    const { code, stdout } = await create(["packages/api", "--target", "workers", "--no-install"], captureIo({ cwd, env }));
    expect(code).toBe(0);
    expect(stdout).toContain("Skipped git init: already inside a git work tree.");
    expect(existsSync(path.join(cwd, "packages/api/.git"))).toBe(false);
  });
});
