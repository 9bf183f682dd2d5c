import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../../../src/commands/choose.js";
import { chooseInteractively } from "../../../src/choose/interactive.js";
import { CancelError } from "../../../src/errors.js";
import { fakeTerminal, KEY } from "./_terminal.js";

const createRun = vi.fn(async () => 0);
// The unit project shares modules between files (isolate: false): start from fresh ones so the mock
// below reaches every module that imports the mocked one, and leave fresh real ones for the next file.
vi.hoisted(() => vi.resetModules());
vi.mock("../../../src/commands/create.js", () => ({ run: createRun }));
afterAll(() => {
  vi.doUnmock("../../../src/commands/create.js");
  vi.resetModules();
});

afterEach(() => createRun.mockClear());

describe("choose, interactive", () => {
  it("walks every question and sends WebSockets to Durable Objects", async () => {
    const t = fakeTerminal();
    const done = run({}, t.io);
    await t.answer("What will the code do?", ...Array(5).fill(KEY.down), KEY.enter);
    await t.answer("Longest run time", ..."2h", KEY.enter);
    await t.answer("Node.js built-in APIs", KEY.enter);
    await t.answer("native modules", KEY.enter); // No, the default for WebSockets
    await t.answer("database", KEY.enter);
    await t.answer("latency-sensitive", KEY.enter);
    await t.answer("Scaffold a workers project", KEY.right, KEY.enter); // No
    expect(await done).toBe(0);
    const screen = t.screen();
    expect(screen).toContain("Recommendation: serverless on Cloudflare Workers");
    expect(screen).toContain("Durable Objects");
    expect(screen).not.toContain("How many runs a month");
    expect(createRun).not.toHaveBeenCalled();
  });

  it("picks the edge on Workers and prints the create command when declined", async () => {
    const t = fakeTerminal();
    const done = run({}, t.io);
    await t.answer("What will the code do?", KEY.enter); // api
    await t.answer("Longest run time", ..."5s", KEY.enter);
    await t.answer("Node.js built-in APIs", KEY.right, KEY.enter); // No
    await t.answer("native modules", KEY.enter); // No
    await t.answer("database", KEY.down, KEY.down, KEY.down, KEY.enter); // http-driver
    await t.answer("latency-sensitive", KEY.down, KEY.enter); // critical
    await t.answer("Scaffold a workers project from the workers template", KEY.right, KEY.enter); // No
    expect(await done).toBe(0);
    expect(t.screen()).toContain("Recommendation: edge on Cloudflare Workers");
    expect(t.screen()).toContain("coldstart create my-app --template workers");
    expect(createRun).not.toHaveBeenCalled();
  });

  it("asks only what the flags leave open and runs create with the template when accepted", async () => {
    const t = fakeTerminal();
    const done = run({ workload: "background-job", maxDuration: 600, nodeApis: true, db: "postgres" }, t.io);
    await t.answer("native modules", KEY.enter);
    await t.answer("latency-sensitive", KEY.enter);
    await t.answer("Scaffold a lambda project from the lambda-sqs template", KEY.enter);
    expect(await done).toBe(0);
    expect(t.screen()).not.toContain("What will the code do?");
    expect(createRun).toHaveBeenCalledWith({ template: "lambda-sqs" }, t.io);
  });

  it("asks the monthly volume for CPU-heavy work and compares with a server", async () => {
    const t = fakeTerminal();
    const done = run({ workload: "cpu-heavy", maxDuration: 5, nodeApis: true, db: "none", latency: "normal" }, t.io);
    await t.answer("native modules", KEY.enter); // Yes, the default for CPU-heavy work
    await t.answer("How many runs a month?", ..."10M", KEY.enter);
    expect(await done).toBe(0);
    const screen = t.screen();
    expect(screen).toContain("Recommendation: a traditional server");
    expect(screen).toMatch(/10,000,000 runs a month of 5 s each cost about \$\d[\d.,]* a month on AWS Lambda/);
    expect(screen).toContain("AWS Fargate task");
    expect(screen).toContain("coldstart does not scaffold servers");
  });

  it("cancels cleanly on Ctrl-C", async () => {
    const t = fakeTerminal();
    const done = run({}, t.io).catch((error: unknown) => error);
    await t.answer("What will the code do?", KEY.down);
    await t.answer("HTTP API", KEY.ctrlC);
    expect(await done).toBeInstanceOf(CancelError);
    expect(t.screen().split("Cancelled.").length - 1).toBe(1);
  });

  it("chooseInteractively returns the hand-off for create's 'Help me choose'", async () => {
    const t = fakeTerminal();
    const done = chooseInteractively(t.io);
    await t.answer("What will the code do?", KEY.down, KEY.enter); // webhook
    await t.answer("Longest run time", KEY.enter); // default 10s
    await t.answer("Node.js built-in APIs", KEY.enter); // yes
    await t.answer("native modules", KEY.enter); // no
    await t.answer("database", KEY.down, KEY.enter); // postgres
    await t.answer("latency-sensitive", KEY.enter);
    expect(await done).toEqual({ target: "vercel", template: "vercel", skipped: [] });
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
