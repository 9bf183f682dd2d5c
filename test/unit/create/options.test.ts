import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTemplatesRoot } from "../../../src/scaffold/templates.js";
import { exampleCommand, headlessAnswers } from "../../../src/scaffold/options.js";
import { captureIo, create, fixtureTemplates, tempDir } from "./_helpers.js";

beforeAll(() => setTemplatesRoot(fixtureTemplates));
afterAll(() => setTemplatesRoot(undefined));

describe("create options", () => {
  it.each([
    [["--target", "azure"], `option '-t, --target <target>' argument 'azure' is invalid. Allowed choices are vercel, workers, lambda`],
    [["--target", "lambda", "--memory", "lots"], `expected a positive whole number, got "lots"`],
    [["--target", "lambda", "--timeout", "0"], `expected a positive whole number, got "0"`],
    [["--target", "lambda", "--pm", "pip"], "Allowed choices are npm, pnpm, yarn, bun"],
    [["--target", "lambda", "--bogus"], "unknown option '--bogus'"],
  ])("%j is one line and exit 2", async (args, message) => {
    const cwd = tempDir();
    const { code, stderr, stdout } = await create(["app", ...args], captureIo({ cwd }));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("Run 'coldstart create --help' for usage.");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("checks the name as an npm package name and suggests a fix", async () => {
    const cwd = tempDir();
    const byFlag = await create(["app", "--target", "workers", "--name", "My App", "--no-install"], captureIo({ cwd }));
    expect(byFlag.code).toBe(2);
    expect(byFlag.stderr).toContain(`Invalid project name "My App": npm package names cannot contain uppercase letters.`);
    expect(byFlag.stderr).toContain("Try --name my-app.");
    const byFolder = await create(["My_Folder", "--target", "workers", "--no-install"], captureIo({ cwd }));
    expect(byFolder.code).toBe(2);
    expect(byFolder.stderr).toContain(`The folder name "My_Folder" is not a valid project name`);
    expect(byFolder.stderr).toContain("Pass --name my-folder, or pick another folder.");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("uses --name for the package and the folder when no folder is given", async () => {
    const cwd = tempDir();
    const { code } = await create(["--name", "billing", "--target", "lambda", "--no-install", "--no-git"], captureIo({ cwd }));
    expect(code).toBe(0);
    expect(readdirSync(cwd)).toEqual(["billing"]);
  });

  it("applies --yes defaults: target workers, folder my-workers-app", () => {
    expect(headlessAnswers({ yes: true }, "coldstart")).toEqual({ dir: "my-workers-app", name: "my-workers-app", target: "workers" });
    expect(headlessAnswers({ yes: true, target: "lambda" }, "coldstart")).toEqual({ dir: "my-lambda-app", name: "my-lambda-app", target: "lambda" });
  });

  it("names everything missing and keeps the user's flags in the example", () => {
    expect(() => headlessAnswers({ memory: 1024, install: false }, "coldstart")).toThrow(
      "missing a project folder and --target <vercel|workers|lambda>",
    );
    try {
      headlessAnswers({ memory: 1024, install: false }, "coldstart");
    } catch (error) {
      expect((error as { hint: string }).hint).toContain("Example: coldstart create my-api --target workers --memory 1024 --no-install");
    }
    expect(exampleCommand("create-coldstart", { dir: "my api", target: "lambda" })).toBe("npm create coldstart@latest -- 'my api' --target lambda");
  });
});
