import { execa } from "execa";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import pkg from "../../../package.json" with { type: "json" };
import { cliPath, repoRoot } from "../../e2e/_helpers.js";
import { tempDir } from "../create/_helpers.js";

/** The built CLI with no terminal: stdin ignored, output piped, CI unset so only the missing TTY keeps it headless. */
function cli(args: string[], options: { nodeOptions?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const env = { ...process.env, CI: undefined, GITHUB_ACTIONS: undefined, NO_COLOR: "1", ...options.env };
  return execa(process.execPath, [...(options.nodeOptions ?? []), cliPath, ...args], {
    reject: false,
    stdin: "ignore",
    env,
    extendEnv: false,
    cwd: options.cwd ?? repoRoot,
    timeout: 15_000,
  });
}

beforeAll(() => {
  // `npm install` builds dist/ (prepare); rebuilding here would race other suites that run the CLI.
  if (!existsSync(path.join(repoRoot, "dist/cli.js"))) throw new Error("dist/cli.js is missing: run `npm run build` first.");
});

describe("coldstart CLI", () => {
  it("--help lists every command and exits 0", async () => {
    const result = await cli(["--help"]);
    expect(result.exitCode).toBe(0);
    for (const command of ["create", "audit", "cost", "choose"]) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    // Every exit code a run can end with, cancel included.
    expect(result.stdout.replace(/\s+/g, " ")).toMatch(/Exit codes: 0 ok, 1 findings .*, 2 usage.*, 130 cancelled, 128\+n stopped by signal n/);
    expect(result.stderr).toBe("");
  });

  it("--version prints the package version", async () => {
    const result = await cli(["--version"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it.each(["create", "audit", "cost", "choose"])("%s --help prints the command's usage", async (command) => {
    const result = await cli([command, "--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Usage: coldstart ${command} [options]`);
  });

  it("create --help states the headless rules and the exit codes", async () => {
    const result = await cli(["create", "--help"]);
    expect(result.stdout).toContain("unless --yes picks workers");
    expect(result.stdout).toContain("1 created but the install failed");
  });

  it.each([
    [["deploy"], "coldstart: unknown command 'deploy'. Run 'coldstart --help' for usage."],
    [["--frobnicate"], "coldstart: unknown option '--frobnicate'. Run 'coldstart --help' for usage."],
    [["create", "--frobnicate"], "coldstart: unknown option '--frobnicate'. Run 'coldstart create --help' for usage."],
    [["create", "x", "--memory", "big"], `Run 'coldstart create --help' for usage.`],
  ])("%j prints one line and exits 2", async (args, line) => {
    const result = await cli(args);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(line);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints no stack trace for a typed error unless --debug", async () => {
    const cwd = tempDir("cli");
    const plain = await cli(["create", "bad", "--target", "lambda", "--timeout", "60", "--no-install"], { cwd });
    expect(plain.exitCode).toBe(2);
    expect(plain.stderr).toContain("--timeout 60 is out of range for lambda");
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(["create", "bad", "--target", "lambda", "--timeout", "60", "--no-install", "--debug"], { cwd });
    expect(debug.exitCode).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it("--help does not load ts-morph, esbuild, @clack/prompts or execa", async () => {
    const record = path.join(tempDir("loads"), "loads.txt");
    const hook = path.join(repoRoot, "test/unit/cli/record-loads.mjs");
    const result = await cli(["--help"], { nodeOptions: ["--import", hook], env: { COLDSTART_RECORD_LOADS: record } });
    expect(result.exitCode).toBe(0);
    const loaded = readFileSync(record, "utf8");
    expect(loaded).toContain("/dist/cli.js");
    for (const heavy of ["ts-morph", "esbuild", "@clack/prompts", "execa"]) {
      expect(loaded).not.toContain(`/node_modules/${heavy}/`);
    }
  });

  it("an audit loads TypeScript's compiler API by require(), but not ts-morph's wrappers, zod as a package, or yaml without a YAML file", async () => {
    const record = path.join(tempDir("loads"), "loads.txt");
    const hook = path.join(repoRoot, "test/unit/cli/record-loads.mjs");
    const project = tempDir("one-function");
    mkdirSync(path.join(project, "app/api/hello"), { recursive: true });
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "one", private: true, dependencies: { next: "15.5.4" } }));
    writeFileSync(path.join(project, "app/api/hello/route.ts"), 'import { readFileSync } from "node:fs";\nexport const runtime = "edge";\nexport function GET() {\n  return new Response(readFileSync("x"));\n}\n');
    const result = await cli(["audit", project, "--format", "json", "--no-cache"], { nodeOptions: ["--import", hook], env: { COLDSTART_RECORD_LOADS: record } });
    // The rules ran on a parsed file: the edge route's node:fs import is found.
    expect(result.stdout).toContain('"ruleId": "edge/node-builtin"');
    const loaded = readFileSync(record, "utf8");
    expect(loaded).toContain("/node_modules/@ts-morph/common/dist/typescript.js");
    expect(loaded).toContain("/node_modules/esbuild/lib/main.js");
    for (const unused of ["/node_modules/ts-morph/", "/node_modules/@ts-morph/common/dist/ts-morph-common.js", "/node_modules/zod/", "/node_modules/yaml/"]) {
      expect(loaded).not.toContain(unused);
    }
  });

  it("an audit that parses no file does not load TypeScript at all", async () => {
    const record = path.join(tempDir("loads"), "loads.txt");
    const hook = path.join(repoRoot, "test/unit/cli/record-loads.mjs");
    const project = tempDir("one-function");
    mkdirSync(path.join(project, "api"), { recursive: true });
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "tiny", private: true, type: "module" }));
    // No rule's prescan matches this function, and it quotes no heavy package: no check needs its tree.
    writeFileSync(path.join(project, "api/hello.ts"), 'export default function handler(request: Request) {\n  return new Response(new URL(request.url).searchParams.get("name") ?? "world");\n}\n');
    const result = await cli(["audit", project, "--format", "json", "--no-cache"], { nodeOptions: ["--import", hook], env: { COLDSTART_RECORD_LOADS: record } });
    expect(JSON.parse(result.stdout).functions.map((f: { id: string }) => f.id)).toEqual(["vercel:api/hello.ts"]);
    const loaded = readFileSync(record, "utf8");
    expect(loaded).toContain("/node_modules/esbuild/lib/main.js");
    expect(loaded).not.toContain("/node_modules/@ts-morph/common/dist/typescript.js");
  });

  it("create with the heavy modules does load them (the recorder works)", async () => {
    const record = path.join(tempDir("loads"), "loads.txt");
    const hook = path.join(repoRoot, "test/unit/cli/record-loads.mjs");
    const cwd = tempDir("cli");
    const result = await cli(["create", "x", "--target", "workers", "--dry-run", "--no-install"], {
      cwd,
      nodeOptions: ["--import", hook],
      env: { COLDSTART_RECORD_LOADS: record },
    });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(record, "utf8")).toContain("/chunks/create-");
  });
});
