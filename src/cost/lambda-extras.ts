import type { FunctionInfo } from "../project/types.js";
import type { Settings, Subject } from "./assumptions.js";
import { configFor } from "./unit-config.js";
import type { FrontDoor, LambdaExtras, LineSource } from "./types.js";

/** Bytes a Lambda invocation writes to CloudWatch Logs when nothing else is known. */
export const DEFAULT_LOG_BYTES = 1024;

const where = (at: { file: string; line: number }) => `${at.file}:${at.line}`;

/**
 * What a Lambda function's bill holds beyond requests and duration, each with where it came from:
 * config first, then what the project declares, then a stated default.
 */
export function lambdaExtras(subject: Subject, own: FunctionInfo | undefined, s: Settings): LambdaExtras {
  const perFn = configFor(subject, s);
  const defs = s.cost?.defaults;
  const lambda = own?.lambda;
  return {
    frontDoor: frontDoorOf(perFn?.frontDoor ?? defs?.frontDoor, subject, own),
    tracing: tracingOf(perFn?.tracing ?? defs?.tracing, lambda),
    logs: logsOf(perFn?.logBytesPerInvocation ?? defs?.logBytesPerInvocation),
    provisionedConcurrency: provisionedOf(perFn?.provisionedConcurrency ?? defs?.provisionedConcurrency, lambda),
  };
}

function frontDoorOf(configured: FrontDoor | undefined, subject: Subject, own: FunctionInfo | undefined): LambdaExtras["frontDoor"] {
  if (configured) return { kind: configured, source: { kind: "config", detail: `cost.functions["${subject.id}"].frontDoor or cost.defaults.frontDoor` } };
  const triggers = own?.lambda?.triggers;
  if (!triggers) {
    // Not a Lambda in the project: an HTTP function (what-if, or compared from Vercel or Workers) needs a front door.
    return { kind: "http-api", source: { kind: "default", detail: "an HTTP function on Lambda needs a front door: API Gateway HTTP API assumed (a REST API costs 3.5 times as much; set cost.functions[id].frontDoor)" } };
  }
  const http = triggers.find((t) => t.type === "http-api");
  if (http) return { kind: "http-api", source: { kind: "project", detail: `HTTP API event at ${where(http.at)}` } };
  const rest = triggers.find((t) => t.type === "api");
  if (rest) return { kind: "rest-api", source: { kind: "project", detail: `REST API event at ${where(rest.at)}` } };
  const detail = triggers.length > 0 ? `its triggers (${[...new Set(triggers.map((t) => t.type))].join(", ")}) need no HTTP front door` : "the project declares no trigger for it";
  return { kind: "none", source: { kind: "project", detail } };
}

function tracingOf(configured: boolean | undefined, lambda: FunctionInfo["lambda"]): LambdaExtras["tracing"] {
  if (configured !== undefined) return { active: configured, source: { kind: "config", detail: "cost.functions[id].tracing" } };
  if (lambda?.tracing) return { active: lambda.tracing.active, source: { kind: "project", detail: `tracing set at ${where(lambda.tracing.at)}` } };
  return { active: false, source: { kind: "default", detail: "X-Ray active tracing is off unless the project or config turns it on" } };
}

function logsOf(configured: number | undefined): LambdaExtras["logs"] {
  if (configured !== undefined) return { bytesPerInvocation: configured, source: { kind: "config", detail: "cost.functions[id].logBytesPerInvocation" } };
  const source: LineSource = {
    kind: "default",
    detail: `assumed ${DEFAULT_LOG_BYTES.toLocaleString("en-US")} bytes per invocation: Lambda's START, END and REPORT lines plus a few lines of the handler's own (set cost.functions[id].logBytesPerInvocation)`,
  };
  return { bytesPerInvocation: DEFAULT_LOG_BYTES, source };
}

function provisionedOf(configured: number | undefined, lambda: FunctionInfo["lambda"]): LambdaExtras["provisionedConcurrency"] {
  if (configured !== undefined) return { units: configured, source: { kind: "config", detail: "cost.functions[id].provisionedConcurrency" } };
  const pc = lambda?.provisionedConcurrency;
  if (pc) return { units: pc.units, source: { kind: "project", detail: `ProvisionedConcurrencyConfig at ${where(pc.at)}` } };
  return { units: 0, source: { kind: "default", detail: "none declared" } };
}
