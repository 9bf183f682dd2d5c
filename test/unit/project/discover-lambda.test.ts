import path from "node:path";
import { describe, expect, it } from "vitest";
import { byId, discoverFixture, fixture } from "./_fixtures.js";

describe("SAM / CloudFormation", () => {
  it("reads functions with Globals, events, event source mappings and lines", async () => {
    const project = await discoverFixture("sam-globals-and-events");
    expect(project.functions.map((f) => f.id)).toEqual([
      "aws-lambda:src/handlers/orders.ts#OrdersApiFunction",
      "aws-lambda:src/handlers/worker.ts#QueueWorkerFunction",
      "aws-lambda:legacy/index.mjs#LegacyStreamFunction",
    ]);
    expect(project.configFiles).toContainEqual({ path: path.join(fixture("sam-globals-and-events"), "template.yaml"), kind: "sam" });

    const api = byId(project, "aws-lambda:src/handlers/orders.ts#OrdersApiFunction");
    expect(api.runtime).toBe("nodejs");
    expect(api.config).toEqual({ file: "template.yaml", line: 23, column: 3 });
    expect(api.lambda).toMatchObject({
      source: "sam",
      name: "OrdersApiFunction",
      handlerExport: "handler",
      runtime: { value: "nodejs22.x", at: { file: "template.yaml", line: 14, column: 5 } },
      timeout: { seconds: 10, at: { line: 15 } },
      memory: { mb: 1024, at: { line: 28, column: 7 } },
      architecture: "arm64",
      reservedConcurrency: undefined,
      triggers: [
        { type: "api", at: { line: 33 } },
        { type: "schedule", at: { line: 38, column: 9 } },
      ],
      environment: { values: { TABLE_NAME: { Ref: "OrdersTable" }, STAGE: "prod" }, at: { line: 29 } },
    });
    expect(api.lambda?.unresolved).toBeUndefined();

    // CodeUri is the build folder; Metadata.BuildProperties.EntryPoints names the source.
    const worker = byId(project, "aws-lambda:src/handlers/worker.ts#QueueWorkerFunction");
    expect(worker.entry).toBe(path.join(fixture("sam-globals-and-events"), "src/handlers/worker.ts"));
    expect(worker.lambda).toMatchObject({
      handlerExport: "process",
      timeout: { seconds: 60, at: { line: 53 } },
      memory: undefined,
      reservedConcurrency: 5,
      triggers: [{ type: "sqs", reportBatchItemFailures: true, at: { line: 57 } }],
      environment: { at: { line: 18 } },
    });

    const legacy = byId(project, "aws-lambda:legacy/index.mjs#LegacyStreamFunction");
    expect(legacy.lambda).toMatchObject({
      runtime: { value: "nodejs18.x", at: { line: 77 } },
      timeout: undefined,
      unresolved: ["timeout"],
      architecture: "x86_64",
      triggers: [{ type: "kinesis", reportBatchItemFailures: false, at: { line: 81 } }],
    });
  });

  it("skips non-Node runtimes and reports a handler with no source", async () => {
    const project = await discoverFixture("sam-globals-and-events");
    expect(project.functions.some((f) => f.lambda?.name === "ReportFunction")).toBe(false);
    expect(project.notes).toEqual([
      { message: "ReportFunction runs python3.13; coldstart audits JavaScript and TypeScript only", at: { file: "template.yaml", line: 70, column: 7 } },
    ]);
    expect(project.problems).toEqual([
      {
        message: "MissingSourceFunction: Handler gone.handler has no source file (looked for src/handlers/gone with .ts/.mts/.js/.mjs)",
        at: { file: "template.yaml", line: 92, column: 7 },
      },
    ]);
  });
});

describe("serverless.yml", () => {
  it("merges provider and function settings, resolves ${self:} and keeps other variables unresolved", async () => {
    const project = await discoverFixture("serverless-framework");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual([
      "aws-lambda:src/handlers/email.ts#sendEmail",
      "aws-lambda:src/handlers/queue.js#drainQueue",
    ]);
    const email = byId(project, "aws-lambda:src/handlers/email.ts#sendEmail");
    expect(email.config).toEqual({ file: "serverless.yml", line: 14, column: 3 });
    expect(email.lambda).toMatchObject({
      source: "serverless",
      handlerExport: "send",
      runtime: { value: "nodejs20.x", at: { file: "serverless.yml", line: 6, column: 3 } },
      timeout: { seconds: 6, at: { line: 16 } },
      memory: { mb: 256, at: { line: 8 } },
      architecture: "arm64",
      triggers: [{ type: "http-api", at: { line: 18 } }],
      environment: { values: { LOG_LEVEL: "info" }, at: { line: 10 } },
    });
    const queue = byId(project, "aws-lambda:src/handlers/queue.js#drainQueue");
    expect(queue.lambda).toMatchObject({
      memory: { mb: 512, at: { line: 23 } },
      timeout: undefined,
      unresolved: ["timeout"],
      reservedConcurrency: 2,
      triggers: [
        { type: "sqs", reportBatchItemFailures: true, at: { line: 29, column: 9 } },
        { type: "dynamodb", reportBatchItemFailures: false, at: { line: 32 } },
        { type: "schedule", at: { line: 35 } },
      ],
      environment: { values: { LOG_LEVEL: "info", QUEUE_URL: expect.stringContaining("sqs") }, at: { line: 26 } },
    });
  });
});

