import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { MAX_NESTING } from "../../../src/project/formats/limits.js";
import { billionLaughs, deepBrackets, oversized } from "./_hostile-text.js";

/** A project with one good SAM function beside whatever hostile files a test adds. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "coldstart-bounded-"));
  const all: Record<string, string> = {
    "good/template.yaml": "Transform: AWS::Serverless-2016-10-31\nResources:\n  Good:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: nodejs22.x\n",
    "good/app.mjs": "export const handler = async () => ({ statusCode: 200 });\n",
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const FUNCTION = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n";
const nesting = `nests collections more than ${MAX_NESTING} levels deep`;

describe("discovery on hostile config files", { timeout: 120_000 }, () => {
  it("turns each bound hit into a located problem at its file and still finds the good function", async () => {
    const dir = project({
      "bomb/template.yaml": `${billionLaughs()}${FUNCTION}`,
      "self/template.yaml": `a: &a [*a]\n${FUNCTION}`,
      "deep-json/template.json": `{"Resources": {"Fn": {"Type": "AWS::Lambda::Function"}}, "x": ${deepBrackets()}}`,
      "deep-yaml/serverless.yml": `functions:\n  f:\n    handler: app.handler\nx: ${deepBrackets()}\n`,
      "worker/wrangler.toml": `name = "w"\nmain = "index.js"\nx = ${deepBrackets()}\n`,
      "site/package.json": `{"name": "site", "x": ${deepBrackets()}}`,
      "big/template.yaml": oversized(FUNCTION, "#"),
    });
    const found = await discoverProject(dir);
    expect(found.functions.map((f) => f.id)).toEqual(["aws-lambda:good/app.mjs#Good"]);
    const byFile = Object.fromEntries(found.problems.map((p) => [p.at.file, p]));
    expect(Object.keys(byFile).sort()).toEqual([
      "big/template.yaml",
      "bomb/template.yaml",
      "deep-json/template.json",
      "deep-yaml/serverless.yml",
      "self/template.yaml",
      "site/package.json",
      "worker/wrangler.toml",
    ]);
    expect(byFile["bomb/template.yaml"]).toMatchObject({ message: expect.stringMatching(/^template\.yaml has aliases that expand to more than 100,000 values/), at: { line: 6 } });
    expect(byFile["self/template.yaml"]).toMatchObject({ message: expect.stringMatching(/^template\.yaml has an alias \(\*a\) inside the value it names/), at: { line: 1, column: 8 } });
    expect(byFile["deep-json/template.json"]).toMatchObject({ message: expect.stringContaining(`template.json ${nesting}`), at: { line: 1 } });
    expect(byFile["deep-yaml/serverless.yml"]).toMatchObject({ message: expect.stringContaining(`serverless.yml ${nesting}`), at: { line: 4 } });
    expect(byFile["worker/wrangler.toml"]).toMatchObject({ message: expect.stringContaining(`wrangler.toml ${nesting}`), at: { line: 3 } });
    expect(byFile["site/package.json"]).toMatchObject({ message: expect.stringContaining(`package.json ${nesting}`), at: { line: 1 } });
    expect(byFile["big/template.yaml"]).toMatchObject({ message: expect.stringMatching(/^template\.yaml is 5\.0 MB, over the 5\.0 MB/), at: { line: 1 } });
    for (const p of found.problems) {
      expect(p.message).not.toContain("\n");
      expect(p.message).toMatch(/add it to `ignore` in coldstart\.config\.json\.$/);
    }
  });

  it("reports a hostile pnpm-workspace.yaml or root package.json and goes on without workspaces", async () => {
    const bomb = await discoverProject(project({ "pnpm-workspace.yaml": `${billionLaughs()}packages: *i\n` }));
    expect(bomb.problems).toEqual([expect.objectContaining({ at: expect.objectContaining({ file: "pnpm-workspace.yaml", line: 6 }) })]);
    expect(bomb.functions.map((f) => f.id)).toEqual(["aws-lambda:good/app.mjs#Good"]);
    const deep = await discoverProject(project({ "package.json": `{"workspaces": ${deepBrackets()}}` }));
    expect(deep.problems).toEqual([expect.objectContaining({ message: expect.stringContaining(`package.json ${nesting}`), at: expect.objectContaining({ file: "package.json", line: 1 }) })]);
    expect(deep.functions.map((f) => f.id)).toEqual(["aws-lambda:good/app.mjs#Good"]);
  });

  it("reads a package.json script with thousands of flags without backtracking", async () => {
    const flags = "--a=b ".repeat(5_000);
    const found = await discoverProject(
      project({
        "worker/wrangler.toml": 'name = "w"\ncompatibility_date = "2025-09-15"\n',
        "worker/package.json": JSON.stringify({ scripts: { deploy: `wrangler deploy ${flags}src/index.ts`, dev: `wrangler dev ${flags}x` } }),
        "worker/src/index.ts": "export default { fetch: () => new Response('ok') };\n",
      }),
    );
    expect(found.functions.map((f) => f.id).sort()).toEqual(["aws-lambda:good/app.mjs#Good", "cloudflare-workers:worker/src/index.ts"]);
  });

  it("reports a CDK source nested too deeply to walk, and still reads the app's other constructs", async () => {
    const construct = (name: string, extra = "") =>
      `import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\n${extra}export function add${name}(scope: any) { new NodejsFunction(scope, "${name}", { entry: "src/ok.ts" }); }\n`;
    const found = await discoverProject(
      project({
        "cdk/cdk.json": '{ "app": "npx tsx bin/app.ts" }',
        "cdk/package.json": '{ "name": "infra", "dependencies": { "aws-cdk-lib": "2.200.0" } }',
        "cdk/src/ok.ts": "export const handler = async () => ({ statusCode: 200 });\n",
        "cdk/lib/ok.ts": construct("Ok"),
        "cdk/lib/deep.ts": construct("Deep", `export const data = ${deepBrackets()};\n`),
        "cdk/lib/concat.ts": construct("Concat", `export const text = ${Array.from({ length: 5_000 }, () => '"a"').join(" + ")};\n`),
      }),
    );
    expect(found.functions.map((f) => f.id).sort()).toEqual(["aws-lambda:cdk/src/ok.ts#Ok", "aws-lambda:good/app.mjs#Good"]);
    expect(found.problems.map((p) => [p.at.file, p.message.replace(/:.*/, "")])).toEqual([
      ["cdk/lib/concat.ts", "concat.ts was not searched for CDK functions"],
      ["cdk/lib/deep.ts", "deep.ts was not searched for CDK functions"],
    ]);
  });
});
