// The handlers `add` writes for a Lambda function, whichever config (SAM, serverless.yml) declares it.

const LOG = `/** One JSON line per event, with the Lambda request id, for CloudWatch Logs Insights. */
function log(level: "INFO" | "ERROR", message: string, fields: Record<string, unknown>): void {
  process.stdout.write(\`\${JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...fields })}\\n\`);
}`;

export const SQS_HANDLER = `interface SqsRecord {
  messageId: string;
  body: string;
}

/**
 * SQS consumer with partial batch failures (ReportBatchItemFailures): only the records that failed
 * are redelivered; after 5 receives a record moves to the dead-letter queue. Delivery is at least
 * once, so make processMessage idempotent (key it on an id in the message).
 */
export async function handler(event: { Records: SqsRecord[] }, context: { awsRequestId: string }): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      await processMessage(JSON.parse(record.body) as unknown);
    } catch (error) {
      log("ERROR", "record failed", { requestId: context.awsRequestId, messageId: record.messageId, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

async function processMessage(message: unknown): Promise<void> {
  // Your work here.
  void message;
}

${LOG}
`;

export const CRON_HANDLER = `/**
 * Runs on the EventBridge Scheduler schedule in {{config}}. A schedule may fire more than once
 * for the same time: record the run (by the event's time) before doing work that must happen once.
 */
export async function handler(event: { time?: string }, context: { awsRequestId: string }): Promise<void> {
  log("INFO", "scheduled run", { requestId: context.awsRequestId, scheduledTime: event.time });
  // Your work here; give every outbound call a timeout (AbortSignal.timeout) inside the function's Timeout.
}

${LOG}
`;

export const EVENT_HANDLER = `interface EventBridgeEvent {
  id: string;
  source: string;
  "detail-type": string;
  detail: unknown;
}

/**
 * Invoked by the EventBridge rule in {{config}}. Delivery is at least once and retried on error
 * (then sent to the rule's dead-letter queue): make the work idempotent on event.id.
 */
export async function handler(event: EventBridgeEvent, context: { awsRequestId: string }): Promise<void> {
  log("INFO", "event received", { requestId: context.awsRequestId, eventId: event.id, source: event.source, detailType: event["detail-type"] });
  // Your work here; give every outbound call a timeout (AbortSignal.timeout) inside the function's Timeout.
}

${LOG}
`;

export const HTTP_HANDLER = `interface HttpEvent {
  requestContext: { requestId: string };
}

/** GET {{path}} behind the HTTP API (payload format 2.0). */
export async function handler(event: HttpEvent, context: { awsRequestId: string }): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  log("INFO", "request", { requestId: context.awsRequestId, apiRequestId: event.requestContext.requestId });
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ ok: true }) };
}

${LOG}
`;

/** The PascalCase logical id (SAM resource, serverless.yml function key) of a function named in kebab-case. */
export const logicalId = (name: string): string => name.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
