import { execa } from "execa";
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../../e2e/_helpers.js";
import { tempDir } from "./_helpers.js";

/**
 * SIGTERM (a CI runner stopping the job, `kill`) and SIGHUP (the terminal closed) stop create the way
 * Ctrl-C (SIGINT) does: during the write nothing stays, not even the staging folder; during install
 * or git the finished project stays with a way to finish. Exit 128+n: 130, 143, 129.
 */

const slowWrites = path.join(path.dirname(fileURLToPath(import.meta.url)), "_slow-writes.mjs");
const SIGNALS = [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const;

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, "dist/cli.js"))) throw new Error("dist/cli.js is missing: run `npm run build` first.");
});

function startCreate(cwd: string, args: string[], env: NodeJS.ProcessEnv, nodeOptions: string[] = []) {
  return execa(process.execPath, [...nodeOptions, cliPath, "create", "api", "--target", "workers", "--yes", ...args], {
    cwd,
    reject: false,
    env: { ...process.env, CI: "true", NO_COLOR: "1", ...env },
    timeout: 30_000,
  });
}

async function waitFor(file: string): Promise<string> {
  for (let waited = 0; waited < 15_000; waited += 20) {
    if (existsSync(file) && readFileSync(file, "utf8") !== "") return readFileSync(file, "utf8").trim();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${file} never appeared`);
}

async function gone(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 3000; waited += 50) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** A fake `name` first on PATH, running `script` (which records its pid in $COLDSTART_TEST_MARKER). */
function fakeTool(name: string, script: string): NodeJS.ProcessEnv {
  const bin = tempDir("bin");
  writeFileSync(path.join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(path.join(bin, name), 0o755);
  return { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, COLDSTART_TEST_MARKER: path.join(bin, "started") };
}

function oneErrorLine(stderr: string): string {
  expect(stderr).not.toMatch(/internal error|^\s+at /m);
  const lines = stderr.split("\n").filter((line) => line.startsWith("coldstart:"));
  expect(lines, stderr).toHaveLength(1);
  return lines[0] ?? "";
}

describe("a signal while create writes", () => {
  it.each(SIGNALS)("%s: exit %i, no project, no staging folder", async (signal, code) => {
    const cwd = tempDir("signal-write");
    const marker = path.join(tempDir("marker"), "staging");
    const run = startCreate(cwd, ["--no-install", "--no-git"], { COLDSTART_TEST_STAGING_MARKER: marker }, ["--import", pathToFileURL(slowWrites).href]);
    expect(await waitFor(marker)).toContain(`${path.sep}.api.coldstart-`);
    run.kill(signal);
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(code);
    expect(oneErrorLine(result.stderr)).toMatch(/^coldstart: Interrupted.*\. Nothing was written\.$/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("a signal while create installs", () => {
  it.each(SIGNALS)("%s: exit %i, the install stopped, the project kept without git, the command to finish printed", async (signal, code) => {
    const cwd = tempDir("signal-install");
    const env = fakeTool("pnpm", 'echo $$ > "$COLDSTART_TEST_MARKER"\nexec sleep 30');
    const run = startCreate(cwd, ["--pm", "pnpm"], env);
    const pid = Number(await waitFor(env.COLDSTART_TEST_MARKER as string));
    run.kill(signal);
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(code);
    expect(result.stderr).toContain("the install was interrupted. To finish, run: cd api && pnpm install");
    expect(result.stderr).toContain("Skipped git init because the run was interrupted. Once the install is finished, run: git init");
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(readdirSync(cwd)).toEqual(["api"]);
    expect(existsSync(path.join(cwd, "api/wrangler.jsonc"))).toBe(true);
    expect(existsSync(path.join(cwd, "api/.git")), "git ran after the interrupt").toBe(false);
    expect(await gone(pid), "the package manager was left running").toBe(true);
  });
});

describe("a signal during git init", () => {
  it.each(SIGNALS)("%s: exit %i, the half-made .git removed, the project kept", async (signal, code) => {
    const cwd = tempDir("signal-git");
    const env = fakeTool(
      "git",
      'case "$1" in\n  --version) echo "git version 2.45.0" ;;\n  rev-parse) exit 128 ;;\n  init) mkdir -p .git && echo $$ > "$COLDSTART_TEST_MARKER" && exec sleep 30 ;;\n  *) exit 0 ;;\nesac',
    );
    const run = startCreate(cwd, ["--no-install"], env);
    const pid = Number(await waitFor(env.COLDSTART_TEST_MARKER as string));
    run.kill(signal);
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(code);
    expect(result.stderr).toContain("git init failed (interrupted); the project is complete");
    expect(readdirSync(cwd)).toEqual(["api"]);
    expect(existsSync(path.join(cwd, "api/package.json"))).toBe(true);
    expect(existsSync(path.join(cwd, "api/.git"))).toBe(false);
    expect(await gone(pid), "git was left running").toBe(true);
  });
});
