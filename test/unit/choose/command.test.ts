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
  it("prints the documented JSON: the earlier keys unchanged, then the template and the cost comparison", async () => {
    const t = scriptedIo();
    expect(await run({ workload: "websocket", format: "json" }, t.io)).toBe(0);
    const json = JSON.parse(t.out());
    expect(Object.keys(json)).toEqual(["runtime", "platform", "reasons", "alternatives", "assumed", "template", "cost"]);
    expect(json).toMatchObject({ runtime: "serverless", platform: "cloudflare-workers", cost: null });
    expect(json.assumed).toContain("--db none");
    // The WebSocket template is not in this coldstart (yet): the closest one, and what to change in it.
    expect(json.template.target).toBe("workers");
    expect(typeof json.template.name).toBe("string");
    if (json.template.name === "workers") expect(json.template.change).toMatch(/acceptWebSocket/);
  });

  it("prints the cost comparison in JSON when the volume decides", async () => {
    const t = scriptedIo();
    await run({ workload: "cpu-heavy", maxDuration: 5, nativeModules: true, volume: 10_000_000, format: "json" }, t.io);
    const json = JSON.parse(t.out());
    expect(json).toMatchObject({ runtime: "traditional", platform: null, template: null, cost: { invocationsPerMonth: 10_000_000, volumeAssumed: false, cheaper: "server" } });
    expect(json.cost.server.monthlyUsd).toBeLessThan(json.cost.serverless.monthlyUsd);
  });

  it("decides from flags alone with --yes even on a terminal, and prints the template to create", async () => {
    const t = scriptedIo(true);
    const code = await run({ workload: "api", maxDuration: 5, nodeApis: false, nativeModules: false, db: "kv", latency: "critical", yes: true }, t.io);
    expect(code).toBe(0);
    expect(t.out()).toContain("Recommendation: edge on Cloudflare Workers");
    expect(t.out()).not.toContain("Assumed");
    expect(t.out()).toContain("Template: workers");
    expect(t.out()).toContain("Next: coldstart create my-app --template workers");
  });

  it("hands edge middleware to the vercel template with what to change while no edge variant exists", async () => {
    const t = scriptedIo();
    await run({ workload: "middleware", yes: true }, t.io);
    expect(t.out()).toContain("Recommendation: edge on Vercel");
    expect(t.out()).toMatch(/Template: vercel(-edge)?/);
    if (!/Template: vercel-edge/.test(t.out())) expect(t.out()).toMatch(/Change: its proxy\.ts runs on Node\.js/);
  });

  it("fails with a usage error naming what is missing and an example", async () => {
    const t = scriptedIo();
    const error = await run({ db: "postgres" }, t.io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain("--workload");
    expect((error as UsageError).hint).toMatch(/^Example: coldstart choose --workload/);
  });
});
