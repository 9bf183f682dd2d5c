import { execa } from "execa";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../../e2e/_helpers.js";
import { tempDir } from "./_helpers.js";

/** The built CLI as CI or an agent runs it: no terminal on any stream. */
function spawnCreate(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return execa(process.execPath, [bin, ...args], {
    cwd,
    reject: false,
    stdin: "pipe",
    env: { ...process.env, CI: undefined, GITHUB_ACTIONS: undefined, NO_COLOR: "1", ...env },
    extendEnv: false,
    // Generous: a prompt waiting on stdin would hang until this kills it, and the test fails.
    timeout: 20_000,
  });
}

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, "dist/cli.js"))) throw new Error("dist/cli.js is missing: run `npm run build` first.");
});

describe("create without a terminal", () => {
  it("with no flags exits 2 at once, prompts nothing and prints a complete example", async () => {
    const cwd = tempDir("headless");
    const result = await spawnCreate(cliPath, ["create"], cwd);
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("coldstart: missing a project folder and --target <vercel|workers|lambda>");
    expect(result.stderr).toContain("Example: coldstart create my-api --target workers");
    expect(result.stderr).not.toMatch(/[◆◇│]/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("npm create coldstart shows the npm form of the example", async () => {
    const cwd = tempDir("headless");
    const result = await spawnCreate(path.join(repoRoot, "bin/create-coldstart.js"), ["my-api"], cwd);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("create-coldstart: missing --target <vercel|workers|lambda>");
    expect(result.stderr).toContain("Example: npm create coldstart@latest -- my-api --target workers");
  });

  it("accepts npm's stray -- and scaffolds headlessly", async () => {
    const cwd = tempDir("headless");
    const result = await spawnCreate(path.join(repoRoot, "bin/create-coldstart.js"), ["--", "--target", "lambda", "--yes", "--no-install", "--no-git", "--dry-run"], cwd);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('would create an AWS Lambda project "my-lambda-app"');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("in CI never prompts even when asked nothing else", async () => {
    const cwd = tempDir("headless");
    const result = await spawnCreate(cliPath, ["create", "svc"], cwd, { CI: "true" });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("missing --target");
  });
});
