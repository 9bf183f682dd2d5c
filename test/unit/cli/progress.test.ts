import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { progressLine } from "../../../src/cli/progress.js";

function terminal(columns = 40) {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns });
  let written = "";
  stream.on("data", (chunk: Buffer) => (written += chunk.toString()));
  return { stream, text: () => written };
}

describe("progressLine", () => {
  it("says nothing for the first second, then rewrites one line with the phase and counts, and erases it", async () => {
    const tty = terminal();
    let now = 0;
    const progress = progressLine({ stderr: tty.stream, env: {} }, true, () => now);
    progress.update({ phase: "bundling", done: 3, total: 500 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(tty.text()).toBe("");
    now = 1500;
    progress.update({ phase: "bundling", done: 400, total: 500 });
    now = 1550;
    progress.update({ phase: "bundling", done: 401, total: 500 });
    now = 1700;
    progress.update({ phase: "checking", done: 2, total: 20, rule: "timeout/fetch-no-signal" });
    progress.done();
    await new Promise((resolve) => setImmediate(resolve));
    // Throttled to one write per 100 ms, cut to the terminal's width so the line never wraps.
    expect(tty.text()).toBe("\r\x1b[Kcoldstart: bundling 400/500 functions…\r\x1b[Kcoldstart: checking 3/20 rules (timeout\r\x1b[K");
  });

  it("writes nothing when disabled, and nothing on done for a short run", async () => {
    const tty = terminal();
    progressLine({ stderr: tty.stream, env: {} }, false).update({ phase: "discovering" });
    const short = progressLine({ stderr: tty.stream, env: {} }, true, () => 0);
    short.update({ phase: "discovering" });
    short.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(tty.text()).toBe("");
  });
});
