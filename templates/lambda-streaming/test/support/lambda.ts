import type { Context } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

/** A sample event from events/, as a function URL would deliver it. */
export function loadEvent<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../events/${name}.json`, import.meta.url), "utf8")) as T;
}

/** The context object Lambda passes to a handler, with a fresh request id. */
export function lambdaContext(functionName: string, timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2026/11/25/[$LATEST]8f0e6a2c4b1d4e3f9a7b5c6d0e1f2a3b",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Captures the JSON log lines a block writes to stdout and stderr (Powertools Logger writes errors to stderr). */
export async function captureLogs<T>(run: () => Promise<T>): Promise<{ result: T; logs: Record<string, unknown>[] }> {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write.bind(stream));
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof stream.write;
  }
  try {
    const result = await run();
    const logs = lines
      .join("")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { result, logs };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = writes[i]!;
    });
  }
}
