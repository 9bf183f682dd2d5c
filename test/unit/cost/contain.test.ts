import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { runContained, type ContainOptions } from "../../../src/cost/contain.js";

const linux = process.platform === "linux";
const base: ContainOptions = { cwd: tmpdir(), env: { PATH: process.env.PATH ?? "" }, timeoutMs: 20_000, graceMs: 1_000, memoryMb: 512 };

/** Runs a Node script as the measured command, as the runners are run. */
const node = (script: string, options: Partial<ContainOptions> = {}) => runContained(process.execPath, ["-e", script], { ...base, ...options });

/** Holds `mb` more MB, touched, in 16 MB steps, then waits to be stopped. */
const grow = (mb: number) => `const held = []; for (let i = 0; i < ${mb / 16}; i++) held.push(Buffer.alloc(16 * 1024 * 1024, 1)); setTimeout(() => {}, 20000);`;

describe("runContained", () => {
  it("gives the child only the environment it is handed, and a run id", async () => {
    const run = await node("process.stdout.write(JSON.stringify(process.env))", { env: { PATH: base.env.PATH!, ONLY: "this" } });
    expect(run.exitCode).toBe(0);
    const seen = JSON.parse(run.stdout) as Record<string, string>;
    expect(Object.keys(seen).sort()).toEqual(["COLDSTART_MEASURE_RUN", "ONLY", "PATH"]);
    expect(seen.COLDSTART_MEASURE_RUN).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports the command's own exit code and the signal that ended it", async () => {
    expect((await node("process.exit(3)")).exitCode).toBe(3);
    const aborted = await node("console.error('about to abort'); process.abort()");
    expect(aborted.signal).toBe("SIGABRT");
    expect(aborted.stderr).toContain("about to abort");
    expect(aborted.stderr).not.toContain("__COLDSTART");
  });

  it.runIf(linux)("counts the function's memory from the runtime's own, once it says it is up", async () => {
    const marker = "__READY__";
    const run = await node(`console.error("${marker}"); setTimeout(() => { ${grow(320)} }, 300);`, { memoryMb: 96, baseline: { marker, startupMemoryMb: 2048 } });
    expect(run.stopped).toMatch(/^used \d+ MB of memory, more than its 96 MB \(above the runtime's own \d+ MB\); stopped$/);
    // Before the runtime is up, the start-up allowance applies.
    const early = await node(grow(320), { memoryMb: 96, baseline: { marker, startupMemoryMb: 160 } });
    expect(early.stopped).toMatch(/^used \d+ MB of memory, more than 160 MB; stopped$/);
  });

  it.runIf(linux)("caps each process's writable memory, so an allocation fails instead of growing", async () => {
    const run = await node("try { Buffer.alloc(600 * 1024 * 1024, 1); console.log('allocated'); } catch (e) { console.log(e.message); }", { memoryMb: 4096, dataLimitMb: 256 });
    expect(run.stdout.trim()).toBe("Array buffer allocation failed");
  });
});
