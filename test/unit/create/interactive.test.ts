import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CancelError } from "../../../src/errors.js";
import { createProject } from "../../../src/scaffold/create.js";
import { setTemplatesRoot } from "../../../src/scaffold/templates.js";
import { fixtureTemplates, tempDir } from "./_helpers.js";
import { KEYS, mockTerminal } from "./_terminal.js";

// The unit project shares modules between files (isolate: false): start from fresh ones so the mock
// below reaches every module that imports the mocked one, and leave fresh real ones for the next file.
vi.hoisted(() => vi.resetModules());
const chooser = vi.hoisted(() => ({ chooseInteractively: vi.fn() }));
vi.mock("../../../src/choose/interactive.js", () => chooser);
afterAll(() => {
  vi.doUnmock("../../../src/choose/interactive.js");
  vi.resetModules();
});

beforeAll(() => setTemplatesRoot(fixtureTemplates));
afterAll(() => setTemplatesRoot(undefined));
afterEach(() => chooser.chooseInteractively.mockReset());

describe("create, interactive", () => {
  it("asks name, target, settings, install and git, then scaffolds", async () => {
    const cwd = tempDir();
    const t = mockTerminal({ cwd });
    const done = createProject({}, t.io, "coldstart");
    await t.expectPrompt("Project name", ..."orders-api", KEYS.enter);
    await t.expectPrompt("Where will it run?", KEYS.down, KEYS.down, KEYS.enter); // AWS Lambda
    await t.expectPrompt("Change the defaults (memory 512 MB, timeout 10 s)?", KEYS.right, KEYS.enter); // Yes
    await t.expectPrompt("Memory in MB (128-10240)", ...Array(3).fill(KEYS.backspace), ..."2048", KEYS.enter);
    await t.expectPrompt("Timeout in s (1-29)", KEYS.backspace, KEYS.backspace, ..."45", KEYS.enter);
    await t.expectPrompt("expected 1-29", KEYS.backspace, KEYS.backspace, ..."20", KEYS.enter);
    await t.expectPrompt("Install dependencies with npm?", KEYS.right, KEYS.enter); // No
    await t.expectPrompt("Initialise a git repository", KEYS.right, KEYS.enter); // No
    expect(await done).toBe(0);
    const yaml = readFileSync(path.join(cwd, "orders-api/template.yaml"), "utf8");
    expect(yaml).toContain("MemorySize: 2048");
    expect(yaml).toContain("Timeout: 20");
    expect(yaml).toContain("VisibilityTimeout: 120");
    expect(t.screen()).toContain("Next steps");
    expect(t.screen()).toContain("npm install");
  });

  it("rejects an invalid name while typing and suggests a fix", async () => {
    const cwd = tempDir();
    const t = mockTerminal({ cwd });
    const done = createProject({ target: "workers", install: false, git: false }, t.io, "coldstart");
    await t.expectPrompt("Project name", ..."My API", KEYS.enter);
    await t.expectPrompt('Try "my-api"', ...Array(6).fill(KEYS.backspace), ..."my-api", KEYS.enter);
    await t.expectPrompt("Set a CPU limit per request", KEYS.enter);
    expect(await done).toBe(0);
    expect(readdirSync(cwd)).toEqual(["my-api"]);
  });

  it("Help me choose runs the chooser and uses its platform and template", async () => {
    const cwd = tempDir();
    chooser.chooseInteractively.mockResolvedValue({ target: "vercel", template: "vercel", skipped: [] });
    const t = mockTerminal({ cwd });
    const done = createProject({ dir: "web", install: false, git: false }, t.io, "coldstart");
    await t.expectPrompt("Where will it run?", KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    await t.expectPrompt("Change the defaults (memory 1024 MB, timeout 30 s)?", KEYS.enter);
    expect(await done).toBe(0);
    expect(chooser.chooseInteractively).toHaveBeenCalledWith(t.io);
    expect(readFileSync(path.join(cwd, "web/vercel.json"), "utf8")).toContain('"maxDuration": 30');
  });

  it("asks again when the chooser recommends a server", async () => {
    const cwd = tempDir();
    chooser.chooseInteractively.mockResolvedValue(null);
    const t = mockTerminal({ cwd });
    const done = createProject({ dir: "svc", install: false, git: false }, t.io, "coldstart");
    await t.expectPrompt("Where will it run?", KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    await t.expectPrompt("coldstart scaffolds serverless projects only");
    await t.expectPrompt("Where will it run?", KEYS.enter); // Workers, the default, listed first
    await t.expectPrompt("Set a CPU limit per request", KEYS.enter);
    expect(await done).toBe(0);
    expect(readFileSync(path.join(cwd, "svc/wrangler.jsonc"), "utf8")).toContain('"name": "svc"');
  });

  it.each([
    ["the name", async (t: ReturnType<typeof mockTerminal>) => t.expectPrompt("Project name", ..."abc", KEYS.ctrlC)],
    ["the target", async (t: ReturnType<typeof mockTerminal>) => {
      await t.expectPrompt("Project name", ..."abc", KEYS.enter);
      await t.expectPrompt("Where will it run?", KEYS.down, KEYS.ctrlC);
    }],
    ["install", async (t: ReturnType<typeof mockTerminal>) => {
      await t.expectPrompt("Project name", ..."abc", KEYS.enter);
      await t.expectPrompt("Where will it run?", KEYS.enter);
      await t.expectPrompt("Set a CPU limit per request", KEYS.enter);
      await t.expectPrompt("Install dependencies", KEYS.ctrlC);
    }],
  ])("Ctrl-C at %s writes nothing and exits 130", async (_, drive) => {
    const cwd = tempDir();
    const t = mockTerminal({ cwd });
    const done = createProject({}, t.io, "coldstart").catch((error: unknown) => error);
    await drive(t);
    const error = await done;
    expect(error).toBeInstanceOf(CancelError);
    expect((error as CancelError).exitCode).toBe(130);
    expect(t.screen()).toContain("Cancelled. Nothing was written.");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("installs behind a spinner and, when the install fails, keeps the project and says how to finish", async () => {
    const cwd = tempDir();
    const bin = tempDir("bin");
    const { chmodSync, writeFileSync } = await import("node:fs");
    writeFileSync(path.join(bin, "pnpm"), "#!/bin/sh\necho 'ERR_PNPM_NO_MATCHING_VERSION' >&2\nexit 1\n");
    chmodSync(path.join(bin, "pnpm"), 0o755);
    const t = mockTerminal({ cwd, env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` } });
    const done = createProject({ dir: "api", target: "workers", pm: "pnpm", git: false }, t.io, "coldstart");
    await t.expectPrompt("Set a CPU limit per request", KEYS.enter);
    await t.expectPrompt("Install dependencies with pnpm?", KEYS.enter);
    expect(await done).toBe(1);
    const screen = t.screen();
    expect(screen).toContain("Installing dependencies with pnpm install");
    expect(screen).toContain("■  Installing dependencies failed: pnpm install exited with code 1");
    expect(screen).toContain("ERR_PNPM_NO_MATCHING_VERSION");
    expect(screen).toContain("Fix the cause, then run: cd api && pnpm install");
    expect(screen).toContain("Almost there");
    expect(readdirSync(path.join(cwd, "api"))).toContain("wrangler.jsonc");
  });

  it("stops at once when the given folder is not empty", async () => {
    const cwd = tempDir();
    const t = mockTerminal({ cwd });
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(path.join(cwd, "taken"));
    writeFileSync(path.join(cwd, "taken/app.js"), "");
    await expect(createProject({ dir: "taken" }, t.io, "coldstart")).rejects.toThrow("taken is not empty (app.js).");
    expect(t.screen()).not.toContain("Where will it run?");
  });
});
