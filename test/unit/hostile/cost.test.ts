/**
 * `coldstart cost` on hostile projects, through the built CLI: numbers meant to break the estimate
 * (fixtures/hostile/<case>/hostile.md says what each one does). The handlers that attack the machine
 * `cost --measure` runs them on are in cost-measure.test.ts.
 */
import { describe, expect, it } from "vitest";
import { expectContained, plantCase, runCli, type CliRun } from "./_hostile.js";

function contained(run: CliRun, exitCodes: number[]): void {
  expectContained({ runs: [run], written: {} }, { exitCodes });
}

/** One error line, in the documented shape, and nothing else on stderr. */
function expectOneLineError(run: CliRun, where: RegExp): void {
  contained(run, [2]);
  expect(run.stdout).toBe("");
  expect(run.stderr, run.stderr).toMatch(new RegExp(`^coldstart: ${where.source}: .+ \\(.+\\)$`));
  expect(run.stderr.trim().split("\n"), run.stderr).toHaveLength(1);
}

describe("cost numbers out of range", () => {
  it.each([
    [["--duration", "1e308"], /--duration/],
    [["--memory", "99999999999999999999"], /--memory/],
    [["--duration", "-1"], /--duration/],
    [["--duration", "NaN"], /--duration/],
    [["--cpu", "Infinity"], /--cpu/],
    [["--invocations", "1e999"], /--invocations/],
    [["--cold-start-rate", "2"], /--cold-start-rate/],
    [["--platform", "vercel", "--memory", "8192"], /--memory/],
  ])("cost --what-if %j is one line, exit 2", async (args, flag) => {
    expectOneLineError(await runCli(plantCase("cost-absurd-numbers"), ["cost", "--what-if", ...args]), flag);
  });

  it.each(["memory-20-digits", "duration-1e308", "invocations-negative", "cpu-infinite"])("a config file with %s is one line, exit 2", async (name) => {
    const planted = plantCase("cost-absurd-numbers");
    const run = await runCli(planted, ["cost", "project", "--config", `project/configs/${name}.json`]);
    expectOneLineError(run, new RegExp(`project/configs/${name}\\.json: cost\\.defaults\\.\\w+`));
  });

  it.each(["requests-1e308", "duration-negative", "free-tier-infinite"])("a --prices file with %s is one line, exit 2", async (name) => {
    const planted = plantCase("cost-absurd-numbers");
    const run = await runCli(planted, ["cost", "project", "--prices", `project/prices/${name}.json`]);
    expectOneLineError(run, new RegExp(`--prices project/prices/${name}\\.json: aws-lambda\\.[\\w.\\-[\\]]+`));
  });

  it("a 20-digit MemorySize in the template is not priced, and every figure is finite", async () => {
    const planted = plantCase("cost-absurd-numbers");
    const json = await runCli(planted, ["cost", "project", "--format", "json"]);
    contained(json, [0]);
    expect(json.stdout).not.toMatch(/Infinity|NaN|e\+\d/);
    const [estimate] = JSON.parse(json.stdout).estimates;
    expect(estimate.assumptions.memoryMb).toBe(128);
    expect(estimate.assumptions.warnings.join(" ")).toMatch(/declares 100000000000000000000 MB, outside 128-10,240 MB/);
    const pretty = await runCli(planted, ["cost", "project", "--compare"]);
    contained(pretty, [0]);
    expect(pretty.stdout).not.toMatch(/∞|Infinity|NaN/);
    expect(pretty.stdout.match(/<- cheapest/g)).toHaveLength(1);
  });
});
