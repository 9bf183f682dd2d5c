import { execa } from "execa";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { cliPath, repoRoot } from "../../e2e/_helpers.js";
import { tempDir } from "../create/_helpers.js";
import { KEYS, mockTerminal } from "../create/_terminal.js";

/**
 * Ctrl-D at a prompt (or a stdin that ends) is a cancel: exit 130 and one "Cancelled." line, the same
 * as Ctrl-C. Before, readline closed the input behind clack's back, the prompt waited forever and
 * Node exited 13 without a word.
 */

const CTRL_D = "\x04";

type Terminal = ReturnType<typeof mockTerminal>;

/**
 * Runs `coldstart <args>` in a mock terminal, lets `drive` type, and expects the run to end as a
 * cancel: exit 130, "Cancelled" drawn once, nothing on stderr, nothing written in the folder.
 */
async function expectCancelled(args: string[], drive: (t: Terminal) => Promise<void>): Promise<void> {
  const cwd = tempDir("eof");
  const err: string[] = [];
  const stderr = new PassThrough();
  stderr.on("data", (chunk: Buffer) => err.push(chunk.toString()));
  const t = mockTerminal({ cwd, stderr });
  const done = main(args, { io: t.io });
  await drive(t);
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the prompt never ended; screen:\n${t.screen()}`)), 5000));
  const code = await Promise.race([done, timeout]);
  process.exitCode = undefined;
  expect(code).toBe(130);
  expect(count(t.screen(), "Cancelled"), t.screen()).toBe(1);
  expect(err.join("")).toBe("");
  expect(readdirSync(cwd)).toEqual([]);
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe("end of input at a prompt", () => {
  it("create: Ctrl-D at the first prompt", () => expectCancelled(["create"], (t) => t.expectPrompt("Project name", CTRL_D)));

  it("create: Ctrl-D after typed text only deletes, as in a shell; at a later prompt it cancels", () =>
    expectCancelled(["create"], async (t) => {
      await t.expectPrompt("Project name", ..."orders", CTRL_D, KEYS.enter);
      await t.expectPrompt("Where will it run?", CTRL_D);
    }));

  it("create: stdin closing at a prompt", () =>
    expectCancelled(["create", "api"], async (t) => {
      await t.expectPrompt("Where will it run?");
      (t.io.stdin as PassThrough).end();
    }));

  it("create's 'Help me choose': Ctrl-D in the chooser", () =>
    expectCancelled(["create", "api"], async (t) => {
      await t.expectPrompt("Where will it run?", KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
      await t.expectPrompt("What will the code do?", CTRL_D);
    }));

  it("choose: Ctrl-D at a later prompt (not said again on stderr)", () =>
    expectCancelled(["choose"], async (t) => {
      await t.expectPrompt("What will the code do?", KEYS.down, KEYS.enter);
      await t.expectPrompt("Longest run time", CTRL_D);
    }));

  it("choose: Ctrl-C, said once too", () => expectCancelled(["choose"], (t) => t.expectPrompt("What will the code do?", KEYS.ctrlC)));
});

/** The built CLI in a real pseudo-terminal (util-linux `script`), where Ctrl-D used to end in exit 13. */
describe.skipIf(!existsSync("/usr/bin/script") || !existsSync(path.join(repoRoot, "dist/cli.js")))("Ctrl-D in a real terminal", () => {
  it.each([
    ["create", "Project name"],
    ["choose", "What will the code do?"],
  ])("%s: exit 130, Cancelled once", async (command, prompt) => {
    const cwd = tempDir("pty");
    // A new pty has no size: clack would wrap every character onto its own line.
    const run = execa("script", ["-qefc", `stty cols 100 rows 40 && exec ${process.execPath} ${cliPath} ${command}`, "/dev/null"], {
      cwd,
      reject: false,
      env: { ...process.env, CI: undefined, GITHUB_ACTIONS: undefined, NO_COLOR: "1" },
      extendEnv: false,
      timeout: 20_000,
    });
    let screen = "";
    const shown = new Promise<void>((resolve) => {
      run.stdout?.on("data", (chunk: Buffer) => {
        screen += chunk.toString();
        if (screen.includes(prompt)) resolve();
      });
    });
    await Promise.race([shown, run]);
    run.stdin?.write(CTRL_D);
    const result = await run;
    expect(result.timedOut).toBe(false);
    expect(result.exitCode, screen).toBe(130);
    expect(count(String(result.stdout), "Cancelled")).toBe(1);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
