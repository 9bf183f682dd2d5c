// Facts: docs/rules/lambda/no-reserved-concurrency.md (seeds "No Concurrency Limits"; reference/audit.md section 5).
import type { LambdaSettings, LambdaTrigger } from "../../../project/types.js";
import { isLambda } from "../../analysis/timeout-limits.js";
import { defineRule } from "../../define-rule.js";
import type { RawFinding } from "../../types.js";

const POLLED = new Set<LambdaTrigger["type"]>(["sqs", "kinesis", "dynamodb"]);
const LABEL: Partial<Record<LambdaTrigger["type"], string>> = { sqs: "SQS", kinesis: "Kinesis", dynamodb: "DynamoDB Streams" };

function where(lambda: LambdaSettings, sqsOnly: boolean): { instead: string; example: string } {
  const max = sqsOnly ? " (or, for SQS, a maximum concurrency on the event source)" : "";
  switch (lambda.source) {
    case "serverless":
      return { instead: `set \`reservedConcurrency\` on the \`${lambda.name}\` function${max.replace("a maximum concurrency on the event source", "`maximumConcurrency` on the sqs event")}`, example: "reservedConcurrency: 5" };
    case "sst":
      return { instead: `set \`concurrency: { reserved: 5 }\` in ${lambda.name}'s function args in the SST config`, example: "concurrency: { reserved: 5 }," };
    case "cdk":
      return { instead: `set \`reservedConcurrentExecutions\` in the ${lambda.name} construct's props${max.replace("a maximum concurrency on the event source", "`maxConcurrency` on the SqsEventSource")}`, example: "reservedConcurrentExecutions: 5," };
    default:
      return { instead: `set \`ReservedConcurrentExecutions\` in ${lambda.name}'s Properties${max.replace("a maximum concurrency on the event source", "`ScalingConfig: { MaximumConcurrency: 5 }` on the SQS event source")}`, example: "ReservedConcurrentExecutions: 5" };
  }
}

export default defineRule({
  meta: {
    id: "lambda/no-reserved-concurrency",
    description: "Queue- or stream-triggered Lambda without a concurrency limit (reserved concurrency or SQS maximum concurrency)",
    defaultSeverity: "info",
    platforms: ["aws-lambda"],
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const { fn } of ctx.functions) {
      if (!isLambda(fn)) continue;
      const lambda = fn.lambda;
      if (lambda.reservedConcurrency !== undefined || lambda.unresolved?.includes("reservedConcurrency")) continue;
      // An SQS source with its own maximum concurrency is already limited; the others are not.
      const open = lambda.triggers.filter((t) => POLLED.has(t.type) && !(t.type === "sqs" && t.maximumConcurrency !== undefined));
      if (open.length === 0) continue;
      const kinds = [...new Set(open.map((t) => LABEL[t.type]!))].join(" and ");
      const sqsOnly = open.every((t) => t.type === "sqs");
      const { instead, example } = where(lambda, sqsOnly);
      const scale = sqsOnly
        ? "Lambda keeps adding concurrent consumers while the queue is backed up"
        : "its concurrency follows the number of shards times the parallelization factor, which grows when the stream is resharded";
      findings.push({
        message:
          `${lambda.name} is triggered by ${kinds} with no concurrency limit: ${scale}, drawing on the account's regional concurrency pool shared with every other function (API handlers included) and opening as many connections to the database or API it writes to. ` +
          `Instead, ${instead}, sized to what the downstream can take.`,
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
