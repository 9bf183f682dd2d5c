/**
 * `coldstart cost --measure` on hostile projects, through the built CLI: handlers that attack the
 * machine they are measured on (fixtures/hostile/<case>/hostile.md says what each one does). Split
 * from cost.test.ts, the numbers meant to break the estimate, so parallel workers share them.
 */
import { execa } from "execa";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { cliPath } from "../../e2e/_helpers.js";
import { ENV_MARKER, expectContained, plantCase, runCli, type Planted } from "./_hostile.js";

const PLACEHOLDER = "coldstart-measure-placeholder";

/** A zombie has exited: only its parent has not collected its status yet. */
function alive(pid: number): boolean {
  if (!existsSync("/proc")) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

function pidsOf(planted: Planted): number[] {
  return Object.values(JSON.parse(readFileSync(path.join(planted.project, "pids.json"), "utf8")) as Record<string, number>);
}

async function measure(planted: Planted, extra: string[] = []) {
  const run = await runCli(planted, ["cost", "project", "--measure", "--runs", "3", "--format", "json", ...extra]);
  expectContained({ runs: [run], written: {} }, { exitCodes: [0] });
  const report = JSON.parse(run.stdout) as { estimates: Array<{ function: string; assumptions: { durationMs: number; cpuMs: number; ioWaitMs: number; measured?: { how: string } } }> };
  return { run, estimates: report.estimates };
}

describe("cost --measure contains the project's code", () => {
  it("the handler sees no variable of the parent's, and its declared ones as placeholders", async () => {
    const planted = plantCase("measure-reads-env");
    const { estimates } = await measure(planted);
    expect(estimates[0]!.assumptions.measured?.how).toMatch(/TABLE_NAME, STRIPE_KEY set to placeholders/);
    const seen = JSON.parse(readFileSync(path.join(planted.project, "env-seen.json"), "utf8")) as Record<string, string>;
    expect(Object.values(seen)).not.toContain(ENV_MARKER);
    expect(seen.COLDSTART_HOSTILE_TOKEN).toBeUndefined();
    expect(seen.CI).toBeUndefined();
    expect(Object.keys(seen).sort()).toEqual(["COLDSTART_MEASURE_RUN", "HOME", "NODE_ENV", "NODE_OPTIONS", "PATH", "STRIPE_KEY", "TABLE_NAME"]);
    expect(seen).toMatchObject({ TABLE_NAME: PLACEHOLDER, STRIPE_KEY: PLACEHOLDER, NODE_OPTIONS: "--max-old-space-size=256", NODE_ENV: "production" });
    expect(seen.HOME).not.toBe(homedir());
    expect(seen.HOME!.startsWith(planted.project)).toBe(true);
  });

  it("handlers that grow past their 128 MB are stopped and not measured", async () => {
    const { run, estimates } = await measure(plantCase("measure-memory-hog"));
    for (const name of ["BufferHog", "HeapHog", "ChildrenHog"]) {
      expect(run.stderr).toMatch(new RegExp(`#${name}Function: not measured \\((used \\d+ MB of memory, more than 128 MB|ran out of memory: the function has 128 MB)`));
    }
    for (const e of estimates) expect(e.assumptions.measured).toBeUndefined();
  });

  it("a handler that ignores SIGTERM is killed after the grace period", async () => {
    const planted = plantCase("measure-ignores-sigterm");
    const { run } = await measure(planted, ["--measure-timeout", "2"]);
    expect(run.stderr).toMatch(/#StubbornFunction: not measured \(timed out after 2 s\)/);
    for (const pid of pidsOf(planted)) expect(alive(pid), `process ${pid}`).toBe(false);
  });

  it("processes a handler leaves behind, in its group or its own session, end with the run", async () => {
    const planted = plantCase("measure-leaves-children");
    const { estimates } = await measure(planted);
    expect(estimates[0]!.assumptions.measured).toBeDefined();
    const pids = pidsOf(planted);
    expect(pids).toHaveLength(3);
    // Killed, they may take a moment to go on a loaded machine.
    for (let i = 0; i < 50 && pids.some(alive); i++) await sleep(100);
    for (const pid of pids) expect(alive(pid), `process ${pid}`).toBe(false);
  });

  it.each(["SIGINT", "SIGTERM", "SIGKILL"] as const)("when coldstart gets %s mid-run, the run's processes go too", async (signal) => {
    const planted = plantCase("measure-interrupted");
    const cli = execa(process.execPath, [cliPath, "cost", "project", "--measure"], { cwd: planted.base, reject: false, env: { NO_COLOR: "1" } });
    // The handler writes pids.json with writeFileSync: the file exists, empty, before its text is in it.
    const started = () => {
      try {
        return pidsOf(planted).length > 0;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 200 && !started(); i++) await sleep(100);
    expect(started(), "the handler never started").toBe(true);
    cli.kill(signal);
    const result = await cli;
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    // SIGKILL leaves coldstart no time: the group's supervisor sees its pipe close and kills the group.
    const pids = pidsOf(planted);
    for (let i = 0; i < 50 && pids.some(alive); i++) await sleep(100);
    for (const pid of pids) expect(alive(pid), `process ${pid}`).toBe(false);
  });

  it("forged figures are not priced", async () => {
    const { run, estimates } = await measure(plantCase("measure-forged-figures"));
    const reasons: Record<string, RegExp> = {
      Negative: /wallMs: -5 is below the minimum \(0-900,000 ms/,
      Infinite: /wallMs: Infinity is not a finite number \(0-900,000 ms/,
      Huge: /wallMs: 1000000000000 is above the maximum \(0-900,000 ms/,
      TooLong: /the run reported 16000001 ms of work but lasted \d+ ms/,
      NotANumber: /cpuMs: "fast" is not a finite number/,
    };
    for (const [name, reason] of Object.entries(reasons)) {
      expect(run.stderr).toMatch(new RegExp(`#${name}Function: not measured \\(.*${reason.source}`));
    }
    expect(estimates).toHaveLength(5);
    for (const e of estimates) {
      expect(e.assumptions.measured, e.function).toBeUndefined();
      // The default 100 ms of wall time on a full vCPU, not a forged figure.
      expect(e.assumptions.cpuMs + e.assumptions.ioWaitMs, e.function).toBe(100);
    }
  });
});
