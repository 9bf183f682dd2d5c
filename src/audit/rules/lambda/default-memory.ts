// Facts: docs/rules/lambda/default-memory.md (cost.md: 128 MB default, 1,769 MB = one vCPU).
import type { LambdaSettings } from "../../../project/types.js";
import { addSettingAdvice } from "../../analysis/lambda-setting-advice.js";
import { lambdaWorkload } from "../../analysis/lambda-workload.js";
import { defineRule } from "../../define-rule.js";
import type { RawFinding } from "../../types.js";
import { implicitLambdaDefaults, isLambda } from "../../analysis/timeout-limits.js";

function where(lambda: LambdaSettings): { instead: string; example: string } {
  return addSettingAdvice(lambda, { cfn: "MemorySize", serverless: "memorySize", value: "512", cdk: "memorySize: 512", sst: 'memory: "512 MB"' });
}

export default defineRule({
  meta: {
    id: "lambda/default-memory",
    description: "Lambda function without an explicit memory size (the 128 MB default)",
    defaultSeverity: "warning",
    platforms: ["aws-lambda"],
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const fnCtx of ctx.functions) {
      const { fn } = fnCtx;
      if (!isLambda(fn) || fn.lambda.memory || fn.lambda.unresolved?.includes("memory")) continue;
      // The Serverless Framework deploys unset memory as 1,024 MB, not Lambda's 128 MB.
      if (implicitLambdaDefaults(fn.lambda).memoryMb !== 128) continue;
      const { instead, example } = where(fn.lambda);
      const work = lambdaWorkload(ctx, fnCtx);
      const cost = work.severity === "info" ? "" : ": cold starts, JSON parsing and TLS handshakes run on a small fraction of a core, and a function that is slow at 128 MB often costs the same or less at a larger size because it finishes sooner";
      findings.push({
        severity: work.severity,
        message:
          `${fn.lambda.name} sets no memory size, so it gets Lambda's 128 MB default, and CPU is allocated in proportion to memory (one full vCPU only at 1,769 MB)${cost}. ${work.why} ` +
          `Instead, ${instead}, ${work.severity === "info" ? "to 128 if that is the intent (higher, tuned with measurements, if it does more than coldstart sees)" : "starting around 512 MB and tuning with measurements (for example AWS Lambda Power Tuning)"}.`,
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
