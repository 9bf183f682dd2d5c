import aslValidator from "asl-validator";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadEvent } from "./support/lambda.js";

// The state machine's definition, checked the way Step Functions would read it after SAM's substitutions,
// and held to what template.yaml and the handlers provide.
const template = readFileSync(new URL("../template.yaml", import.meta.url), "utf8");
const definitionText = readFileSync(new URL("../statemachine/statements.asl.json", import.meta.url), "utf8");

interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  End?: boolean;
  Parameters?: Record<string, unknown>;
  ItemSelector?: Record<string, unknown>;
  ItemProcessor?: { States: Record<string, State> };
  Retry?: Array<{ ErrorEquals: string[] }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
}

/** DefinitionSubstitutions in template.yaml: placeholder -> the logical id of the function it names. */
const substitutions = new Map(
  [...template.matchAll(/^ {8}(\w+): !GetAtt (\w+)\.Arn$/gm)].map((match) => [match[1]!, match[2]!] as const),
);
const functions = new Map(
  [...template.matchAll(/^ {2}(\w+):\n {4}Type: AWS::Serverless::Function\n[\s\S]*?\n {6}Handler: ([\w-]+)\.handler\n/gm)].map((match) => [match[1]!, match[2]!] as const),
);
/** Every state, nested ones included. */
function allStates(states: Record<string, State>): Array<[string, State]> {
  return Object.entries(states).flatMap(([name, state]) => [[name, state] as [string, State], ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : [])]);
}
const substituted = definitionText.replaceAll(/\$\{(\w+)\}/g, (_, name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${substitutions.get(name) ?? `MISSING-${name}`}`);
const definition = JSON.parse(substituted) as { StartAt: string; TimeoutSeconds?: number; States: Record<string, State> };
const tasks = allStates(definition.States).filter(([, state]) => state.Type === "Task");
const LAMBDA_TRANSIENT = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"];

describe("statemachine/statements.asl.json", () => {
  it("is a valid Amazon States Language definition once SAM has substituted the function ARNs", () => {
    const result = aslValidator(structuredClone(definition));
    expect(result.errorsText(), "asl-validator").toBe("");
    expect(result.isValid).toBe(true);
  });

  it("has a Task for each function, and each placeholder names a function of template.yaml with a handler on disk", () => {
    const placeholders = [...definitionText.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]!);
    expect(placeholders.sort()).toEqual([...substitutions.keys()].sort());
    for (const name of placeholders) {
      const logicalId = substitutions.get(name)!;
      expect(functions.has(logicalId), `${name} -> ${logicalId} should be an AWS::Serverless::Function`).toBe(true);
      expect(existsSync(new URL(`../src/handlers/${functions.get(logicalId)}.ts`, import.meta.url))).toBe(true);
    }
    expect(tasks.map(([, task]) => task.Resource?.split(":function:")[1]).sort()).toEqual([...functions.keys()].sort());
  });

  it("retries Lambda's transient errors on every Task, and catches the rest where a failure must not end the job unrecorded", () => {
    for (const [name, task] of tasks) {
      const retried = task.Retry?.flatMap((retry) => retry.ErrorEquals) ?? [];
      expect(retried, name).toEqual(expect.arrayContaining(LAMBDA_TRANSIENT));
    }
    const caught = Object.fromEntries(tasks.map(([name, task]) => [name, task.Catch?.map((c) => c.Next)]));
    expect(caught).toEqual({ PlanJob: ["PlanFailed"], ProcessBatch: ["BatchFailed"], SummarizeJob: undefined });
  });

  it("retries and catches only error names the handlers throw", () => {
    const source = ["lib/billing.ts", "lib/job.ts"].map((file) => readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8")).join("\n");
    const thrown = new Set([...source.matchAll(/override name = "(\w+)"/g)].map((match) => match[1]!));
    const named = tasks.flatMap(([, task]) => [...(task.Retry ?? []), ...(task.Catch ?? [])].flatMap((r) => r.ErrorEquals)).filter((error) => !/^(Lambda|States|Sandbox)\./.test(error));
    expect(named.length).toBeGreaterThan(0);
    for (const error of named) expect(thrown, error).toContain(error);
  });

  it("passes each step the shape of its sample event in events/", () => {
    const keys = (value: Record<string, unknown> | undefined) => Object.keys(value ?? {}).map((key) => key.replace(/\.\$$/, "")).sort();
    const states = Object.fromEntries(allStates(definition.States));
    expect(keys(states.PlanJob!.Parameters)).toEqual(Object.keys(loadEvent<object>("plan-job")).sort());
    expect(keys(states.ProcessBatches!.ItemSelector)).toEqual(Object.keys(loadEvent<object>("process-batch")).sort());
    expect(keys(states.SummarizeJob!.Parameters)).toEqual(Object.keys(loadEvent<object>("summarize-job")).sort());
  });

  it("bounds the whole execution, while each function has its own short timeout", () => {
    expect(definition.TimeoutSeconds).toBeGreaterThan(900);
    expect(template.slice(template.indexOf("Globals:"), template.indexOf("Resources:"))).not.toMatch(/^ {4}Timeout:/m);
    for (const logicalId of functions.keys()) {
      const block = template.slice(template.indexOf(`  ${logicalId}:\n`));
      const timeout = Number(/\n {6}Timeout: (\d+)\n/.exec(block)?.[1]);
      expect(timeout, `${logicalId} Timeout`).toBeGreaterThan(0);
      expect(timeout, `${logicalId} Timeout`).toBeLessThanOrEqual(900);
    }
  });
});
