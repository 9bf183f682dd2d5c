import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/bad-input");
const audit = (name: string) => runAudit({ root: path.join(fixtures, name), today: "2026-11-25" });
const engineFindings = (result: Awaited<ReturnType<typeof runAudit>>) =>
  result.findings.filter((f) => ["parse-error", "config-error"].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`);

describe("only what the platform deploys can fail the deploy", { timeout: 120_000 }, () => {
  it("a package.json with a comment outside SAM's CodeUri is a note; the function's other checks still run", async () => {
    const result = await audit("sam-package-json-comment-outside-codeuri");
    expect(engineFindings(result)).toEqual([]);
    expect(result.notes).toEqual([expect.objectContaining({ file: "package.json", line: 2 })]);
    expect(result.notes[0]!.message).toMatch(/never reads this file \(it packages functions\/orders\/ only\)/);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["lambda/deprecated-runtime"]);
  });

  it("the same comment inside CodeUri fails the function's build: a parse-error", async () => {
    const result = await audit("sam-package-json-comment-inside-codeuri");
    expect(engineFindings(result)).toEqual(["parse-error error functions/orders/package.json:2"]);
    expect(result.notes).toEqual([]);
  });

  it("an import of gitignored build output is a note to build first", async () => {
    const result = await audit("vercel-api-requires-gitignored-build");
    expect(engineFindings(result)).toEqual([]);
    expect(result.notes).toEqual([expect.objectContaining({ file: "api/index.js", line: 1 })]);
    expect(result.notes[0]!.message).toMatch(/imports "\.\.\/build", build output that is not there yet \(`\/build` in \.gitignore.*build the project first/);
  });

  it("an import of a file that is neither there nor ignored is still a parse-error", async () => {
    const result = await audit("vercel-api-requires-missing-module");
    expect(engineFindings(result)).toEqual(["parse-error error api/index.js:1"]);
  });
});

describe("a config error stops neither the function's other checks nor the project", { timeout: 120_000 }, () => {
  it("an invalid template under tests/ is a note; the project's functions are audited", async () => {
    const result = await audit("broken-template-under-tests");
    expect(result.functions.map((f) => f.id)).toEqual(["aws-lambda:src/health.mjs#Health"]);
    expect(engineFindings(result)).toEqual([]);
    expect(result.notes).toEqual([expect.objectContaining({ file: "tests/stacks/template.yaml" })]);
  });

  it("a handler with no source file is a config-error, and that function's runtime is still judged", async () => {
    const result = await audit("sam-handler-missing-runtime-judged");
    expect(engineFindings(result)).toEqual(["config-error error template.yaml:18"]);
    const runtime = result.findings.filter((f) => f.ruleId === "lambda/deprecated-runtime");
    expect(runtime.map((f) => f.message)).toEqual([expect.stringMatching(/^Health and Billing run on nodejs16\.x/)]);
    expect(result.functions.find((f) => f.id === "aws-lambda:src/billing#Billing")?.bundle).toBeUndefined();
  });
});
