import { describe, expect, it } from "vitest";
import { discoverFixture } from "./_fixtures.js";

const read = async (dir: string) => {
  const project = await discoverFixture(`lambda-front-doors/${dir}`);
  return Object.fromEntries(
    project.functions.map((f) => [
      f.lambda!.name,
      { triggers: f.lambda!.triggers.map(({ at, ...rest }) => ({ line: at.line, ...rest })), ...(f.lambda!.snapStart ? { snapStart: f.lambda!.snapStart.at.line } : {}) },
    ]),
  );
};

describe("Lambda front doors: WebSocket routes, function URLs, ALB targets, SnapStart", () => {
  it("serverless: websocket and alb events, url: true, snapStart: true", async () => {
    expect(await read("sls")).toEqual({
      connect: { triggers: [{ line: 9, type: "websocket" }] },
      say: { triggers: [{ line: 14, type: "websocket" }] },
      page: { triggers: [{ line: 19, type: "alb" }] },
      hook: { triggers: [{ line: 26, type: "function-url" }], snapStart: 27 },
    });
  });

  it("CloudFormation: an integration of a WEBSOCKET API, AWS::Lambda::Url, a lambda target group, SnapStart PublishedVersions", async () => {
    expect(await read("cfn")).toEqual({
      // The API Gateway permission beside the integration stays an invoke permission only.
      Ticker: { triggers: [{ line: 18, type: "websocket" }, { line: 24, type: "api", permissionOnly: true }], snapStart: 10 },
      Status: { triggers: [{ line: 37, type: "function-url" }, { line: 47, type: "alb" }] },
    });
  });

  it("SAM: FunctionUrlConfig; SnapStart ApplyOn: None is off", async () => {
    expect(await read("sam")).toEqual({ Hook: { triggers: [{ line: 10, type: "function-url" }] } });
  });

  it("CDK: WebSocketLambdaIntegration, LambdaTarget, addFunctionUrl, FunctionUrl, snapStart", async () => {
    expect(await read("cdk")).toEqual({
      Feed: { triggers: [{ line: 14, type: "websocket" }], snapStart: 11 },
      Page: { triggers: [{ line: 16, type: "alb" }, { line: 17, type: "function-url" }] },
      Ping: { triggers: [{ line: 18, type: "function-url" }] },
    });
  });

  it("SST: ApiGatewayWebSocket routes and url: true", async () => {
    const found = await read("sst");
    expect(Object.fromEntries(Object.entries(found).map(([name, f]) => [name, f.triggers.map((t) => t.type)]))).toEqual({ "Socket $default": ["websocket"], Hook: ["function-url"] });
  });
});
