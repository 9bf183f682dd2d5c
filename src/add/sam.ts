import { isDeepStrictEqual } from "node:util";
import { InputError, UsageError } from "../errors.js";
import { parseCfnYaml } from "../project/formats/cfn-yaml.js";
import type { AddPlan, AddRequest, FileChange } from "./types.js";

type Template = { Globals?: { Function?: Record<string, unknown> }; Resources?: Record<string, { Type?: unknown }> };

const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());

/**
 * Adds a function (and what it needs) to a SAM template as new text at the end of `Resources`, so
 * every byte outside the insertion stays as it was; the result is parsed again and must equal the
 * old template plus exactly the new resources, or nothing is written.
 */
export function addToSam(request: AddRequest, file: string): AddPlan {
  const text = request.read(file) ?? "";
  const parsed = parseCfnYaml(text);
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}: cannot edit a template that does not parse (${parsed.message}).`);
  const template = parsed.doc.value as Template;
  const resources = template.Resources;
  if (!resources || typeof resources !== "object") throw new InputError(`${file} has no Resources section to add to.`);
  const id = pascal(request.name);
  const functionId = `${id}Function`;
  const lines = text.split("\n");
  const resourcesLine = parsed.doc.positionOf(["Resources"])?.line;
  const indent = detectIndent(lines, resourcesLine);
  if (resourcesLine === undefined || indent === undefined) {
    throw new InputError(`${file}: Resources is not a block mapping (flow style or empty), so coldstart cannot add to it without rewriting it; add the function by hand.`);
  }

  const globals = template.Globals?.Function ?? {};
  const handlerDir = request.isDir("src/handlers") ? "src/handlers" : "src";
  const entry = `${handlerDir}/${request.name}.ts`;
  if (request.read(entry) !== undefined) throw new InputError(`${entry} already exists; choose another name.`);
  const { resources: added, code, notes } = build(request, functionId, id, entry, globals, resources, file);
  for (const key of Object.keys(added)) {
    if (key in resources) throw new InputError(`${file} already has a resource named ${key}; choose another name.`);
  }

  const insertAt = endOfSection(lines, resourcesLine);
  const block = Object.entries(added).map(([key, body]) => `${indent}${key}:\n${body.replace(/^/gm, indent + indent).replace(/^\s+$/gm, "")}`).join("\n\n");
  const after = [...lines.slice(0, insertAt), "", block, ...lines.slice(insertAt)].join("\n");

  const check = parseCfnYaml(after);
  const expected = check.ok ? (check.doc.value as Template).Resources ?? {} : {};
  if (!check.ok || !isDeepStrictEqual({ ...(check.doc.value as object), Resources: undefined }, { ...template, Resources: undefined }) || !Object.keys(resources).every((key) => isDeepStrictEqual(expected[key], resources[key])) || Object.keys(expected).length !== Object.keys(resources).length + Object.keys(added).length) {
    throw new InputError(`${file}: the edit would change more than the new resources (an unusual layout), so nothing was written; add the function by hand.`);
  }
  const changes: FileChange[] = [
    { path: file, before: text, after },
    { path: entry, before: undefined, after: code },
  ];
  return { project: "SAM template", changes, notes };
}

/** The indentation of the first key under Resources. */
function detectIndent(lines: string[], resourcesLine: number | undefined): string | undefined {
  if (resourcesLine === undefined || !/^Resources:\s*(#.*)?$/.test(lines[resourcesLine - 1] ?? "")) return undefined;
  for (const line of lines.slice(resourcesLine)) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const match = /^( +)[A-Za-z0-9]+:/.exec(line);
    return match?.[1];
  }
  return undefined;
}

/** The line index after the section's last content line: before the next top-level key and the comments above it. */
function endOfSection(lines: string[], sectionLine: number): number {
  let next = lines.length;
  for (let i = sectionLine; i < lines.length; i++) {
    if (/^[^\s#]/.test(lines[i] ?? "")) {
      next = i;
      break;
    }
  }
  let end = next;
  while (end > sectionLine && ((lines[end - 1] ?? "").trim() === "" || /^#/.test(lines[end - 1] ?? ""))) end--;
  return end;
}

function build(request: AddRequest, functionId: string, id: string, entry: string, globals: Record<string, unknown>, resources: Record<string, { Type?: unknown }>, file: string) {
  const handlerName = entry.split("/").pop()!.replace(/\.ts$/, "");
  const timeout = request.kind === "http" ? 10 : 30;
  const base = [
    "Type: AWS::Serverless::Function",
    "Metadata:",
    "  BuildMethod: esbuild",
    "  BuildProperties:",
    "    EntryPoints:",
    `      - ${entry}`,
    "    Format: esm",
    "    OutExtension:",
    "      - .js=.mjs",
    "    Target: node22",
    "    Minify: true",
    "    Sourcemap: true",
    "Properties:",
    "  CodeUri: ./",
    `  Handler: ${handlerName}.handler`,
    ...("Runtime" in globals ? [] : ["  Runtime: nodejs22.x", "  Architectures: [arm64]"]),
    ...("MemorySize" in globals ? [] : ["  MemorySize: 512"]),
    `  Timeout: ${timeout}`,
  ];
  const notes: string[] = [];
  const added: Record<string, string> = {};
  switch (request.kind) {
    case "sqs-consumer": {
      const queue = `${id}Queue`;
      added[functionId] = [
        ...base,
        "  # Caps how many instances a backlog can start.",
        "  ReservedConcurrentExecutions: 5",
        "  Events:",
        "    Messages:",
        "      Type: SQS",
        "      Properties:",
        `        Queue: !GetAtt ${queue}.Arn`,
        "        BatchSize: 10",
        "        FunctionResponseTypes:",
        "          - ReportBatchItemFailures",
        "        ScalingConfig:",
        "          MaximumConcurrency: 5",
      ].join("\n");
      added[queue] = [
        "Type: AWS::SQS::Queue",
        "Properties:",
        `  # Six times the function timeout, as AWS advises for event sources.`,
        `  VisibilityTimeout: ${timeout * 6}`,
        "  SqsManagedSseEnabled: true",
        "  RedrivePolicy:",
        `    deadLetterTargetArn: !GetAtt ${id}DeadLetterQueue.Arn`,
        "    maxReceiveCount: 5",
      ].join("\n");
      added[`${id}DeadLetterQueue`] = ["Type: AWS::SQS::Queue", "Properties:", "  MessageRetentionPeriod: 1209600", "  SqsManagedSseEnabled: true"].join("\n");
      return { resources: added, code: SQS_HANDLER, notes };
    }
    case "cron":
      added[functionId] = [
        ...base,
        "  Events:",
        "    Schedule:",
        "      # EventBridge Scheduler, UTC; it may deliver an event more than once, so keep the work idempotent.",
        "      Type: ScheduleV2",
        "      Properties:",
        '        ScheduleExpression: "cron(0 6 * * ? *)"',
        "        RetryPolicy:",
        "          MaximumRetryAttempts: 2",
      ].join("\n");
      return { resources: added, code: CRON_HANDLER, notes };
    case "http": {
      const api = Object.entries(resources).find(([, r]) => r?.Type === "AWS::Serverless::HttpApi")?.[0];
      if (!api) notes.push(`${file} has no AWS::Serverless::HttpApi, so SAM creates an implicit one for ${functionId}.`);
      added[functionId] = [
        ...base,
        "  Events:",
        "    Get:",
        "      Type: HttpApi",
        "      Properties:",
        ...(api ? [`        ApiId: !Ref ${api}`] : []),
        "        Method: GET",
        `        Path: /${request.name}`,
      ].join("\n");
      return { resources: added, code: HTTP_HANDLER.replaceAll("{{path}}", `/${request.name}`), notes };
    }
    case "event":
      added[functionId] = [
        ...base,
        "  Events:",
        "    Rule:",
        "      # EventBridge delivers at least once: keep the work idempotent on the event's id.",
        "      Type: EventBridgeRule",
        "      Properties:",
        "        Pattern:",
        "          source:",
        "            - com.example.orders",
        "          detail-type:",
        `            - ${id}`,
        "        RetryPolicy:",
        "          MaximumRetryAttempts: 2",
        "          MaximumEventAgeInSeconds: 3600",
        "        # Events that still fail land in a queue SAM creates, instead of being dropped.",
        "        DeadLetterConfig:",
        "          Type: SQS",
      ].join("\n");
      notes.push(`Edit the rule's Pattern in ${file} (source, detail-type) to match the events you publish.`);
      return { resources: added, code: EVENT_HANDLER, notes };
    default:
      throw new UsageError(`a SAM template takes http, cron, sqs-consumer or event, not ${request.kind}.`);
  }
}

