import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lambdaTemplateProject, lastJson, templateProjectChecks } from "./_lambda-template.js";

/**
 * The lambda-stepfunctions template from the npm registry (coldstart from this checkout's tarball): its own
 * tests (each step with its event, the definition through asl-validator), its three esbuild bundles invoked
 * one after the other in separate Node 22 processes as the README says, each step's output feeding the
 * next the way the state machine would, and its audit.
 */
const project = lambdaTemplateProject("lambda-stepfunctions", "statements", ["--timeout", "300"]);
const invoke = (fn: string, event: string) => project.npm(["run", "invoke", "--", fn, event]);

describe("coldstart create --template lambda-stepfunctions", () => {
  const checks = templateProjectChecks(project, { tests: 22, functions: 3 });

  it("gives ProcessBatch the chosen timeout and keeps the other steps' own", () => {
    const template = project.read("template.yaml");
    expect([...template.matchAll(/^ {6}Timeout: (\d+)$/gm)].map((match) => Number(match[1]))).toEqual([30, 300, 10]);
    expect(template).toContain("DefinitionUri: statemachine/statements.asl.json");
    expect(project.read("README.md")).toContain("`ProcessBatchFunction` 300 s");
  });

  it("bundles, then runs each step of the README offline, one step's output as the next one's input", async () => {
    const build = await project.npm(["run", "build"]);
    expect(build.exitCode, build.all).toBe(0);
    for (const fn of ["plan-job", "process-batch", "summarize-job"]) expect(build.all).toContain(`dist/${fn}/${fn}.mjs`);

    const plan = await invoke("plan-job", "events/plan-job.json");
    expect(plan.exitCode, plan.all).toBe(0);
    const planned = lastJson<{ jobId: string; month: string; batches: Array<{ batchId: string; offset: number; limit: number }> }>(plan.stdout);
    expect(planned.batches.map((b) => b.limit)).toEqual([200, 200, 50]);
    expect(plan.all).toContain("[local billing] count customers for 2026-11: 450");

    // The Map's ItemSelector, then SummarizeJob's Parameters, as written in the definition.
    const results: unknown[] = [];
    for (const batch of planned.batches) {
      writeFileSync(`${project.dir}/events/local-batch.json`, JSON.stringify({ jobId: planned.jobId, month: planned.month, batch }));
      const run = await invoke("process-batch", "events/local-batch.json");
      expect(run.exitCode, run.all).toBe(0);
      expect(run.all).toContain(`(idempotency-key statements/2026-11/${batch.batchId})`);
      results.push(lastJson(run.stdout));
    }
    writeFileSync(`${project.dir}/events/local-summary.json`, JSON.stringify({ jobId: planned.jobId, month: planned.month, results }));
    const summary = await invoke("summarize-job", "events/local-summary.json");
    expect(summary.exitCode, summary.all).toBe(0);
    expect(lastJson(summary.stdout)).toEqual({ jobId: "statements-2026-11", month: "2026-11", batches: 3, statements: 450 });
  });

  checks.audit();
});
