import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../e2e/_helpers.js";

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

const action = parse(readFileSync(path.join(repoRoot, "action.yml"), "utf8")) as { inputs: Record<string, unknown>; runs: { using: string; steps: Step[] } };

describe("action.yml", () => {
  it("is a composite action whose every input is used and every referenced input is declared", () => {
    expect(action.runs.using).toBe("composite");
    const text = readFileSync(path.join(repoRoot, "action.yml"), "utf8");
    const referenced = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]!));
    expect([...referenced].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it("passes inputs to scripts through the environment, never into the script text", () => {
    for (const step of action.runs.steps) expect(step.run ?? "", step.id).not.toMatch(/\$\{\{\s*inputs\./);
  });

  it("runs the comment script that exists, and only on pull_request", () => {
    const comment = action.runs.steps.find((s) => s.run?.includes("action/comment.mjs"))!;
    expect(comment.if).toContain("github.event_name == 'pull_request'");
    expect(readFileSync(path.join(repoRoot, "action/comment.mjs"), "utf8")).toContain("<!-- coldstart-diff -->");
    const sarif = action.runs.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
    expect(sarif?.if).toContain("inputs.sarif == 'true'");
  });
});
