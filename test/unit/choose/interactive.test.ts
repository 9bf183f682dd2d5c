import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../../../src/commands/choose.js";
import { chooseInteractively } from "../../../src/choose/interactive.js";
import { CancelError } from "../../../src/errors.js";
import { fakeTerminal, KEY } from "./_terminal.js";

const createRun = vi.fn(async () => 0);
vi.mock("../../../src/commands/create.js", () => ({ run: createRun }));

afterEach(() => createRun.mockClear());

describe("choose, interactive", () => {
  it("walks every question and recommends a server for WebSockets", async () => {
    const t = fakeTerminal();
    const done = run({}, t.io);
    await t.answer("What will the code do?", ...Array(5).fill(KEY.down), KEY.enter);
    await t.answer("Longest run time", ..."2h", KEY.enter);
    await t.answer("Node.js APIs", KEY.enter);
    await t.answer("database", KEY.enter);
    await t.answer("latency-sensitive", KEY.enter);
    expect(await done).toBe(0);
    const screen = t.screen();
    expect(screen).toContain("Recommendation: a traditional server");
    expect(screen).toContain("WebSockets hold a connection");
    expect(screen).toContain("Durable Objects");
    expect(screen).toContain("coldstart does not scaffold servers");
    expect(createRun).not.toHaveBeenCalled();
  });

  it("picks the edge on Workers and prints the create command when declined", async () => {
    const t = fakeTerminal();
    const done = run({}, t.io);
    await t.answer("What will the code do?", KEY.enter); // api
    await t.answer("Longest run time", ..."5s", KEY.enter);
    await t.answer("Node.js APIs", KEY.right, KEY.enter); // No
    await t.answer("database", KEY.down, KEY.down, KEY.down, KEY.enter); // http-driver
    await t.answer("latency-sensitive", KEY.down, KEY.enter); // critical
    await t.answer("Scaffold a workers project now", KEY.right, KEY.enter); // No
    expect(await done).toBe(0);
    expect(t.screen()).toContain("Recommendation: edge on Cloudflare Workers");
    expect(t.screen()).toContain("coldstart create my-app --target workers");
    expect(createRun).not.toHaveBeenCalled();
  });

  it("asks only what the flags leave open and runs create when accepted", async () => {
    const t = fakeTerminal();
    const done = run({ workload: "background-job", maxDuration: 600, nodeApis: true, db: "postgres" }, t.io);
    await t.answer("latency-sensitive", KEY.enter);
    await t.answer("Scaffold a lambda project now", KEY.enter);
    expect(await done).toBe(0);
    expect(t.screen()).not.toContain("What will the code do?");
    expect(createRun).toHaveBeenCalledWith({ target: "lambda" }, t.io);
  });

  it("cancels cleanly on Ctrl-C", async () => {
    const t = fakeTerminal();
    const done = run({}, t.io).catch((error: unknown) => error);
    await t.answer("What will the code do?", KEY.down);
    await t.answer("HTTP API", KEY.ctrlC);
    expect(await done).toBeInstanceOf(CancelError);
    expect(t.screen()).toContain("Cancelled.");
  });

  it("chooseInteractively returns the create target for create's 'Help me choose'", async () => {
    const t = fakeTerminal();
    const done = chooseInteractively(t.io);
    await t.answer("What will the code do?", KEY.down, KEY.enter); // webhook
    await t.answer("Longest run time", KEY.enter); // default 10s
    await t.answer("Node.js APIs", KEY.enter); // yes
    await t.answer("database", KEY.down, KEY.enter); // postgres
    await t.answer("latency-sensitive", KEY.enter);
    expect(await done).toEqual({ target: "vercel" });
    expect(t.screen()).toContain("Recommendation: serverless on Vercel");
  });

  it("chooseInteractively cancels in a later prompt too", async () => {
    const t = fakeTerminal();
    const done = chooseInteractively(t.io).catch((error: unknown) => error);
    await t.answer("What will the code do?", KEY.enter);
    await t.answer("Longest run time", KEY.ctrlC);
    expect(await done).toBeInstanceOf(CancelError);
  });
});
