import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { discoverProject } from "../../../src/project/discover.js";
import { auditMatchesExpected, expectPricedPerFunction, frameworksDir } from "./_audit-fixture.js";

const NAME = "cloudformation-inline-code";
const dir = path.join(frameworksDir, NAME);
const work = mkdtempSync(path.join(tmpdir(), "coldstart-inline-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("Lambda code inline in a template (SAM InlineCode, CloudFormation Code.ZipFile)", () => {
  it("is a function with the template's runtime, settings and handler; Python inline code stays a note", async () => {
    const project = await discoverProject(dir);
    expect(project.problems).toEqual([]);
    const rows = project.functions.map((f) => [f.id, f.runtime, f.lambda?.handlerExport, f.lambda?.runtime?.value, f.lambda?.memory?.mb, f.lambda?.timeout?.seconds]);
    expect(rows).toEqual([
      ["aws-lambda:bootstrap.json#SeedFunction", "nodejs", "handler", "nodejs16.x", 256, 60],
      ["aws-lambda:template.yaml#HealthCheckFunction", "nodejs", "handler", "nodejs18.x", 256, 10],
      ["aws-lambda:template.yaml#ReportFunction", "nodejs", "report", "nodejs18.x", 512, 10],
      ["aws-lambda:template.yaml#PurgeFunction", "nodejs", "handler", "nodejs18.x", 512, 10],
    ]);
    const health = project.functions[1]!;
    expect(health.inline?.file).toBe(path.join(dir, "template.yaml"));
    expect(health.inline?.text.split("\n")[0]).toBe("exports.handler = async () => {");
    // Each line of the code is where the template writes it: the YAML block's lines, the Fn::Join's strings.
    expect(health.inline?.lines.slice(0, 2)).toEqual([{ line: 41, column: 9 }, { line: 42, column: 9 }]);
    expect(project.functions[0]!.inline?.lines.slice(0, 2)).toEqual([{ line: 25, column: 16 }, { line: 26, column: 16 }]);
    expect(health.lambda?.triggers.map((t) => t.type)).toEqual(["schedule"]);
    expect(project.notes).toEqual([{ message: "ThumbnailFunction runs python3.12; coldstart audits JavaScript and TypeScript only", at: { file: "template.yaml", line: 89, column: 7 } }]);
  });

  it("finds exactly the planted problems, located in the template (aws-sdk v2 on nodejs18.x, fetch without a timeout, a client per request)", async () => {
    const result = await auditMatchesExpected(NAME);
    expect(result.functions.map((f) => f.entry)).toEqual(["bootstrap.json", "template.yaml", "template.yaml", "template.yaml"]);
    expect(result.excerpts["template.yaml"]?.[42]).toBe("          const res = await fetch(process.env.STATUS_URL);");
    await expectPricedPerFunction(NAME, result);
  });

  it("honours a suppression comment written in the inline code, and reports a syntax error at its template line", async () => {
    const copy = path.join(work, "suppressed");
    cpSync(dir, copy, { recursive: true });
    const template = readFileSync(path.join(copy, "template.yaml"), "utf8")
      .replace("          const res = await fetch", "          // coldstart-ignore-next-line timeout/fetch-no-signal\n          const res = await fetch")
      .replace('await client.query("delete', 'await client.query(("delete');
    writeFileSync(path.join(copy, "template.yaml"), template);
    const result = await runAudit({ root: copy, today: "2026-05-01" });
    expect(result.findings.filter((f) => f.ruleId === "timeout/fetch-no-signal").map((f) => f.file)).toEqual(["bootstrap.json"]);
    expect(result.summary.suppressed).toBe(1);
    const parse = result.findings.find((f) => f.ruleId === "parse-error");
    expect(parse).toMatchObject({ file: "template.yaml", line: 76, function: "aws-lambda:template.yaml#PurgeFunction" });
  });
});