describe("CDK NodejsFunction", () => {
  it("reads entry, handler, runtime, Duration timeouts, memory, architecture and event sources", async () => {
    const project = await discoverFixture("cdk-nodejs-function");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual([
      "aws-lambda:lambda/api.ts#OrdersApi",
      "aws-lambda:lambda/worker.ts#OrdersWorker",
      "aws-lambda:lib/orders-stack.Cleanup.ts#Cleanup",
    ]);
    const api = byId(project, "aws-lambda:lambda/api.ts#OrdersApi");
    expect(api.config).toEqual({ file: "lib/orders-stack.ts", line: 14, column: 17 });
    expect(api.lambda).toMatchObject({
      source: "cdk",
      handlerExport: "main",
      runtime: { value: "nodejs22.x", at: { file: "lib/orders-stack.ts", line: 17 } },
      timeout: { seconds: 10, at: { line: 18 } },
      memory: { mb: 1024, at: { line: 19 } },
      architecture: "arm64",
      environment: { values: { STAGE: "prod" } },
      triggers: [{ type: "api", at: { line: 23 } }],
    });
    // A relative entry resolves against the folder with cdk.json.
    const worker = byId(project, "aws-lambda:lambda/worker.ts#OrdersWorker");
    expect(worker.lambda).toMatchObject({
      handlerExport: "handler",
      timeout: { seconds: 120, at: { line: 29 } },
      memory: undefined,
      reservedConcurrency: 3,
      triggers: [{ type: "sqs", reportBatchItemFailures: false, at: { line: 32 } }],
    });
    const cleanup = byId(project, "aws-lambda:lib/orders-stack.Cleanup.ts#Cleanup");
    expect(cleanup.lambda).toMatchObject({ runtime: undefined, timeout: undefined, triggers: [] });
  });
});

describe("CloudFormation JSON and invoke permissions", () => {
  it("finds templates by content, reads string numbers, and takes triggers from permissions and integrations", async () => {
    const project = await discoverFixture("cloudformation-json-permissions");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual([
      "aws-lambda:functions/api.mjs#ApiHandler",
      "aws-lambda:functions/single.js#SingleFileFunction",
    ]);
    const api = byId(project, "aws-lambda:functions/api.mjs#ApiHandler");
    expect(api.config).toEqual({ file: "infra/stack.json", line: 5, column: 5 });
    expect(api.lambda).toMatchObject({
      source: "cloudformation",
      timeout: { seconds: 45, at: { file: "infra/stack.json", line: 11, column: 9 } },
      memory: { mb: 512, at: { line: 12 } },
      architecture: "arm64",
      reservedConcurrency: 10,
      environment: { values: { MODE: "json" }, at: { line: 15 } },
      triggers: [
        { type: "api", at: { line: 18 } },
        { type: "http-api", at: { line: 26 } },
      ],
    });
    expect(project.configFiles.map((c) => [c.path.slice(c.path.lastIndexOf("/") + 1), c.kind]).sort()).toEqual([
      ["stack.json", "cloudformation"],
      ["template.yaml", "sam"],
    ]);
  });
});

describe("SAM template with flow lists at the key's indent (accepted by SAM CLI)", () => {
  it("reads the function, its settings with their columns, and the SQS trigger written as a flow list", async () => {
    const project = await discoverFixture("sam-flow-lists-at-key-indent");
    expect(project.problems).toEqual([]);
    const fn = byId(project, "aws-lambda:src/resize.mjs#ResizeFunction");
    expect(fn.config).toEqual({ file: "template.yaml", line: 6, column: 3 });
    expect(fn.lambda).toMatchObject({
      timeout: { seconds: 20, at: { line: 12, column: 7 } },
      memory: { mb: 512, at: { line: 30, column: 7 } },
      triggers: [{ type: "sqs", reportBatchItemFailures: true, at: { line: 24, column: 9 } }],
    });
  });
});
