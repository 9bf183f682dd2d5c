import { execa } from "execa";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { coldstart, node22Env, repoRoot, tempDir } from "./_helpers.js";

/** cfn-lint validates through the real SAM transform; it is a Python tool, so tests use it where installed. */
const hasCfnLint = spawnSync("cfn-lint", ["--version"]).status === 0;

export interface NpmResult {
  exitCode: number | undefined;
  stdout: string;
  all: string;
}

export interface LambdaProject {
  /** The project folder, set once `beforeAll` has created it. */
  readonly dir: string;
  npm(args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<NpmResult>;
  read(file: string): string;
}

/**
 * Registers the hooks that create a project from a Lambda template (`--install`, from the npm registry
 * with this checkout's coldstart) under Node 22, and remove it afterwards.
 */
export function lambdaTemplateProject(template: string, name: string, extraArgs: string[] = []): LambdaProject {
  let root = "";
  let dir = "";
  let env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    env = await node22Env();
    root = tempDir(template);
    dir = path.join(root, name);
    const created = await coldstart(["create", dir, "--template", template, "--yes", "--install", "--no-git", ...extraArgs], { env, all: true, stdin: "ignore" });
    expect(created.exitCode, String(created.all)).toBe(0);
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    async npm(args, extraEnv = {}) {
      const result = await execa("npm", args, { cwd: dir, env: { ...env, ...extraEnv }, reject: false, all: true, stdin: "ignore" });
      return { exitCode: result.exitCode, stdout: String(result.stdout), all: stripVTControlCharacters(String(result.all)) };
    },
    read(file) {
      return readFileSync(path.join(dir, file), "utf8");
    },
  };
}

/**
 * The checks every Lambda template's project passes: cfn-lint on template.yaml (SAM transform included),
 * its type-check and its own `tests` tests, and `npm run audit` with the pinned coldstart (this checkout's)
 * finding nothing in its `functions` functions. The audit runs last, after the file's other tests built it.
 */
export function templateProjectChecks(project: LambdaProject, counts: { tests: number; functions: number }): { audit(): void } {
  it.skipIf(!hasCfnLint)("has a template.yaml that passes cfn-lint, SAM transform included", async () => {
    const result = await execa("cfn-lint", ["--", "template.yaml"], { cwd: project.dir, reject: false, all: true });
    expect(result.exitCode, String(result.all)).toBe(0);
  });

  it("type-checks and passes its own tests", async () => {
    const typecheck = await project.npm(["run", "typecheck"]);
    expect(typecheck.exitCode, typecheck.all).toBe(0);
    const result = await project.npm(["test"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(new RegExp(`Tests\\s+${counts.tests} passed`));
  });

  return {
    audit() {
      it("audits clean with its own pinned coldstart (npm run audit)", async () => {
        const ours = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
        expect((JSON.parse(project.read("package.json")) as { devDependencies: Record<string, string> }).devDependencies.coldstart).toBe(ours);
        const result = await project.npm(["run", "audit"]);
        expect(result.exitCode, result.all).toBe(0);
        expect(result.all).toMatch(new RegExp(`0 errors, 0 warnings, 0 info in ${counts.functions} functions?`));
      });
    },
  };
}

/** The JSON a handler returned, as `npm run invoke` prints it last. */
export function lastJson<T>(stdout: string): T {
  return JSON.parse(stdout.slice(stdout.lastIndexOf("\n{\n") + 1)) as T;
}
