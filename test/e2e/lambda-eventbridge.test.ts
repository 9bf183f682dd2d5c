import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { lambdaTemplateProject, lastJson, templateProjectChecks } from "./_lambda-template.js";

/**
 * The lambda-eventbridge template from the npm registry (coldstart from this checkout's tarball): its own
 * tests, its esbuild bundle invoked with the sample EventBridge event in a separate Node 22 process, once
 * offline as the README says and once with idempotency on against the project's DynamoDB stand-in, a
 * malformed event refused, and its audit.
 */
const project = lambdaTemplateProject("lambda-eventbridge", "invoicing", ["--timeout", "20"]);
const invoke = (extraEnv?: NodeJS.ProcessEnv) => project.npm(["run", "invoke", "--", "order-placed", "events/order-placed.json"], extraEnv);

describe("coldstart create --template lambda-eventbridge", () => {
  const checks = templateProjectChecks(project, { tests: 17, functions: 1 });

  it("writes the timeout, and a rule with a pattern, a retry policy and dead-letter queues", () => {
    const template = project.read("template.yaml");
    expect(template).toMatch(/^ {4}Timeout: 20$/m);
    expect(template).toContain("Type: EventBridgeRule");
    expect(template).toMatch(/Pattern:\n\s+source:\n\s+- shop\.orders\n\s+detail-type:\n\s+- Order Placed\n/);
    expect(template).toContain("RetryPolicy:");
    expect(template).toContain("QueueLogicalId: UndeliveredEventsQueue");
    expect(template).toContain("Destination: !GetAtt FailedEventsQueue.Arn");
    expect(project.read(".env")).toBe(project.read(".env.example"));
  });

  it("bundles, then runs the README's invoke example offline", async () => {
    expect((await project.npm(["run", "build"])).exitCode).toBe(0);
    const result = await invoke();
    expect(result.exitCode, result.all).toBe(0);
    expect(lastJson(result.stdout)).toEqual({ orderId: "ord_7f3a91", invoiceId: "inv_local_ord_7f3a91" });
    const event = JSON.parse(project.read("events/order-placed.json")) as { id: string };
    expect(result.all).toContain(`[local invoicing] invoice order ord_7f3a91, 5198 EUR cents (idempotency-key ${event.id})`);
    const line = result.all.split("\n").find((l) => l.includes('"message":"invoice issued"'));
    expect(JSON.parse(line ?? "{}")).toMatchObject({ level: "INFO", eventId: event.id, orderId: "ord_7f3a91" });
  });

  it("refuses a malformed event with the fields named, and invoices nothing", async () => {
    const bad = path.join(project.dir, "events/bad.json");
    const event = JSON.parse(project.read("events/order-placed.json")) as { detail: Record<string, unknown> };
    event.detail.currency = "euro";
    writeFileSync(bad, JSON.stringify(event));
    const result = await project.npm(["run", "invoke", "--", "order-placed", "events/bad.json"]);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain("currency: an ISO 4217 code such as EUR");
    expect(result.all).not.toContain("[local invoicing]");
  });

  it("with idempotency on (the project's DynamoDB stand-in), the same event delivered again is not invoiced twice", async () => {
    const { startFakeDynamoDb } = (await import(pathToFileURL(path.join(project.dir, "test/support/fake-dynamodb.ts")).href)) as typeof import("../../templates/lambda-eventbridge/test/support/fake-dynamodb.js");
    const dynamo = await startFakeDynamoDb();
    try {
      const on = { POWERTOOLS_IDEMPOTENCY_DISABLED: "false", IDEMPOTENCY_TABLE: "idempotency", AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" };
      const first = await invoke(on);
      expect(first.exitCode, first.all).toBe(0);
      expect(first.all.match(/\[local invoicing\] invoice order/g)).toHaveLength(1);
      expect([...dynamo.items.values()].map((item) => item.status?.S)).toEqual(["COMPLETED"]);
      const again = await invoke(on);
      expect(again.exitCode, again.all).toBe(0);
      expect(lastJson(again.stdout)).toEqual({ orderId: "ord_7f3a91", invoiceId: "inv_local_ord_7f3a91" });
      expect(again.all).not.toContain("[local invoicing]");
    } finally {
      await dynamo.close();
    }
  });

  checks.audit();
});
