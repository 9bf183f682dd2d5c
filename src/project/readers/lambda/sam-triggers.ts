import { isRecord } from "../../context.js";
import { referencedId } from "./lambda-values.js";
import type { LambdaTrigger, SourceLocation } from "../../types.js";

/** Where the key at a template path is written. */
type At = (path: Array<string | number>) => SourceLocation;

const SAM_EVENT_TYPES: Record<string, LambdaTrigger["type"]> = {
  Api: "api",
  HttpApi: "http-api",
  SQS: "sqs",
  Kinesis: "kinesis",
  DynamoDB: "dynamodb",
  S3: "s3",
  SNS: "sns",
  Schedule: "schedule",
  ScheduleV2: "schedule",
  EventBridgeRule: "eventbridge",
  CloudWatchEvent: "eventbridge",
};

/** The function's own `Events` (SAM). */
export function samEvents(props: Record<string, unknown>, id: string, at: At): LambdaTrigger[] {
  if (!isRecord(props.Events)) return [];
  const triggers: LambdaTrigger[] = [];
  for (const [name, event] of Object.entries(props.Events)) {
    if (!isRecord(event) || typeof event.Type !== "string") continue;
    const trigger: LambdaTrigger = { type: SAM_EVENT_TYPES[event.Type] ?? "other", at: at(["Resources", id, "Properties", "Events", name]) };
    if (trigger.type === "sqs" || trigger.type === "kinesis" || trigger.type === "dynamodb") {
      const p = isRecord(event.Properties) ? event.Properties : {};
      trigger.reportBatchItemFailures = reportsBatchFailures(p.FunctionResponseTypes);
      const max = maximumConcurrency(p.ScalingConfig);
      if (max !== undefined) trigger.maximumConcurrency = max;
    }
    triggers.push(trigger);
  }
  return triggers;
}

function maximumConcurrency(scaling: unknown): number | undefined {
  return isRecord(scaling) && typeof scaling.MaximumConcurrency === "number" ? scaling.MaximumConcurrency : undefined;
}

function reportsBatchFailures(value: unknown): boolean {
  return Array.isArray(value) && value.includes("ReportBatchItemFailures");
}

/** AWS::Lambda::EventSourceMapping resources, keyed by the logical id of the function they feed. */
export function eventSourceMappings(resources: Record<string, unknown>, at: At): Map<string, LambdaTrigger[]> {
  const out = new Map<string, LambdaTrigger[]>();
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || resource.Type !== "AWS::Lambda::EventSourceMapping" || !isRecord(resource.Properties)) continue;
    const props = resource.Properties;
    const fn = referencedId(props.FunctionName);
    if (!fn) continue;
    const source = referencedId(props.EventSourceArn);
    const sourceType = source && isRecord(resources[source]) ? (resources[source]).Type : undefined;
    const arn = typeof props.EventSourceArn === "string" ? props.EventSourceArn : "";
    const type: LambdaTrigger["type"] =
      sourceType === "AWS::SQS::Queue" || arn.includes(":sqs:")
        ? "sqs"
        : sourceType === "AWS::Kinesis::Stream" || arn.includes(":kinesis:")
          ? "kinesis"
          : sourceType === "AWS::DynamoDB::Table" || arn.includes(":dynamodb:")
            ? "dynamodb"
            : "other";
    const trigger: LambdaTrigger = { type, at: at(["Resources", id]) };
    if (type !== "other") trigger.reportBatchItemFailures = reportsBatchFailures(props.FunctionResponseTypes);
    const max = maximumConcurrency(props.ScalingConfig);
    if (max !== undefined) trigger.maximumConcurrency = max;
    out.set(fn, [...(out.get(fn) ?? []), trigger]);
  }
  return out;
}

const PRINCIPALS: Record<string, LambdaTrigger["type"]> = {
  "apigateway.amazonaws.com": "api",
  "events.amazonaws.com": "eventbridge",
  "scheduler.amazonaws.com": "schedule",
  "s3.amazonaws.com": "s3",
  "sns.amazonaws.com": "sns",
};

/**
 * Triggers wired outside the function: `AWS::Lambda::Permission` for a service principal, and
 * HTTP API integrations whose IntegrationUri names the function (OpenAPI-defined APIs).
 */
export function invokePermissions(resources: Record<string, unknown>, at: At): Map<string, LambdaTrigger[]> {
  const out = new Map<string, LambdaTrigger[]>();
  const add = (fn: string | undefined, trigger: LambdaTrigger) => {
    if (fn) out.set(fn, [...(out.get(fn) ?? []), trigger]);
  };
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || !isRecord(resource.Properties)) continue;
    const props = resource.Properties;
    if (resource.Type === "AWS::Lambda::Permission" && typeof props.Principal === "string") {
      const type = PRINCIPALS[props.Principal];
      if (type) add(referencedId(props.FunctionName), { type, at: at(["Resources", id]) });
    } else if (resource.Type === "AWS::ApiGatewayV2::Integration") {
      add(referencedId(props.IntegrationUri), { type: "http-api", at: at(["Resources", id]) });
    }
  }
  return out;
}
