import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { byId, discoverFixture, fixture } from "./_fixtures.js";
import { tempProject } from "../audit/_temp-project.js";

describe("SAM / CloudFormation", () => {
  it("reads functions with Globals, events, event source mappings and lines", async () => {
    const project = await discoverFixture("sam-globals-and-events");
    expect(project.functions.map((f) => f.id)).toEqual([
      "aws-lambda:src/handlers/orders.ts#OrdersApiFunction",
      "aws-lambda:src/handlers/worker.ts#QueueWorkerFunction",
      "aws-lambda:legacy/index.mjs#LegacyStreamFunction",
      "aws-lambda:src/handlers/gone#MissingSourceFunction",
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

  it("skips non-Node runtimes; reports a handler with no source and keeps its configuration for the checks", async () => {
    const project = await discoverFixture("sam-globals-and-events");
    expect(project.functions.some((f) => f.lambda?.name === "ReportFunction")).toBe(false);
    expect(project.notes).toEqual([
      { message: "ReportFunction runs python3.13; coldstart audits JavaScript and TypeScript only", at: { file: "template.yaml", line: 70, column: 7 } },
    ]);
    expect(project.problems).toEqual([
      {
        message: "MissingSourceFunction: Handler gone.handler has no source file (looked for src/handlers/gone with .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs)",
        at: { file: "template.yaml", line: 92, column: 7 },
      },
    ]);
    const missing = byId(project, "aws-lambda:src/handlers/gone#MissingSourceFunction");
    expect(missing.codeMissing).toBe(true);
    expect(missing.lambda).toMatchObject({ runtime: { value: "nodejs22.x" }, timeout: { seconds: 10 } });
    expect(project.functions.filter((f) => f.codeMissing).map((f) => f.lambda?.name)).toEqual(["MissingSourceFunction"]);
  });
});

describe("REST API integrations and invoke permissions", () => {
  const rules = path.resolve(fixture("."), "../rules/timeout/exceeds-limit");
  const triggersOf = async (dir: string) => {
    const project = await discoverProject(path.join(rules, dir));
    return Object.fromEntries(project.functions.map((f) => [f.lambda!.name, f.lambda!.triggers.map((t) => ({ type: t.type, line: t.at.line, streaming: t.streaming, permissionOnly: t.permissionOnly }))]));
  };

  it("reads the method or OpenAPI route as the event source, with its transfer mode; a bare permission is marked as one", async () => {
    expect(await triggersOf("valid/rest-api-streaming-and-permission-only")).toEqual({
      ChatFunction: [{ type: "api", line: 21, streaming: true, permissionOnly: undefined }],
      ReportFunction: [{ type: "api", line: 52, streaming: true, permissionOnly: undefined }],
      SocketFunction: [{ type: "api", line: 80, streaming: undefined, permissionOnly: true }],
      SummaryFunction: [{ type: "schedule", line: 94, streaming: undefined, permissionOnly: undefined }],
    });
    expect(await triggersOf("invalid/rest-api-method-buffered-cites-the-method")).toEqual({
      ChatFunction: [{ type: "api", line: 22, streaming: undefined, permissionOnly: undefined }],
    });
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

describe("a Runtime that names no Lambda runtime (a placeholder a script fills in)", () => {
  it("is unresolved, not another language: the function is audited", async () => {
    const { root, write } = tempProject("sam-runtime-placeholder");
    const template = (runtime: string) => `AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Consumer:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.handler\n      Runtime: ${runtime}\n`;
    write("src/app.mjs", "export const handler = async () => {};\n");
    write("template.yaml", template("NODEJS_VERSION"));
    const placeholder = await discoverProject(root);
    expect(placeholder.notes).toEqual([]);
    expect(placeholder.functions.map((f) => [f.id, f.lambda?.runtime, f.lambda?.unresolved])).toEqual([["aws-lambda:src/app.mjs#Consumer", undefined, ["runtime"]]]);
    write("template.yaml", template("python3.12"));
    const python = await discoverProject(root);
    expect(python.functions).toEqual([]);
    expect(python.notes?.map((n) => n.message)).toEqual(["Consumer runs python3.12; coldstart audits JavaScript and TypeScript only"]);
  });
});

describe("serverless.yml functions in other files (${file(...)})", () => {
  it("reads the whole block, list items and a key of a file, each function located in the file that defines it", async () => {
    const { root, write } = tempProject("sls-file-refs");
    write("package.json", JSON.stringify({ name: "svc", private: true }));
    write("serverless.yml", [
      "service: svc",
      "provider:",
      "  name: aws",
      "  runtime: nodejs22.x",
      "  timeout: 10",
      "functions: ${file(./config/functions.yml)}",
      "",
    ].join("\n"));
    write("config/functions.yml", "api:\n  handler: src/api.handler\n  events:\n    - httpApi: GET /\nworker:\n  handler: src/worker.handler\n  timeout: 60\n");
    write("src/api.ts", "export const handler = async () => ({ statusCode: 200 });\n");
    write("src/worker.ts", "export const handler = async () => undefined;\n");
    const whole = await discoverProject(root);
    expect(whole.problems).toEqual([]);
    expect(whole.functions.map((f) => [f.id, f.config, f.lambda?.timeout?.seconds, f.lambda?.timeout?.at.file])).toEqual([
      ["aws-lambda:src/api.ts#api", { file: "config/functions.yml", line: 1, column: 1 }, 10, "serverless.yml"],
      ["aws-lambda:src/worker.ts#worker", { file: "config/functions.yml", line: 5, column: 1 }, 60, "config/functions.yml"],
    ]);
    expect(whole.functions[0]!.lambda?.triggers).toEqual([{ type: "http-api", at: { file: "config/functions.yml", line: 4, column: 7 }, payloadFormat: "2.0" }]);

    // A list of references and inline maps, one reference taking a key of its file; a script or a path with variables is not followed.
    write("serverless.yml", [
      "service: svc",
      "provider:",
      "  name: aws",
      "  runtime: nodejs22.x",
      "functions:",
      "  - ${file(./config/more.yml):functions}",
      "  - inline:",
      "      handler: src/api.handler",
      "  - ${file(./config/functions.js)}",
      "  - ${file(./config/${opt:stage}.yml)}",
      "",
    ].join("\n"));
    write("config/more.yml", "functions:\n  worker:\n    handler: src/worker.handler\n");
    const list = await discoverProject(root);
    expect(list.problems).toEqual([]);
    expect(list.functions.map((f) => [f.id, f.config])).toEqual([
      ["aws-lambda:src/worker.ts#worker", { file: "config/more.yml", line: 2, column: 3 }],
      ["aws-lambda:src/api.ts#inline", { file: "serverless.yml", line: 7, column: 5 }],
    ]);

    // A reference to a file that is not there is a problem of the config.
    write("serverless.yml", "service: svc\nprovider:\n  name: aws\nfunctions: ${file(./config/missing.yml)}\n");
    expect((await discoverProject(root)).problems.map((p) => p.message)).toEqual([expect.stringMatching(/^functions: `\$\{file\(\.\/config\/missing\.yml\)\}` cannot be read/)]);
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
      "aws-lambda:infra/stack.json#InlineHandler",
      "aws-lambda:functions/single.js#SingleFileFunction",
    ]);
    // Code.ZipFile is the function's code, written on the template's line 39.
    expect(byId(project, "aws-lambda:infra/stack.json#InlineHandler").inline?.lines).toEqual([{ line: 39, column: 31 }]);
    const api = byId(project, "aws-lambda:functions/api.mjs#ApiHandler");
    expect(api.config).toEqual({ file: "infra/stack.json", line: 5, column: 5 });
    expect(api.lambda).toMatchObject({
      source: "cloudformation",
      timeout: { seconds: 45, at: { file: "infra/stack.json", line: 11, column: 9 } },
      memory: { mb: 512, at: { line: 12 } },
      architecture: "arm64",
      reservedConcurrency: 10,
      environment: { values: { MODE: "json" }, at: { line: 15 } },
      // The integration is the event source; the permission is kept, marked, for what it says alone.
      triggers: [
        { type: "http-api", at: { line: 26 } },
        { type: "api", at: { line: 18 }, permissionOnly: true },
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

describe("CDK props passed by spread", () => {
  it("reads settings from spread consts, inline and nested spreads, later properties winning, located where written", async () => {
    const project = await discoverFixture("cdk-spread-props");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual([
      "aws-lambda:src/list-orders.ts#ListOrders",
      "aws-lambda:src/export-reports.ts#ExportReports",
      "aws-lambda:src/webhook.ts#Webhook",
      "aws-lambda:src/tracer.ts#Tracer",
      "aws-lambda:src/audit.ts#Audit",
    ]);
    const stack = "lib/api-stack.ts";
    expect(byId(project, "aws-lambda:src/list-orders.ts#ListOrders").lambda).toMatchObject({
      runtime: { value: "nodejs16.x", at: { file: stack, line: 8, column: 3 } },
      memory: { mb: 1024, at: { file: stack, line: 9, column: 3 } },
      timeout: { seconds: 10, at: { file: stack, line: 10, column: 3 } },
      architecture: "arm64",
    });
    // `const reports = { ...shared, memorySize: 512 }` inside the constructor, then `timeout` after the spread.
    const reports = byId(project, "aws-lambda:src/export-reports.ts#ExportReports");
    expect(reports.lambda).toMatchObject({
      runtime: { value: "nodejs16.x", at: { line: 8, column: 3 } },
      memory: { mb: 512, at: { line: 17, column: 34 } },
      timeout: { seconds: 120, at: { line: 24, column: 7 } },
      architecture: "arm64",
      environment: { values: { REPORT_BUCKET: "reports" }, at: { line: 17, column: 51 } },
    });
    expect(reports.lambda?.unresolved).toBeUndefined();
    const webhook = byId(project, "aws-lambda:src/webhook.ts#Webhook");
    expect(webhook.lambda).toMatchObject({
      memory: { mb: 256, at: { line: 28, column: 12 } },
      runtime: { value: "nodejs22.x", at: { line: 28, column: 29 } },
      timeout: undefined,
      architecture: "x86_64",
    });
    expect(webhook.lambda?.unresolved).toBeUndefined();
  });

  it("marks what a spread that cannot be read could set as unresolved, keeping what is written after it", async () => {
    const project = await discoverFixture("cdk-spread-props");
    // `{ entry, ...tracingDefaults("prod"), memorySize: 2048 }`: a call.
    expect(byId(project, "aws-lambda:src/tracer.ts#Tracer").lambda).toMatchObject({
      memory: { mb: 2048, at: { file: "lib/api-stack.ts", line: 33 } },
      runtime: undefined,
      timeout: undefined,
      unresolved: ["runtime", "timeout", "reservedConcurrency"],
    });
    // `{ memorySize: 256, ...auditDefaults, entry }`: an imported value may replace the memory.
    expect(byId(project, "aws-lambda:src/audit.ts#Audit").lambda).toMatchObject({
      memory: undefined,
      unresolved: ["runtime", "timeout", "memory", "reservedConcurrency"],
    });
    // Props that are a parameter of a plain function: not a config error, but not audited either.
    expect(project.notes).toEqual([
      {
        message: "QueueWorker: its entry comes from props that cannot be read statically, so it is not audited",
        at: { file: "lib/api-stack.ts", line: 40, column: 10 },
      },
    ]);
  });
});

describe("CDK subclasses of NodejsFunction", () => {
  it("reads the caller's props through the subclass's super(...) call, local or imported, with or without a constructor", async () => {
    const project = await discoverFixture("cdk-subclass-construct");
    expect(project.problems).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual([
      "aws-lambda:src/place-order.ts#PlaceOrder",
      "aws-lambda:src/refund.ts#Refund",
      "aws-lambda:src/cleanup.ts#Cleanup",
      "aws-lambda:src/invoice.ts#Invoice",
      "aws-lambda:lib/orders-stack.Purge.ts#Purge",
    ]);
    // LoggedFunction: `{ ...props, memorySize: 512, environment: { ...props.environment, LOG_LEVEL } }`.
    const placeOrder = byId(project, "aws-lambda:src/place-order.ts#PlaceOrder");
    expect(placeOrder.config).toEqual({ file: "lib/orders-stack.ts", line: 22, column: 24 });
    expect(placeOrder.lambda).toMatchObject({
      runtime: { value: "nodejs20.x", at: { file: "lib/orders-stack.ts", line: 24, column: 7 } },
      timeout: { seconds: 5, at: { file: "lib/orders-stack.ts", line: 25 } },
      memory: { mb: 512, at: { file: "lib/logged-function.ts", line: 9, column: 7 } },
      environment: { values: { TABLE: "orders", LOG_LEVEL: "info" }, at: { file: "lib/logged-function.ts", line: 10 } },
      triggers: [{ type: "sqs", reportBatchItemFailures: true, at: { file: "lib/orders-stack.ts", line: 29 } }],
    });
    // AuditedFunction has no constructor: its arguments go to LoggedFunction as they are.
    expect(byId(project, "aws-lambda:src/refund.ts#Refund").lambda).toMatchObject({
      runtime: { value: "nodejs22.x", at: { file: "lib/orders-stack.ts", line: 31 } },
      memory: { mb: 512, at: { file: "lib/logged-function.ts", line: 9 } },
      timeout: undefined,
    });
    // NightlyFunction (same file) puts the caller's props last, so the caller's timeout wins.
    expect(byId(project, "aws-lambda:src/cleanup.ts#Cleanup").lambda).toMatchObject({
      runtime: { value: "nodejs20.x", at: { file: "lib/orders-stack.ts", line: 13, column: 54 } },
      timeout: { seconds: 300, at: { file: "lib/orders-stack.ts", line: 32 } },
      memory: undefined,
    });
    // No props: the parameter's default `{}` applies and NodejsFunction's default entry is used.
    expect(byId(project, "aws-lambda:lib/orders-stack.Purge.ts#Purge").lambda).toMatchObject({
      timeout: { seconds: 60, at: { file: "lib/orders-stack.ts", line: 13, column: 24 } },
      runtime: { value: "nodejs20.x" },
    });
  });

  it("keeps the caller's entry but marks settings unresolved when super(...) props cannot be read", async () => {
    const project = await discoverFixture("cdk-subclass-construct");
    const invoice = byId(project, "aws-lambda:src/invoice.ts#Invoice");
    expect(invoice.entry).toBe(path.join(fixture("cdk-subclass-construct"), "src/invoice.ts"));
    expect(invoice.lambda).toMatchObject({ memory: undefined, timeout: undefined, runtime: undefined });
    expect(invoice.lambda?.unresolved).toEqual(["runtime", "timeout", "memory", "reservedConcurrency"]);
  });
});

describe("CDK lambda.Function", () => {
  it("finds the handler's source in the Code.fromAsset folder, through subclasses and import aliases", async () => {
    const project = await discoverFixture("cdk-lambda-function");
    const root = fixture("cdk-lambda-function");
    expect(project.functions.map((f) => f.id)).toEqual([
      "aws-lambda:lambda/orders/index.js#Orders",
      "aws-lambda:lambda/invoices/app.mjs#Invoices",
      "aws-lambda:lambda/ledger/ledger.cjs#Ledger",
      "aws-lambda:lib/media-stack.ts#Ping",
      "aws-lambda:lambda/ledger/ledger.cjs#Journal",
    ]);
    const orders = byId(project, "aws-lambda:lambda/orders/index.js#Orders");
    expect(orders.entry).toBe(path.join(root, "lambda/orders/index.js"));
    expect(orders.config).toEqual({ file: "lib/media-stack.ts", line: 19, column: 20 });
    expect(orders.lambda).toMatchObject({
      source: "cdk",
      handlerExport: "handler",
      runtime: { value: "nodejs20.x", at: { file: "lib/media-stack.ts", line: 20, column: 7 } },
      memory: { mb: 256, at: { line: 23 } },
      timeout: { seconds: 8, at: { line: 24 } },
      triggers: [{ type: "api", at: { line: 26 } }],
    });
    // `Code.fromAsset(path.join(__dirname, "../lambda/invoices"))` with `Function as LambdaFunction`.
    expect(byId(project, "aws-lambda:lambda/invoices/app.mjs#Invoices").lambda).toMatchObject({
      handlerExport: "process",
      runtime: { value: "nodejs18.x", at: { line: 29 } },
      memory: undefined,
    });
    // PinnedFunction extends lambda.Function: it overrides the caller's runtime, and its
    // `memorySize: props.memorySize ?? 1024` takes the caller's value where one is written.
    expect(byId(project, "aws-lambda:lambda/ledger/ledger.cjs#Ledger").lambda).toMatchObject({
      handlerExport: "main",
      runtime: { value: "nodejs22.x", at: { file: "lib/media-stack.ts", line: 11, column: 34 } },
      memory: { mb: 1024, at: { file: "lib/media-stack.ts", line: 11, column: 71 } },
    });
    expect(byId(project, "aws-lambda:lambda/ledger/ledger.cjs#Journal").lambda).toMatchObject({
      handlerExport: "journal",
      memory: { mb: 2048, at: { file: "lib/media-stack.ts", line: 67, column: 7 } },
    });
  });

  it("reads Code.fromInline as the function's code, placed where the string is written", async () => {
    const project = await discoverFixture("cdk-lambda-function");
    const ping = byId(project, "aws-lambda:lib/media-stack.ts#Ping");
    expect(ping.inline).toEqual({
      file: path.join(fixture("cdk-lambda-function"), "lib/media-stack.ts"),
      text: "exports.handler = async () => 'pong';",
      lines: [{ line: 55, column: 37 }],
    });
    expect(ping.lambda).toMatchObject({ handlerExport: "handler", runtime: { value: "nodejs20.x" } });
  });

  it("notes functions it cannot audit and reports a handler with no source", async () => {
    const project = await discoverFixture("cdk-lambda-function");
    expect(project.notes).toEqual([
      { message: "Thumbnails runs python3.12; coldstart audits JavaScript and TypeScript only", at: { file: "lib/media-stack.ts", line: 41, column: 7 } },
      {
        message: 'Prebuilt: the code folder process.env.PREBUILT_DIR ?? "build" cannot be read statically, so it is not audited',
        at: { file: "lib/media-stack.ts", line: 49, column: 7 },
      },
    ]);
    expect(project.problems).toEqual([
      {
        message: "Renamed: handler orders.handler has no source file (looked for lambda/orders/orders with .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs)",
        at: { file: "lib/media-stack.ts", line: 60, column: 7 },
      },
    ]);
  });
});

describe("CDK lambda.Function whose handler is a script", () => {
  it("is a note (a wrapper such as Lambda Web Adapter runs it), not a missing source file", async () => {
    const project = await discoverFixture("cdk-web-adapter-script");
    expect(project.functions).toEqual([]);
    expect(project.problems).toEqual([]);
    expect(project.notes?.map((n) => n.message)).toEqual(["Web: its handler run.sh is a script run by a wrapper, not a JavaScript export, so it is not audited"]);
  });
});

describe("a handler in build output that has not been built", () => {
  const write = async (files: Record<string, string>) => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const root = mkdtempSync(path.join(tmpdir(), "coldstart-unbuilt-"));
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    return root;
  };

  it("is a note saying to build first, not a deploy failure; its configuration is still judged", async () => {
    const root = await write({
      "serverless.yml": "service: kt\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  hello:\n    handler: build/js/packages/kt/kotlin/kt.Handler\n",
      "build.gradle.kts": "plugins { kotlin(\"js\") }\n",
    });
    const project = await discoverProject(root);
    expect(project.problems).toEqual([]);
    expect(project.notes!.map((n) => [n.at.file, n.message])).toEqual([
      ["serverless.yml", expect.stringMatching(/^functions\.hello: handler build\/js\/packages\/kt\/kotlin\/kt\.Handler is build output in build\/, which does not exist until the project's build writes it/)],
    ]);
    expect(project.functions.map((f) => [f.lambda?.name, f.codeMissing])).toEqual([["hello", true]]);
  });

  it("a missing file in a build folder that exists is still a missing source", async () => {
    const root = await write({
      "template.yaml": "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: dist/\n      Handler: gone.handler\n      Runtime: nodejs22.x\n",
      "dist/other.js": "export const handler = async () => ({});\n",
    });
    const project = await discoverProject(root);
    expect(project.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Api: Handler gone\.handler has no source file/)]);
  });
});

describe("CloudFormation JSON in test folders", () => {
  it("a CDK test's expected template is a snapshot, not a deployed function; a template.yaml there is still read", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const root = mkdtempSync(path.join(tmpdir(), "coldstart-snapshot-"));
    const fn = (runtime: string) => ({ Resources: { Handler: { Type: "AWS::Lambda::Function", Properties: { Runtime: runtime, Handler: "index.handler", Code: { ZipFile: "exports.handler = async () => ({});" } } } } });
    mkdirSync(path.join(root, "src/test/resources"), { recursive: true });
    writeFileSync(path.join(root, "src/test/resources/StackExpected.json"), JSON.stringify(fn("nodejs16.x"), null, 2));
    mkdirSync(path.join(root, "tests/integration"), { recursive: true });
    writeFileSync(path.join(root, "tests/integration/template.json"), JSON.stringify(fn("nodejs22.x"), null, 2));
    const project = await discoverProject(root);
    expect(project.functions.map((f) => [f.config.file, f.lambda?.runtime?.value])).toEqual([["tests/integration/template.json", "nodejs22.x"]]);
  });
});

describe("CDK entries in class fields", () => {
  it("reads `entry: this.field` from the field's initializer, unless the class assigns the field again", async () => {
    const { root, write } = tempProject("cdk-fields");
    write("cdk.json", JSON.stringify({ app: "npx tsx bin/app.ts" }));
    write("package.json", JSON.stringify({ name: "cdk-fields", private: true, dependencies: { "aws-cdk-lib": "^2.200.0", constructs: "^10.4.0" } }));
    write("bin/app.ts", 'import { App } from "aws-cdk-lib";\nimport { AuthStack } from "../lib/auth-stack";\n\nnew AuthStack(new App(), "AuthStack");\n');
    write(
      "lib/auth-stack.ts",
      [
        'import * as path from "node:path";',
        'import { Stack } from "aws-cdk-lib";',
        'import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";',
        'import type { Construct } from "constructs";',
        "",
        "export class AuthStack extends Stack {",
        '  readonly operationalEntry = path.join(__dirname + "/../lambdas/operational/index.ts");',
        '  private authorizerEntry = path.join(__dirname, "..", "lambdas", "authorizer", "index.ts");',
        '  private rotated = "lambdas/rotate/old.ts";',
        "  constructor(scope: Construct, id: string) {",
        "    super(scope, id);",
        '    this.rotated = process.env.ROTATE_ENTRY ?? "lambdas/rotate/new.ts";',
        '    new NodejsFunction(this, "Operational", { entry: this.operationalEntry });',
        '    new NodejsFunction(this, "Authorizer", { entry: this.authorizerEntry });',
        '    new NodejsFunction(this, "Rotate", { entry: this.rotated });',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    for (const name of ["operational", "authorizer"]) write(`lambdas/${name}/index.ts`, "export const handler = async () => ({ statusCode: 200 });\n");
    write("lambdas/rotate/old.ts", "export const handler = async () => 1;\n");
    const project = await discoverProject(root);
    expect(project.functions.map((f) => f.id)).toEqual(["aws-lambda:lambdas/operational/index.ts#Operational", "aws-lambda:lambdas/authorizer/index.ts#Authorizer"]);
    // Assigned in the constructor: its value is not the initializer's.
    expect((project.notes ?? []).map((n) => n.message)).toEqual(["Rotate: entry this.rotated cannot be read statically, so it is not audited"]);
  });
});
