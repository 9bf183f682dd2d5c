import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "../../../src/cli/ui.js";
import { run } from "../../../src/commands/choose.js";
import { UsageError } from "../../../src/errors.js";

function scriptedIo(interactive = false) {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (c) => (out += String(c)));
  const io: Io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, cwd: process.cwd(), interactive, color: false, debug: false };
  return { io, out: () => out };
}

describe("choose, scripted", () => {
  it("prints exactly the documented JSON, with the defaults it assumed", async () => {
    const t = scriptedIo();
    expect(await run({ workload: "websocket", format: "json" }, t.io)).toBe(0);
    const json = JSON.parse(t.out());
    expect(Object.keys(json)).toEqual(["runtime", "platform", "reasons", "alternatives", "assumed"]);
    expect(json.runtime).toBe("traditional");
    expect(json.platform).toBeNull();
    expect(json.assumed).toContain("--db none");
  });

  it("decides from flags alone with --yes even on a terminal, and prints the next command", async () => {
    const t = scriptedIo(true);
    const code = await run({ workload: "api", maxDuration: 5, nodeApis: false, db: "kv", latency: "critical", yes: true }, t.io);
    expect(code).toBe(0);
    expect(t.out()).toContain("Recommendation: edge on Cloudflare Workers");
    expect(t.out()).not.toContain("Assumed");
    expect(t.out()).toContain("Next: coldstart create my-app --target workers");
  });

  it("fails with a usage error naming what is missing and an example", async () => {
    const t = scriptedIo();
    const error = await run({ db: "postgres" }, t.io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain("--workload");
    expect((error as UsageError).hint).toMatch(/^Example: coldstart choose --workload/);
  });
});
