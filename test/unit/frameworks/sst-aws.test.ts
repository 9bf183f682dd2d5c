import { rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discoverProject } from "../../../src/project/discover.js";
import { durationS, sizeMb } from "../../../src/project/readers/sst/sst-sources.js";
import { auditMatchesExpected, expectPricedPerFunction, frameworksDir, tempProject } from "./_audit-fixture.js";

const NAME = "sst-aws";

describe("SST v3 on AWS", () => {
  it("reads SST's size and duration strings", () => {
    expect([sizeMb("1024 MB"), sizeMb("1.5 GB"), sizeMb("2 GB"), sizeMb("lots")]).toEqual([1024, 1536, 2048, undefined]);
    expect([durationS("20 seconds"), durationS("1 minute"), durationS("15 minutes"), durationS("1 hour"), durationS("soon")]).toEqual([20, 60, 900, 3600, undefined]);
  });

  it("finds every function the components create, through the infra files sst.config.ts imports", async () => {
    const project = await discoverProject(path.join(frameworksDir, NAME));
    expect(project.problems).toEqual([]);
    const rows = project.functions.map((f) => [f.id, f.platform, f.runtime, f.lambda?.handlerExport, f.lambda?.triggers.map((t) => `${t.type}@${t.at.file}:${t.at.line}`)]);
    expect(rows).toEqual([
      ["aws-lambda:packages/functions/src/receipts.ts#Receipts", "aws-lambda", "nodejs", "handler", ["function-url@infra/api.ts:23"]],
      ["aws-lambda:packages/functions/src/orders.ts#Api GET /orders", "aws-lambda", "nodejs", "list", ["http-api@infra/api.ts:10"]],
      ["aws-lambda:packages/functions/src/orders.ts#Api POST /orders", "aws-lambda", "nodejs", "create", ["http-api@infra/api.ts:17"]],
      ["aws-lambda:packages/functions/src/report.ts#NightlyReport", "aws-lambda", "nodejs", "handler", ["schedule@infra/jobs.ts:18"]],
      ["aws-lambda:packages/functions/src/fulfil.ts#OrderEvents subscriber", "aws-lambda", "nodejs", "handler", ["sqs@infra/jobs.ts:3"]],
      ["aws-lambda:packages/functions/src/notify.ts#Bus OrderPlaced", "aws-lambda", "nodejs", "handler", ["eventbridge@infra/jobs.ts:7"]],
      ["aws-lambda:packages/functions/src/scan.ts#Uploads Scan", "aws-lambda", "nodejs", "handler", ["s3@infra/jobs.ts:12"]],
    ]);
    for (const fn of project.functions) {
      expect(fn.lambda?.source).toBe("sst");
      // $transform(sst.aws.Function, (args) => { args.architecture ??= "arm64" }) applies to every function.
      expect(fn.lambda?.architecture).toBe("arm64");
      expect(fn.packageRoot).toBe(path.join(frameworksDir, NAME, "packages/functions"));
    }
    const byName = new Map(project.functions.map((f) => [f.lambda!.name, f.lambda!]));
    expect(byName.get("Api GET /orders")).toMatchObject({ memory: { mb: 1536, at: { file: "infra/api.ts", line: 13 } }, timeout: { seconds: 10 } });
    expect(byName.get("Api POST /orders")).toMatchObject({ memory: undefined, timeout: undefined, runtime: undefined });
    expect(byName.get("NightlyReport")).toMatchObject({ memory: { mb: 2048 }, timeout: { seconds: 900 } });
    expect(byName.get("Receipts")).toMatchObject({ runtime: { value: "nodejs18.x", at: { file: "infra/api.ts", line: 21 } }, timeout: { seconds: 60 } });
    expect(byName.get("OrderEvents subscriber")?.triggers[0]?.reportBatchItemFailures).toBe(false);
    expect(project.notes).toEqual([{ message: "Thumbnails runs python3.12; coldstart audits JavaScript and TypeScript only", at: { file: "infra/api.ts", line: 29, column: 3 } }]);
  });

  it("finds exactly the planted problems; SST's 1,024 MB and 20 s defaults are not Lambda's", async () => {
    const result = await auditMatchesExpected(NAME);
    expect(result.findings.some((f) => f.ruleId === "lambda/default-memory" || f.ruleId === "timeout/lambda-default")).toBe(false);
    // The fetch in orders.create runs only in the POST function, not in GET, which shares the file.
    expect(result.findings.find((f) => f.ruleId === "timeout/fetch-no-signal" && f.file.endsWith("orders.ts"))).toMatchObject({ function: "aws-lambda:packages/functions/src/orders.ts#Api POST /orders" });
    expect(result.findings.find((f) => f.ruleId === "timeout/fetch-no-signal" && f.file.endsWith("orders.ts"))?.functions).toBeUndefined();
    await expectPricedPerFunction(NAME, result);
  });
});

