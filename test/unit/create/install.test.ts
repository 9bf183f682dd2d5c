import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTemplatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, fixtureTemplates, tempDir } from "./_helpers.js";

beforeAll(() => setTemplatesRoot(fixtureTemplates));
afterAll(() => setTemplatesRoot(undefined));

/** A PATH whose `pnpm` records its arguments and working folder, then succeeds or fails. */
function fakePnpm(exitCode: number): { env: NodeJS.ProcessEnv; calls: string } {
  const bin = tempDir("bin");
  const calls = path.join(bin, "calls.txt");
  writeFileSync(
    path.join(bin, "pnpm"),
    `#!/bin/sh\necho "$PWD $*" >> "${calls}"\necho "ERR_PNPM_FETCH_404 GET https://registry.npmjs.org/nope: Not Found" >&2\nexit ${exitCode}\n`,
  );
  chmodSync(path.join(bin, "pnpm"), 0o755);
  return { env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` }, calls };
}

describe("install", () => {
  it("runs the package manager in the new project, without a shell", async () => {
    const cwd = tempDir();
    const { env, calls } = fakePnpm(0);
    const { code, stdout } = await create(["api", "--target", "lambda", "--pm", "pnpm", "--no-git"], captureIo({ cwd, env }));
    expect(code).toBe(0);
    expect(readFileSync(calls, "utf8").trim()).toBe(`${path.join(cwd, "api")} install`);
    expect(stdout).toContain("Installed dependencies");
  });

  it("keeps the project when the install fails, says so and prints the command to retry (exit 1)", async () => {
    const cwd = tempDir();
    const { env } = fakePnpm(1);
    const { code, stdout, stderr } = await create(["api", "--target", "lambda", "--pm", "pnpm", "--no-git"], captureIo({ cwd, env }));
    expect(code).toBe(1);
    expect(existsSync(path.join(cwd, "api/package.json"))).toBe(true);
    expect(stderr).toContain("Installing dependencies failed: pnpm install exited with code 1");
    expect(stdout).toContain("ERR_PNPM_FETCH_404");
    expect(stderr).toContain("The project was created in api, but pnpm install exited with code 1. Fix the cause, then run: cd api && pnpm install");
    expect(stdout).toContain("pnpm install");
  });

  it("reports a missing package manager in the JSON result", async () => {
    const cwd = tempDir();
    const env = { PATH: path.dirname(process.execPath) };
    const { code, stdout } = await create(["api", "--target", "lambda", "--pm", "bun", "--no-git", "--json"], captureIo({ cwd, env }));
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.ok).toBe(false);
    expect(result.install).toMatchObject({ status: "failed", command: "bun install", reason: "bun was not found on PATH" });
    expect(result.nextSteps[1]).toEqual({ label: "install", command: "bun install" });
  });
});
