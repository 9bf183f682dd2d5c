import { execa } from "execa";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coldstart, node22Env, repoRoot, tempDir } from "./_helpers.js";

/**
 * The lambda-sqs template from the npm registry (coldstart from this checkout's tarball): its own tests,
 * its esbuild bundle invoked with the sample SQS batch in a separate Node 22 process, once offline as the
 * README says and once with idempotency on against the project's own DynamoDB stand-in, and its audit.
 */
let root: string;
let project: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = await node22Env();
  root = tempDir("lambda-sqs");
  project = path.join(root, "fulfilment");
  const created = await coldstart(["create", project, "--template", "lambda-sqs", "--yes", "--install", "--no-git", "--timeout", "60"], { env, all: true, stdin: "ignore" });
  expect(created.exitCode, String(created.all)).toBe(0);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

async function npm(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const result = await execa("npm", args, { cwd: project, env: { ...env, ...extraEnv }, reject: false, all: true, stdin: "ignore" });
  return { exitCode: result.exitCode, stdout: String(result.stdout), all: stripVTControlCharacters(String(result.all)) };
}

const batch = () => JSON.parse(readFileSync(path.join(project, "events/orders-worker-batch.json"), "utf8")) as { Records: { messageId: string }[] };
const failures = (stdout: string) => (JSON.parse(stdout.slice(stdout.lastIndexOf("\n{\n") + 1)) as { batchItemFailures: { itemIdentifier: string }[] }).batchItemFailures;

describe("coldstart create --template lambda-sqs", () => {
  it("writes the timeout and six times it as the queue's visibility timeout", () => {
    const template = readFileSync(path.join(project, "template.yaml"), "utf8");
    expect(template).toMatch(/^ {4}Timeout: 60$/m);
    expect(template).toMatch(/^ {6}VisibilityTimeout: 360$/m);
    expect(template).toContain("- ReportBatchItemFailures");
  });

  it("type-checks and passes its own tests", async () => {
    expect((await npm(["run", "typecheck"])).exitCode).toBe(0);
    const result = await npm(["test"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/Tests\s+12 passed/);
  });

  it("bundles, then runs the README's invoke example offline: the malformed message alone is reported", async () => {
    expect((await npm(["run", "build"])).exitCode).toBe(0);
    const result = await npm(["run", "invoke", "--", "orders-worker", "events/orders-worker-batch.json"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(failures(result.stdout)).toEqual([{ itemIdentifier: batch().Records[2]!.messageId }]);
    expect(result.all).toContain("[local fulfilment] ship order ord_7f3a91 (idempotency-key ord_7f3a91)");
  });

  it("with idempotency on (the project's DynamoDB stand-in), a redelivered batch ships nothing twice", async () => {
    const { startFakeDynamoDb } = (await import(pathToFileURL(path.join(project, "test/support/fake-dynamodb.ts")).href)) as typeof import("../../templates/lambda-sqs/test/support/fake-dynamodb.js");
    const dynamo = await startFakeDynamoDb();
    try {
      const on = { POWERTOOLS_IDEMPOTENCY_DISABLED: "false", IDEMPOTENCY_TABLE: "idempotency", AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" };
      const first = await npm(["run", "invoke", "--", "orders-worker", "events/orders-worker-batch.json"], on);
      expect(first.exitCode, first.all).toBe(0);
      expect(first.all.match(/\[local fulfilment\] ship order/g)).toHaveLength(2);
      expect([...dynamo.items.values()].map((item) => item.status?.S)).toEqual(["COMPLETED", "COMPLETED"]);
      const again = await npm(["run", "invoke", "--", "orders-worker", "events/orders-worker-batch.json"], on);
      expect(again.exitCode, again.all).toBe(0);
      expect(failures(again.stdout)).toEqual([{ itemIdentifier: batch().Records[2]!.messageId }]);
      expect(again.all).not.toContain("[local fulfilment] ship order");
    } finally {
      await dynamo.close();
    }
  });

  it("audits clean with its own pinned coldstart (npm run audit)", async () => {
    const ours = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
    expect((JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies.coldstart).toBe(ours);
    const result = await npm(["run", "audit"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/0 errors, 0 warnings, 0 info in 1 function/);
  });
});