describe("SST v3 components beyond functions and queues", () => {
  it("reads AppSync data sources, Cognito triggers and cloudflare.Auth; notes containers and framework apps without a reader", async () => {
    const handler = "export async function handler() { return {}; }\n";
    const dir = tempProject("sst-more", {
      "src/resolver.ts": handler,
      "src/signup.ts": handler,
      "src/auth.ts": handler,
      "package.json": JSON.stringify({ name: "more", devDependencies: { sst: "3.3.7" } }),
      "web/package.json": JSON.stringify({ name: "web", dependencies: { "@analogjs/platform": "^1.9.0" } }),
      "sst.config.ts": [
          "export default $config({",
          "  app() { return { name: \"more\" }; },",
          "  async run() {",
          "    const api = new sst.aws.AppSync(\"Graph\", { schema: \"schema.graphql\" });",
          "    api.addDataSource({ name: \"resolvers\", lambda: \"src/resolver.handler\" });",
          "    new sst.aws.CognitoUserPool(\"Users\", { triggers: { preSignUp: { handler: \"src/signup.handler\" } } });",
          "    new sst.cloudflare.Auth(\"Login\", { authenticator: { handler: \"./src/auth.ts\" } });",
          "    const cluster = new sst.aws.Cluster(\"Cluster\", { vpc });",
          "    cluster.addService(\"Api\", { image: { context: \".\" } });",
          "    new sst.aws.Analog(\"Web\", { path: \"web\" });",
          "  },",
          "});",
      ].join("\n"),
    });
    try {
      const project = await discoverProject(dir);
      expect(project.functions.map((f) => f.id)).toEqual([
        // Constructors first, then methods (routes and data sources may point at functions made before).
        "aws-lambda:src/signup.ts#Users preSignUp",
        "cloudflare-workers:src/auth.ts#Login",
        "aws-lambda:src/resolver.ts#Graph resolvers",
      ]);
      expect(project.notes?.map((n) => `${n.at.file}:${n.at.line} ${n.message}`)).toEqual([
        "sst.config.ts:9 Api (Cluster.addService) runs a container on ECS Fargate, not a serverless function, so it is not audited",
        "sst.config.ts:10 Web (sst.aws.Analog) deploys the app in web to AWS Lambda, but coldstart has no reader for its framework, so its routes are not audited",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an SST v2 app, and an sst.aws.Nextjs app with no routes, are notes that say what was not audited", async () => {
    const dir = tempProject("sst-notes", {
      "v2/package.json": JSON.stringify({ name: "v2", devDependencies: { sst: "2.43.0" } }),
      "v2/sst.config.ts": 'import { SSTConfig } from "sst";\nimport { API } from "./stacks/API";\nexport default { config() { return { name: "v2" }; }, stacks(app) { app.stack(API); } } satisfies SSTConfig;\n',
      "v2/stacks/API.ts": 'import { Api, StackContext } from "sst/constructs";\nexport function API({ stack }: StackContext) { new Api(stack, "api", { routes: { "GET /": "packages/functions/src/lambda.handler" } }); }\n',
      "site/package.json": JSON.stringify({ name: "site", dependencies: { next: "15.0.0" }, devDependencies: { sst: "3.3.7" } }),
      "site/sst.config.ts": 'export default $config({\n  app() { return { name: "site" }; },\n  async run() {\n    new sst.aws.Nextjs("Site");\n  },\n});\n',
      "site/app/page.tsx": "export default function Page() { return null; }\n",
    });
    try {
      const project = await discoverProject(dir);
      expect(project.functions).toEqual([]);
      expect(project.notes?.map((n) => `${n.at.file}:${n.at.line} ${n.message}`)).toEqual([
        "site/sst.config.ts:4 Site (sst.aws.Nextjs) deploys this Next.js app as one Lambda server function (OpenNext); it has no route handlers, API routes, middleware or metadata routes, which are what coldstart audits of a Next.js app, so its pages are not audited",
        "v2/sst.config.ts:1 an SST v2 app (stacks with sst/constructs); coldstart reads SST v3 apps (sst.aws.* components), so its functions are not audited",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
