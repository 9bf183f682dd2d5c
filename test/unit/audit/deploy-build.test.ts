import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "coldstart-deploy-build-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

// A dependency with a large CommonJS build (`main`) and a small ESM build (`module`), and a fake SDK client.
const padding = (name: string) => `exports.${name} = function ${name}() { return ${JSON.stringify("x".repeat(20_000))}; };\n`;
const dependencies = {
  "node_modules/dual-build/package.json": JSON.stringify({ name: "dual-build", version: "1.0.0", main: "cjs.js", module: "esm.js" }),
  "node_modules/dual-build/cjs.js": padding("greet"),
  "node_modules/dual-build/esm.js": 'export function greet() { return "hi"; }\n',
  "node_modules/@aws-sdk/client-s3/package.json": JSON.stringify({ name: "@aws-sdk/client-s3", version: "3.0.0", main: "index.js" }),
  "node_modules/@aws-sdk/client-s3/index.js": padding("S3Client"),
};
const handler = 'import { greet } from "dual-build";\nimport { S3Client } from "@aws-sdk/client-s3";\nexport const handler = async () => ({ statusCode: 200, body: greet() + typeof S3Client });\n';
const pkg = JSON.stringify({ name: "deploy-build", private: true, dependencies: { "dual-build": "1.0.0", "@aws-sdk/client-s3": "3.0.0" } });

const sam = (metadata: string) =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n${metadata}    Properties:\n      CodeUri: ./\n      Handler: app.handler\n      Runtime: nodejs22.x\n      MemorySize: 512\n      Timeout: 10\n`;

async function bundleOf(files: Record<string, string>) {
  const result = await runAudit({ root: project({ ...dependencies, "package.json": pkg, "src/app.ts": handler, ...files }), today: "2026-11-25" });
  expect(result.functions).toHaveLength(1);
  return result.functions[0]!.bundle!;
}

describe("bundle sizes follow the esbuild options the deploy declares", { timeout: 120_000 }, () => {
  it("SAM BuildProperties: MainFields module,main picks the ESM build, and the options are named", async () => {
    const bundle = await bundleOf({
      "template.yaml": sam("    Metadata:\n      BuildMethod: esbuild\n      BuildProperties:\n        EntryPoints: [src/app.ts]\n        Format: esm\n        Target: node22\n        Minify: true\n        MainFields: module,main\n        External: ['@aws-sdk/*']\n"),
    });
    expect(bundle.deployOptions).toBe("template.yaml Metadata.BuildProperties of Api: minify, esm, node22, mainFields module,main, external @aws-sdk/*");
    expect(bundle.packages.map((p) => p.name)).not.toContain("@aws-sdk/client-s3");
    expect(bundle.bytes).toBeLessThan(2_000);
  });

  it("SAM's own defaults (main before module, no external) when BuildProperties is silent", async () => {
    const bundle = await bundleOf({ "template.yaml": sam("    Metadata:\n      BuildMethod: esbuild\n      BuildProperties:\n        EntryPoints: [src/app.ts]\n") });
    expect(bundle.deployOptions).toMatch(/: minify, cjs, mainFields main,module$/);
    expect(bundle.packages.map((p) => p.name)).toEqual(expect.arrayContaining(["dual-build", "@aws-sdk/client-s3"]));
    expect(bundle.bytes).toBeGreaterThan(40_000);
  });

  it("without a declared build, coldstart's own options and no deployOptions", async () => {
    const bundle = await bundleOf({ "template.yaml": sam(""), "app.ts": handler });
    expect(bundle.deployOptions).toBeUndefined();
  });

  it("CDK NodejsFunction: no minify and the runtime's SDK left external by default; bundling options when written", async () => {
    const stack = (bundling: string) =>
      `import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\nimport { Runtime } from "aws-cdk-lib/aws-lambda";\nexport function build(scope: any) {\n  new NodejsFunction(scope, "Api", { entry: "src/app.ts", runtime: Runtime.NODEJS_22_X, memorySize: 512${bundling} });\n}\n`;
    const files = { "cdk.json": JSON.stringify({ app: "npx tsx lib/stack.ts" }) };
    const byDefault = await bundleOf({ ...files, "lib/stack.ts": stack("") });
    expect(byDefault.deployOptions).toBe("lib/stack.ts NodejsFunction Api bundling: no minify, cjs, node22, external @aws-sdk/*");
    expect(byDefault.packages.map((p) => p.name)).not.toContain("@aws-sdk/client-s3");
    const written = await bundleOf({ ...files, "lib/stack.ts": stack(', bundling: { minify: true, bundleAwsSdk: true, mainFields: ["module", "main"] }') });
    expect(written.deployOptions).toBe("lib/stack.ts NodejsFunction Api bundling: minify, cjs, node22, mainFields module,main");
    expect(written.packages.map((p) => p.name)).toContain("@aws-sdk/client-s3");
  });

  it("serverless-esbuild: custom.esbuild, with the plugin's defaults for what it leaves out", async () => {
    const bundle = await bundleOf({
      "serverless.yml": "service: x\nplugins:\n  - serverless-esbuild\nprovider:\n  name: aws\n  runtime: nodejs22.x\n  timeout: 10\n  memorySize: 512\ncustom:\n  esbuild:\n    minify: true\nfunctions:\n  api:\n    handler: src/app.handler\n",
    });
    expect(bundle.deployOptions).toBe("serverless.yml custom.esbuild (serverless-esbuild): minify, cjs, node22, external @aws-sdk/*");
  });

  it("functions bundled with different options each leave an undeclared, uninstalled package external", async () => {
    // Eight option sets, eight esbuild calls at once: the first to fail names the package for the others too.
    const ids = Array.from({ length: 8 }, (_, i) => `fn${i}`);
    const fn = (id: string, i: number) =>
      `  ${id}:\n    Type: AWS::Serverless::Function\n    Metadata:\n      BuildMethod: esbuild\n      BuildProperties:\n        Target: es20${16 + i}\n    Properties:\n      CodeUri: ./\n      Handler: src/${id}.handler\n      Runtime: nodejs22.x\n      MemorySize: 512\n      Timeout: 10\n`;
    const uses = 'import axios from "axios";\nexport const handler = async () => (await axios.get("https://example.com", { timeout: 2000 })).status;\n';
    const files: Record<string, string> = { "package.json": JSON.stringify({ name: "many-builds", private: true }), "template.yaml": `Transform: AWS::Serverless-2016-10-31\nResources:\n${ids.map(fn).join("")}` };
    for (const id of ids) files[`src/${id}.ts`] = uses;
    const result = await runAudit({ root: project(files), today: "2026-11-25" });
    expect(result.findings.filter((f) => f.ruleId === "parse-error")).toEqual([]);
    expect(result.functions.map((f) => f.bundle?.missingPackages)).toEqual(ids.map(() => ["axios"]));
  });
});
