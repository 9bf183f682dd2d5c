import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { alwaysSentFields, presenceTestValue } from "../../../src/audit/analysis/event-fields.js";
import type { FunctionInfo, LambdaTrigger } from "../../../src/project/types.js";

const at = { file: "template.yaml", line: 1 };
const fn = (triggers: Array<Omit<LambdaTrigger, "at">>): FunctionInfo =>
  ({ id: "f", platform: "aws-lambda", runtime: "nodejs", entry: "/x.ts", config: at, packageRoot: "/", lambda: { triggers: triggers.map((t) => ({ ...t, at })) } }) as unknown as FunctionInfo;

function condition(text: string): ts.Expression {
  const sf = ts.createSourceFile("c.ts", `(${text});`, ts.ScriptTarget.Latest, true);
  const statement = sf.statements[0] as ts.ExpressionStatement;
  return (statement.expression as ts.ParenthesizedExpression).expression;
}

describe("alwaysSentFields", () => {
  it("knows a TOKEN authorizer's token and the Records of every batch source", () => {
    expect([...alwaysSentFields(fn([{ type: "authorizer", authorizer: { kind: "token", api: "rest" } }]))!]).toEqual(["type", "authorizationToken", "methodArn"]);
    expect([...alwaysSentFields(fn([{ type: "sqs" }, { type: "sns" }, { type: "s3" }]))!]).toEqual(["Records"]);
  });

  it("keeps only what every trigger sends", () => {
    expect([...alwaysSentFields(fn([{ type: "api" }, { type: "http-api", payloadFormat: "1.0" }]))!].sort()).toEqual(["httpMethod", "path", "requestContext", "resource"]);
    expect([...alwaysSentFields(fn([{ type: "api" }, { type: "sqs" }]))!]).toEqual([]);
  });

  it("is unknown without triggers, for schedules, shaped events, other sources and a bare API permission", () => {
    expect(alwaysSentFields(fn([]))).toBeUndefined();
    expect(alwaysSentFields(fn([{ type: "schedule" }]))).toBeUndefined();
    expect(alwaysSentFields(fn([{ type: "api", customEvent: true }]))).toBeUndefined();
    expect(alwaysSentFields(fn([{ type: "sqs" }, { type: "other" }]))).toBeUndefined();
    expect(alwaysSentFields(fn([{ type: "api", permissionOnly: true }]))).toBeUndefined();
  });

  it("counts an API Gateway permission beside an authorizer as that authorizer's", () => {
    expect([...alwaysSentFields(fn([{ type: "authorizer", authorizer: { kind: "request", api: "rest" } }, { type: "api", permissionOnly: true }]))!]).toContain("methodArn");
  });
});

describe("presenceTestValue", () => {
  const sent = new Set(["Records", "detail-type", "authorizationToken"]);
  const value = (text: string) => presenceTestValue(condition(text), "event", sent);

  it("is true for presence tests of a field always sent, false for their negations", () => {
    expect(value("event.Records")).toBe(true);
    expect(value("event?.authorizationToken")).toBe(true);
    expect(value('event["detail-type"]')).toBe(true);
    expect(value('"Records" in event')).toBe(true);
    expect(value("event.Records != null")).toBe(true);
    expect(value('typeof event.Records !== "undefined"')).toBe(true);
    expect(value("!event.Records")).toBe(false);
    expect(value("event.Records === undefined")).toBe(false);
    expect(value("event.Records && event.authorizationToken")).toBe(true);
    expect(value("!event.Records || !event.authorizationToken")).toBe(false);
  });

  it("says nothing of other fields, comparisons with values, or another object", () => {
    expect(value("event.body")).toBeUndefined();
    expect(value("event.Records.length")).toBeUndefined();
    expect(value('event.authorizationToken === "allow"')).toBeUndefined();
    expect(value("other.Records")).toBeUndefined();
    expect(value("event.Records && event.body")).toBeUndefined();
    expect(value("event.Records || event.body")).toBe(true);
  });
});

describe("--measure's synthetic events carry every field the audit counts on", () => {
  // The audit treats these fields as always sent; an event coldstart invents for a trigger must send them too.
  const cases: Array<Omit<LambdaTrigger, "at">> = [
    { type: "sqs" },
    { type: "eventbridge" },
    { type: "http-api", payloadFormat: "2.0" },
    { type: "function-url" },
    { type: "alb" },
    { type: "websocket" },
    { type: "authorizer", authorizer: { kind: "token", api: "rest" } },
    { type: "authorizer", authorizer: { kind: "request", api: "rest" } },
  ];
  it.each(cases.map((t) => [t.type + (t.authorizer ? ` ${t.authorizer.kind}` : ""), t] as const))("%s", async (_name, trigger) => {
    const { syntheticEvent } = await import("../../../src/cost/measure.js");
    const info = fn([trigger]);
    const event = syntheticEvent(info) as Record<string, unknown>;
    const sent = alwaysSentFields(info);
    expect(sent?.size).toBeGreaterThan(0);
    for (const field of sent!) expect(event[field], field).toBeTruthy();
  });

  it("answers an ALB target and a WebSocket route in their own shapes", async () => {
    const { syntheticEvent } = await import("../../../src/cost/measure.js");
    expect(syntheticEvent(fn([{ type: "alb" }]))).toMatchObject({ requestContext: { elb: { targetGroupArn: expect.any(String) } }, httpMethod: "GET" });
    expect(syntheticEvent(fn([{ type: "websocket" }]))).toMatchObject({ requestContext: { routeKey: "$default", eventType: "MESSAGE", connectionId: expect.any(String) } });
  });
});
