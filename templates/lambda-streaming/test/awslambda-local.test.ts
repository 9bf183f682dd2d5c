import type { StreamifyHandler } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { installAwsLambda, invokeStreaming } from "../scripts/awslambda-local.mjs";
import { lambdaContext } from "./support/lambda.js";

// The stand-in must refuse what the Lambda runtime would not do, or the handler's tests prove nothing.
installAwsLambda();
const run = (handler: StreamifyHandler) => invokeStreaming(handler, {}, lambdaContext("shim"));

describe("scripts/awslambda-local.mjs", () => {
  it("records the status, headers and each write in order", async () => {
    const stream = await run(
      awslambda.streamifyResponse(async (_event, responseStream) => {
        const body = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { "x-a": "1" }, cookies: ["k=v"] });
        body.write("one\n");
        body.end("two\n");
      }),
    );
    expect(stream.metadata).toEqual({ statusCode: 201, headers: { "x-a": "1" }, cookies: ["k=v"] });
    expect(stream.chunks.map((chunk) => chunk.text)).toEqual(["one\n", "two\n"]);
  });

  it("refuses status and headers after the first write", async () => {
    const late = awslambda.streamifyResponse(async (_event, responseStream) => {
      responseStream.write("body");
      awslambda.HttpResponseStream.from(responseStream, { statusCode: 500 });
    });
    await expect(run(late)).rejects.toThrow("after the first write");
  });

  it("refuses a handler that returns with the stream still open", async () => {
    const open = awslambda.streamifyResponse(async (_event, responseStream) => {
      responseStream.write("body");
    });
    await expect(run(open)).rejects.toThrow("without ending the response stream");
  });

  it("refuses a handler not wrapped in streamifyResponse", async () => {
    await expect(run(async () => undefined)).rejects.toThrow("not wrapped");
  });
});
