import { describe, expect, it } from "vitest";
import { discoverFixture } from "./_fixtures.js";

const triggersOf = async (dir: string) => {
  const project = await discoverFixture(`lambda-authorizer-triggers/${dir}`);
  return Object.fromEntries(project.functions.map((f) => [f.lambda!.name, f.lambda!.triggers.map(({ at, ...rest }) => ({ line: at.line, ...rest }))]));
};

describe("Lambda authorizers and event shapes", () => {
  it("serverless: http authorizers by function name, httpApi request authorizers, shaped events", async () => {
    expect(await triggersOf("sls")).toEqual({
      tokenCheck: [{ line: 24, type: "authorizer", authorizer: { kind: "token", api: "rest" } }],
      requestCheck: [{ line: 29, type: "authorizer", authorizer: { kind: "request", api: "rest" } }],
      keyCheck: [{ line: 7, type: "authorizer", authorizer: { kind: "request", api: "http" }, payloadFormat: "2.0" }],
      shop: [
        { line: 21, type: "api" },
        // `integration: lambda`: the mapping template builds the event.
        { line: 25, type: "api", customEvent: true },
        // `authorizer: aws_iam` names no function.
        { line: 32, type: "api" },
        { line: 36, type: "http-api", payloadFormat: "2.0" },
        { line: 41, type: "eventbridge", customEvent: true },
      ],
    });
  });

  it("CloudFormation: an AWS::ApiGateway::Authorizer's AuthorizerUri names the function", async () => {
    expect(await triggersOf("cfn")).toEqual({
      Gate: [
        { line: 10, type: "authorizer", authorizer: { kind: "request", api: "rest" } },
        { line: 17, type: "api", permissionOnly: true },
      ],
    });
  });

  it("CDK: TokenAuthorizer's handler, and a non-proxy LambdaIntegration", async () => {
    expect(await triggersOf("cdk")).toEqual({
      Check: [{ line: 10, type: "authorizer", authorizer: { kind: "token", api: "rest" } }],
      Orders: [{ line: 11, type: "api", customEvent: true }],
    });
  });
});
