// Facts: docs/rules/lambda/sqs-partial-batch.md (Lambda SQS event source: ReportBatchItemFailures).
import type { LambdaTrigger } from "../../../project/types.js";
import { BATCH_RESPONSE_PRESCAN, returnsBatchResponse } from "../../analysis/batch-response.js";
import { handlerUnits } from "../../analysis/handler-units.js";
import { isLambda } from "../../analysis/timeout-limits.js";
import { defineRule } from "../../define-rule.js";
import type { FunctionContext, RawFinding } from "../../types.js";
import { position } from "../../analysis/file-facts.js";

const RETURN_EXAMPLE = `export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    try {
      await processMessage(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};`;

function configFix(source: string): { text: string; example: string } {
  switch (source) {
    case "serverless":
      return { text: "add `functionResponseType: ReportBatchItemFailures` to the `sqs` event", example: "- sqs:\n    arn: !GetAtt Queue.Arn\n    functionResponseType: ReportBatchItemFailures" };
    case "sst":
      return { text: "pass `batch: { partialResponses: true }` to `queue.subscribe`", example: 'queue.subscribe("src/subscriber.handler", { batch: { partialResponses: true } });' };
    case "cdk":
      return { text: "pass `reportBatchItemFailures: true` to the `SqsEventSource`", example: "fn.addEventSource(new SqsEventSource(queue, { reportBatchItemFailures: true }));" };
    default:
      return { text: "add `FunctionResponseTypes: [ReportBatchItemFailures]` to the SQS event source", example: "Properties:\n  Queue: !GetAtt Queue.Arn\n  FunctionResponseTypes:\n    - ReportBatchItemFailures" };
  }
}

/** Whether any reachable file builds the partial batch response. */
function handlerReports(ctxFiles: string[], fnCtx: FunctionContext): boolean {
  return ctxFiles.some((file) => {
    const sf = fnCtx.ast(file);
    return sf !== undefined && returnsBatchResponse(sf);
  });
}

export default defineRule({
  meta: {
    id: "lambda/sqs-partial-batch",
    description: "SQS-triggered Lambda without partial batch responses (ReportBatchItemFailures and a returned batchItemFailures)",
    defaultSeverity: "warning",
    platforms: ["aws-lambda"],
    prescan: BATCH_RESPONSE_PRESCAN,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const fnCtx of ctx.functions) {
      const { fn } = fnCtx;
      if (!isLambda(fn)) continue;
      // One message per batch: there is nothing to fail partially.
      const sqs = fn.lambda.triggers.filter((t) => t.type === "sqs" && t.batchSize !== 1);
      if (sqs.length === 0) continue;
      const returns = handlerReports(ctx.candidates(fnCtx), fnCtx);
      const off: LambdaTrigger[] = sqs.filter((t) => t.reportBatchItemFailures !== true);
      const { text, example } = configFix(fn.lambda.source);
      const name = fn.lambda.name;
      for (const trigger of off) {
        const message = returns
          ? `${name}'s handler returns \`batchItemFailures\`, but this SQS event source does not enable ReportBatchItemFailures, so Lambda ignores the list: when the handler throws, the whole batch returns to the queue and messages that already succeeded run again. Instead, ${text}.`
          : `${name} consumes SQS without partial batch responses: this event source does not enable ReportBatchItemFailures and the handler never returns \`batchItemFailures\`, so one bad message fails the whole batch, which returns to the queue and runs again (already-processed messages included) until it reaches the dead-letter queue. Instead, ${text}, and return \`{ batchItemFailures: [{ itemIdentifier: record.messageId }] }\` for the records that failed.`;
        findings.push({
          message,
          file: trigger.at.file,
          line: Math.max(trigger.at.line, 1),
          column: trigger.at.column ?? 1,
          function: fn.id,
          fix: { description: `Instead, ${text}${returns ? "" : ", and return the failed message ids as `batchItemFailures`"}.`, example: returns ? example : `${example}\n\n${RETURN_EXAMPLE}` },
        });
      }
      if (off.length > 0 || returns) continue;
      // Event source ready, handler silent: failures are swallowed or fail the whole batch.
      const sf = fnCtx.ast(fn.entry);
      const unit = sf ? handlerUnits(sf, [fn.lambda.handlerExport])[0] : undefined;
      const at = sf && unit ? { file: ctx.relative(fn.entry), ...position(sf, unit.node) } : { file: sqs[0]!.at.file, line: Math.max(sqs[0]!.at.line, 1), column: sqs[0]!.at.column ?? 1 };
      const instead = "Instead, catch each record's error and return `{ batchItemFailures: [{ itemIdentifier: record.messageId }] }` for the records that failed (an empty list when all succeeded)";
      findings.push({
        message: `${name}'s SQS event source enables ReportBatchItemFailures, but the handler${unit ? ` \`${unit.name}\`` : ""} never returns \`batchItemFailures\`: a thrown error still returns the whole batch to the queue, and a failure the handler catches is reported as success, so that message is deleted unprocessed. ${instead}.`,
        ...at,
        function: fn.id,
        chain: [ctx.relative(fn.entry)],
        fix: { description: `${instead}.`, example: RETURN_EXAMPLE },
      });
    }
    return findings;
  },
});