const LOG = `/** One JSON line per event, with the Lambda request id, for CloudWatch Logs Insights. */
function log(level: "INFO" | "ERROR", message: string, fields: Record<string, unknown>): void {
  process.stdout.write(\`\${JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...fields })}\\n\`);
}`;

const SQS_HANDLER = `interface SqsRecord {
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

const CRON_HANDLER = `/**
 * Runs on the EventBridge Scheduler schedule in template.yaml. A schedule may fire more than once
 * for the same time: record the run (by the event's time) before doing work that must happen once.
 */
export async function handler(event: { time?: string }, context: { awsRequestId: string }): Promise<void> {
  log("INFO", "scheduled run", { requestId: context.awsRequestId, scheduledTime: event.time });
  // Your work here; give every outbound call a timeout (AbortSignal.timeout) inside the function's Timeout.
}

${LOG}
`;

const EVENT_HANDLER = `interface EventBridgeEvent {
  id: string;
  source: string;
  "detail-type": string;
  detail: unknown;
}

/**
 * Invoked by the EventBridge rule in template.yaml. Delivery is at least once and retried on error
 * (then sent to the rule's dead-letter queue): make the work idempotent on event.id.
 */
export async function handler(event: EventBridgeEvent, context: { awsRequestId: string }): Promise<void> {
  log("INFO", "event received", { requestId: context.awsRequestId, eventId: event.id, source: event.source, detailType: event["detail-type"] });
  // Your work here; give every outbound call a timeout (AbortSignal.timeout) inside the function's Timeout.
}

${LOG}
`;

const HTTP_HANDLER = `interface HttpEvent {
  requestContext: { requestId: string };
}

/** GET {{path}} behind the HTTP API (payload format 2.0). */
export async function handler(event: HttpEvent, context: { awsRequestId: string }): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  log("INFO", "request", { requestId: context.awsRequestId, apiRequestId: event.requestContext.requestId });
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ ok: true }) };
}

${LOG}
`;
