import { describe, expect, it } from "vitest";
import { lambdaTemplateProject, templateProjectChecks } from "./_lambda-template.js";

/**
 * The lambda-streaming template from the npm registry (coldstart from this checkout's tarball): its own
 * tests (the handler streaming through the local `awslambda` stand-in), its esbuild bundle invoked with
 * the sample function URL event in a separate Node 22 process as the README says, and its audit.
 */
const project = lambdaTemplateProject("lambda-streaming", "orders-export");

describe("coldstart create --template lambda-streaming", () => {
  const checks = templateProjectChecks(project, { tests: 14, functions: 1 });

  it("writes the template's own default timeout and a streaming, IAM-authenticated function URL", () => {
    const template = project.read("template.yaml");
    expect(template).toMatch(/^ {4}Timeout: 60$/m);
    expect(template).toMatch(/FunctionUrlConfig:\n\s+AuthType: AWS_IAM\n\s+InvokeMode: RESPONSE_STREAM\n/);
    expect(project.read("README.md")).toContain("`Timeout` (60 s)");
  });

  it("bundles, then runs the README's invoke example offline: three pages streamed as they arrive", async () => {
    expect((await project.npm(["run", "build"])).exitCode).toBe(0);
    const result = await project.npm(["run", "invoke", "--", "export", "events/export-get.json"]);
    expect(result.exitCode, result.all).toBe(0);
    const body = result.stdout.split("\n").filter((line) => line.startsWith("{") && !line.includes('"level"'));
    expect(body.map((line) => JSON.parse(line) as Record<string, unknown>).at(-1)).toEqual({ done: true, count: 12 });
    expect(body).toHaveLength(13);
    expect(result.all).toContain('[invoke] HTTP 200 {"content-type":"application/x-ndjson","cache-control":"no-store"}');
    // One chunk per page plus the summary, the first well before the last (the stand-in API waits 300 ms a page).
    const [, chunks, first, last] = /\[invoke\] (\d+) chunks, the first after (\d+) ms, the last after (\d+) ms/.exec(result.all) ?? [];
    expect(Number(chunks)).toBe(4);
    expect(Number(last) - Number(first)).toBeGreaterThanOrEqual(500);
  });

  checks.audit();
});
