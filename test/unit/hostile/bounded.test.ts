/**
 * Inputs built to hang or crash the audit (issue 9): alias bombs, self-referencing aliases, values
 * nested 20,000 deep, a 25 MB template, a backtracking `ignore` glob. Each must finish in time with
 * a located finding and every other function audited, or exit 2 with one line.
 */
import { describe, expect, it } from "vitest";
import { auditEveryWay, expectContained, plantCase, type AuditRuns } from "./_hostile.js";

const DEEP = 20_000;
const brackets = () => "[".repeat(DEEP) + "]".repeat(DEEP);

interface Report {
  functions: Array<{ id: string }>;
  findings: Array<{ ruleId: string; severity: string; file: string; line: number; column: number; message: string }>;
}

function report(result: AuditRuns): Report {
  return JSON.parse(result.written["report.json"]!) as Report;
}

function findingsAt(result: AuditRuns, ruleId: string): Report["findings"] {
  return report(result).findings.filter((f) => f.ruleId === ruleId);
}

describe("bounded work on hostile input", { timeout: 300_000 }, () => {
  it("a billion-laughs template is one config-error at the alias; the other template's function is audited", async () => {
    const result = await auditEveryWay(plantCase("sam-billion-laughs"));
    expectContained(result);
    expect(findingsAt(result, "config-error")).toEqual([
      expect.objectContaining({ file: "reports/template.yaml", line: 7, column: 8, message: expect.stringMatching(/^template\.yaml has aliases that expand to more than 100,000 values/) }),
    ]);
    expect(report(result).functions.map((f) => f.id)).toEqual(["aws-lambda:src/orders.mjs#Orders"]);
    expect(report(result).findings.map((f) => f.ruleId)).toContain("timeout/fetch-no-signal");
  });

  it("a self-referencing alias is one config-error, not `Maximum call stack size exceeded`", async () => {
    const result = await auditEveryWay(plantCase("sam-self-referencing-alias"));
    expectContained(result);
    expect(findingsAt(result, "config-error")).toEqual([
      expect.objectContaining({ file: "legacy/template.yaml", line: 5, column: 15, message: expect.stringMatching(/^template\.yaml has an alias \(\*globals\) inside the value it names/) }),
    ]);
    expect(report(result).functions.map((f) => f.id)).toEqual(["aws-lambda:src/checkout.mjs#Checkout"]);
  });

  it("JSON, YAML, TOML, package.json and CDK source nested 20,000 deep are each a finding at the file", async () => {
    const planted = plantCase("nested-20000-deep", {
      files: {
        "infra/template.json": () => `{"Resources": {"Fn": {"Type": "AWS::Lambda::Function"}}, "Metadata": ${brackets()}}`,
        "services/serverless.yml": () => `service: jobs\nfunctions:\n  sync:\n    handler: sync.handler\ncustom: ${brackets()}\n`,
        "edge/wrangler.toml": () => `name = "edge"\nmain = "index.js"\nroutes = ${brackets()}\n`,
        "packages/widgets/package.json": () => `{"name": "widgets", "config": ${brackets()}}`,
        "cdk/lib/generated.ts": () => `import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\nexport const table = ${brackets()};\n`,
        "src/generated/table.json": () => brackets(),
      },
    });
    const result = await auditEveryWay(planted);
    expectContained(result);
    const nesting = /nests collections more than 200 levels deep/;
    expect(findingsAt(result, "config-error").map((f) => [f.file, f.line])).toEqual([
      ["cdk/lib/generated.ts", 1],
      ["edge/wrangler.toml", 3],
      ["infra/template.json", 1],
      ["packages/widgets/package.json", 1],
      ["services/serverless.yml", 5],
    ]);
    for (const f of findingsAt(result, "config-error")) expect(f.message).toMatch(f.file.endsWith(".ts") ? /was not searched for CDK functions/ : nesting);
    // Both real functions are analysed, Catalog past its import of the deep table.json.
    expect(findingsAt(result, "timeout/fetch-no-signal").map((f) => f.file)).toEqual(["cdk/src/reindex.ts", "src/catalog.mjs"]);
    expect(report(result).functions.map((f) => f.id).sort()).toEqual(["aws-lambda:cdk/src/reindex.ts#Reindex", "aws-lambda:src/catalog.mjs#Catalog"]);
  });

  it("a 25 MB template is refused at once with a note on the size, and the project is still audited", async () => {
    const filler = `  Note: "${"x".repeat(200)}"\n`;
    const planted = plantCase("oversized-template", {
      files: {
        "generated/template.yaml": () =>
          `Transform: AWS::Serverless-2016-10-31\nResources:\n  Bulk:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: index.handler\nMetadata:\n${filler.repeat(Math.ceil(25_000_000 / filler.length))}`,
      },
    });
    const result = await auditEveryWay(planted);
    expectContained(result);
    expect(findingsAt(result, "config-error")).toEqual([
      expect.objectContaining({ file: "generated/template.yaml", line: 1, message: expect.stringMatching(/^template\.yaml is 25\.0 MB, over the 5\.0 MB coldstart reads from one config file/) }),
    ]);
    expect(report(result).functions.map((f) => f.id)).toEqual(["aws-lambda:src/thumbnails.mjs#Thumbnails"]);
  });

  it("`*a*a*a*a*a*ab` against a 3,800-character path gives the right answer without backtracking", async () => {
    // As long as Linux allows (4,096 bytes for a whole path); the globs' unit tests use 5,000.
    const longDir = Array.from({ length: 19 }, () => "a".repeat(200)).join("/");
    const planted = plantCase("ignore-glob-backtracking", {
      files: {
        "src/deep/index.mjs": `export { lookup } from "./${longDir}/lookup.mjs";\n`,
        [`src/deep/${longDir}/lookup.mjs`]: 'export async function lookup(q) {\n  const res = await fetch(`https://index.example.com/?q=${q}`);\n  return res.json();\n}\n',
      },
    });
    const result = await auditEveryWay(planted);
    expectContained(result);
    const unguarded = findingsAt(result, "timeout/fetch-no-signal").map((f) => f.file);
    expect(unguarded).toEqual([`src/deep/${longDir}/lookup.mjs`]);
  });

  it("coldstart.config.json nested 20,000 deep is one line and exit 2", async () => {
    const planted = plantCase("config-nested-deep", { files: { "coldstart.config.json": () => `{"ignore": ${brackets()}}` } });
    const result = await auditEveryWay(planted);
    expectContained(result, { exitCodes: [2] });
    for (const run of result.runs) {
      expect(run.stderr).toMatch(/^coldstart: coldstart\.config\.json nests collections more than 200 levels deep, .*Flatten the structure\.$/);
    }
  });
});
