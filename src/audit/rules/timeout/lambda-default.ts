// Facts: docs/rules/timeout/lambda-default.md (Lambda configuration-timeout: 3 s default, 900 s maximum).
import type { LambdaSettings } from "../../../project/types.js";
import { addSettingAdvice } from "../../analysis/lambda-setting-advice.js";
import { lambdaWorkload } from "../../analysis/lambda-workload.js";
import { defineRule } from "../../define-rule.js";
import type { RawFinding } from "../../types.js";
import { implicitLambdaDefaults, isLambda } from "../../analysis/timeout-limits.js";

const SUGGESTED_TIMEOUT_S = 10;

function where(lambda: LambdaSettings): { instead: string; example: string } {
  return addSettingAdvice(lambda, { cfn: "Timeout", serverless: "timeout", value: "10", cdk: "timeout: Duration.seconds(10)", sst: 'timeout: "10 seconds"' });
}

export default defineRule({
  meta: {
    id: "timeout/lambda-default",
    description: "Lambda function without an explicit timeout (a short default: 3 s, or 6 s under the Serverless Framework)",
    defaultSeverity: "warning",
    platforms: ["aws-lambda"],
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const fnCtx of ctx.functions) {
      const { fn } = fnCtx;
      if (!isLambda(fn) || fn.lambda.timeout || fn.lambda.unresolved?.includes("timeout")) continue;
      const { instead, example } = where(fn.lambda);
      const api = fn.lambda.triggers.some((t) => t.type === "api" || t.type === "http-api" || t.type === "websocket");
      const bound = api ? " (below API Gateway's 29 s integration limit)" : "";
      const implicit = implicitLambdaDefaults(fn.lambda);
      // A tool default already longer than the advice below (SST's 20 s) is not the short default this rule is about.
      if (implicit.timeoutS >= SUGGESTED_TIMEOUT_S) continue;
      const stops = implicit.by === "Lambda" ? `Lambda stops it after ${implicit.timeoutS} s` : `${implicit.by} deploys it with its ${implicit.timeoutS} s default`;
      const work = lambdaWorkload(ctx, fnCtx);
      const risk = work.severity === "info" ? "" : `: a cold start plus one slow database query or API call is enough to fail the invocation with "Task timed out"${api ? " and a 502 from the API" : ", and async or queue invocations are retried"}`;
      findings.push({
        severity: work.severity,
        message:
          `${fn.lambda.name} sets no timeout, so ${stops}${risk}. ${work.why} ` +
          `Instead, ${instead}, set to a little above the slowest legitimate run${bound}.`,
        file: fn.config.file,
        line: Math.max(fn.config.line, 1),
        column: fn.config.column ?? 1,
        function: fn.id,
        fix: { description: `Instead, ${instead}.`, example },
      });
    }
    return findings;
  },
});
