import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTemplatesRoot } from "../../../src/scaffold/templates.js";
import { captureIo, create, fixtureTemplates, tempDir } from "./_helpers.js";

beforeAll(() => setTemplatesRoot(fixtureTemplates));
afterAll(() => setTemplatesRoot(undefined));

describe("--dry-run", () => {
  it("prints the file plan with sizes and writes nothing", async () => {
    const cwd = tempDir();
    const { code, stdout } = await create(["plan-me", "--target", "lambda", "--memory", "2048", "--dry-run"], captureIo({ cwd }));
    expect(code).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(stdout).toContain('Dry run: would create an AWS Lambda project "plan-me" in plan-me');
    expect(stdout).toContain("Settings: memory 2048, timeout 10");
    expect(stdout).toMatch(/ {2}\.gitignore +\d+ B\n/);
    expect(stdout).toMatch(/ {2}template\.yaml +\d+ B\n/);
    expect(stdout).toContain("4 files");
    expect(stdout).toContain("Nothing was written.");
  });

  it("still refuses a bad value before planning", async () => {
    const cwd = tempDir();
    const { code, stderr } = await create(["x", "--target", "lambda", "--timeout", "60", "--dry-run"], captureIo({ cwd }));
    expect(code).toBe(2);
    expect(stderr).toContain("--timeout 60 is out of range for lambda: expected 1-29");
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("--json", () => {
  it("prints only the machine-readable result on stdout", async () => {
    const cwd = tempDir();
    const { code, stdout } = await create(["svc", "--target", "vercel", "--memory", "3008", "--no-install", "--no-git", "--json"], captureIo({ cwd }));
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toEqual({
      ok: true,
      dryRun: false,
      target: "vercel",
      template: "vercel",
      name: "svc",
      dir: path.join(cwd, "svc"),
      packageManager: "npm",
      settings: { memory: 3008, timeout: 30 },
      files: [
        { path: ".gitignore", size: 13 },
        { path: "package.json", size: expect.any(Number) },
        { path: "vercel.json", size: expect.any(Number) },
      ],
      install: { status: "skipped", command: "npm install" },
      git: { status: "skipped", reason: "--no-git" },
      warnings: ["--memory 3008: Hobby allows up to 2048 MB; more needs a Pro or Enterprise plan."],
      nextSteps: [
        { label: "cd", command: "cd svc" },
        { label: "install", command: "npm install" },
        { label: "dev", command: "npm run dev" },
        { label: "test", command: "npm run test" },
        { label: "audit", command: "npm run audit" },
        { label: "deploy", command: "npx vercel deploy" },
      ],
    });
    expect(readdirSync(path.join(cwd, "svc")).sort()).toEqual([".gitignore", "package.json", "vercel.json"]);
  });

  it("describes a dry run, with the planned steps", async () => {
    const cwd = tempDir();
    const io = captureIo({ cwd, env: { npm_config_user_agent: "pnpm/9.15.0 npm/? node/v20.19.0 linux x64" } });
    const { code, stdout, stderr } = await create(["svc", "--target", "workers", "--cpu-ms", "50", "--json", "--dry-run"], io);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ dryRun: true, packageManager: "pnpm", settings: { cpuMs: 50 }, install: { status: "planned", command: "pnpm install" }, git: { status: "planned" } });
    expect(result.nextSteps.map((step: { command: string }) => step.command)).toContain("pnpm run audit");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("never prompts, even with a terminal: a missing target is a usage error", async () => {
    const cwd = tempDir();
    const { code, stdout, stderr } = await create(["svc", "--json"], captureIo({ cwd, interactive: true }));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("missing --target");
  });
});
