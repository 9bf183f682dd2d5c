import { awsLambda } from "../../platforms/aws-lambda.js";
import { vercel } from "../../platforms/vercel.js";
import type { FunctionInfo, LambdaSettings } from "../../project/types.js";

/** Lambda's timeout bounds (configuration-timeout.html): 3 s when unset, at most 900 s. */
export const LAMBDA_DEFAULT_TIMEOUT_S = awsLambda.limits.durationS.default;
export const LAMBDA_MAX_TIMEOUT_S = awsLambda.limits.durationS.max;

/**
 * What a function gets when it sets no memory or timeout. Lambda itself gives 128 MB and 3 s; the
 * Serverless Framework deploys its functions with 1,024 MB and 6 s instead (its documented
 * `provider.memorySize` and `provider.timeout` defaults), and SST v3 with 1,024 MB and 20 s
 * (sst.dev/docs/component/aws/function: `memory` default "1024 MB", `timeout` default "20 seconds").
 */
export function implicitLambdaDefaults(lambda: Pick<LambdaSettings, "source">): { memoryMb: number; timeoutS: number; by: string } {
  if (lambda.source === "serverless") return { memoryMb: 1024, timeoutS: 6, by: "the Serverless Framework" };
  if (lambda.source === "sst") return { memoryMb: 1024, timeoutS: 20, by: "SST" };
  return { memoryMb: 128, timeoutS: LAMBDA_DEFAULT_TIMEOUT_S, by: "Lambda" };
}
/** REST API integrations default to 29 s (regional and private APIs can ask AWS for more). */
export const REST_API_TIMEOUT_S = 29;
/** HTTP API integrations stop at 30 s, and that cannot be raised. */
export const HTTP_API_TIMEOUT_S = 30;
/**
 * WebSocket API integrations stop at 29 s, and that cannot be raised ("Integration timeout: 50
 * milliseconds - 29 seconds for all integration types", docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html, read 2026-12-06).
 */
export const WEBSOCKET_API_TIMEOUT_S = 29;
/** Vercel Node.js functions (vercel.com/docs/functions/limitations, Dec 2025). */
export const VERCEL_MAX_DURATION_S = { hobby: vercel.limits.durationS.hobbyMax, pro: vercel.limits.durationS.max } as const;
export const VERCEL_DEFAULT_DURATION_S = vercel.limits.durationS.default;

export type VercelPlan = keyof typeof VERCEL_MAX_DURATION_S;

function section(settings: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = settings[name];
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** `vercel.plan` from config, or undefined when the user has not said. */
export function vercelPlan(settings: Record<string, unknown>): VercelPlan | undefined {
  const plan = section(settings, "vercel").plan;
  return plan === "hobby" || plan === "pro" ? plan : undefined;
}

/** `lambda.apiGatewayTimeout` from config (a raised REST API quota), else 29 s. */
export function restApiTimeout(settings: Record<string, unknown>): number {
  const value = section(settings, "lambda").apiGatewayTimeout;
  return typeof value === "number" && value > 0 ? value : REST_API_TIMEOUT_S;
}

/** Where a function's settings live, in the words of its tool. */
export function lambdaTimeoutKey(lambda: LambdaSettings): string {
  switch (lambda.source) {
    case "serverless":
      return "timeout";
    case "cdk":
    case "sst":
      return "timeout";
    default:
      return "Timeout";
  }
}

export function isLambda(fn: FunctionInfo): fn is FunctionInfo & { lambda: LambdaSettings } {
  return fn.lambda !== undefined;
}
