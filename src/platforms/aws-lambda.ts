import type { PlatformDef } from "./types.js";

const MB = 1_000_000;

export const awsLambda = {
  id: "aws-lambda",
  name: "AWS Lambda",
  createTarget: "lambda",
  runtimes: ["nodejs"],
  limits: {
    memoryMb: { min: 128, max: 10_240, source: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html", asOf: "2026-08" },
    durationS: { default: 3, max: 900, source: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html", asOf: "2026-08" },
  },
  sizeLimits: () => [
    { measure: "gzip", bytes: 50 * MB, label: "Lambda's 50 MB zipped deployment package limit", source: "AWS Lambda quotas" },
    { measure: "minified", bytes: 250 * MB, label: "Lambda's 250 MB unzipped limit", source: "AWS Lambda quotas" },
  ],
  concurrentRequests: false,
  cost: {
    billsInit: true,
    memorySweep: true,
    fixedMemory: false,
    coldStartRateWhy: "AWS reports under 1% of invocations",
    initWhy: "Node.js 22 ZIP init on Lambda is 125-150 ms",
  },
  // AWS SDK v2 has a rule of its own, with the v3 replacement.
  reportedElsewhere: { "aws-sdk": "lambda/aws-sdk-v2" },
  wording: {
    secretStore: "keep it in AWS Secrets Manager or SSM Parameter Store (SecureString) and read it at cold start, or pass a `{{resolve:secretsmanager:...}}` reference",
    secretExample: (name) => `Environment:\n  Variables:\n    ${name}_ARN: !Ref ${pascal(name)}Secret   # read with @aws-sdk/client-secrets-manager`,
    heavyDependency: () => "Lambda loads and evaluates it on every cold start, and INIT time is billed",
    hungFetch: () => "until Lambda ends the invocation at its timeout, billed for the whole wait (and retried, for async and queue events)",
    clientPerInvocation:
      "Lambda runs each instance for many invocations, so a new client per invocation opens a new connection every time and leaves the old ones open until the database's limit is exhausted",
    poolSize: { why: "a Lambda instance serves one request at a time, so it rarely needs more than one connection", set: () => "1" },
  },
} as const satisfies PlatformDef<"aws-lambda">;

function pascal(name: string): string {
  return name.toLowerCase().replace(/(^|_)([a-z])/g, (_, _sep: string, c: string) => c.toUpperCase());
}
