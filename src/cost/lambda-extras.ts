import type { FunctionInfo, LambdaTrigger } from "../project/types.js";
import type { Settings, Subject } from "./assumptions.js";
import { configFor } from "./unit-config.js";
import type { FrontDoor, LambdaExtras, LineSource } from "./types.js";

/** Bytes a Lambda invocation writes to CloudWatch Logs when nothing else is known. */
export const DEFAULT_LOG_BYTES = 1024;
/** WebSocket API: connection minutes per message when config gives none (a client sending about one message a minute). */
export const DEFAULT_WS_MINUTES_PER_MESSAGE = 1;
/** ALB: bytes an invocation's request and response carry through the load balancer when nothing else is known. */
export const DEFAULT_ALB_BYTES = 10_240;

export const FRONT_DOOR_NAME: Record<FrontDoor, string> = {
  "http-api": "API Gateway HTTP API",
  "rest-api": "API Gateway REST API",
  "websocket-api": "API Gateway WebSocket API",
  "function-url": "Lambda function URL",
  alb: "Application Load Balancer",
  none: "none",
};

const where = (at: { file: string; line: number }) => `${at.file}:${at.line}`;

/**
 * What a Lambda function's bill holds beyond requests and duration, each with where it came from:
 * config first, then what the project declares, then a stated default.
 */
export function lambdaExtras(subject: Subject, own: FunctionInfo | undefined, s: Settings): LambdaExtras {
  const perFn = configFor(subject, s);
  const defs = s.cost?.defaults;
  const lambda = own?.lambda;
  const door = frontDoorOf(perFn?.frontDoor ?? defs?.frontDoor, subject, own);
  if (door.kind === "websocket-api") door.webSocket = webSocketOf(perFn ?? {}, defs ?? {});
  if (door.kind === "alb") {
    const lcus = perFn?.albLcus ?? defs?.albLcus;
    door.alb =
      lcus !== undefined
        ? { lcus, source: { kind: "config", detail: `cost.functions["${subject.id}"].albLcus or cost.defaults.albLcus: ${lcus} LCUs in an average hour` } }
        : {
            lcus: undefined,
            source: {
              kind: "default",
              detail: `LCUs from traffic spread evenly over the month: the higher of new connections (each request on a new connection, 25 a second per LCU) and processed bytes (${DEFAULT_ALB_BYTES.toLocaleString("en-US")} bytes per request and response, 0.4 GB an hour per LCU for Lambda targets); active connections and rule evaluations assumed lower (set cost.functions[id].albLcus)`,
            },
          };
  }
  return {
    frontDoor: door,
    tracing: tracingOf(perFn?.tracing ?? defs?.tracing, lambda),
    logs: logsOf(perFn?.logBytesPerInvocation ?? defs?.logBytesPerInvocation),
    provisionedConcurrency: provisionedOf(perFn?.provisionedConcurrency ?? defs?.provisionedConcurrency, lambda),
    ...(lambda?.snapStart ? { snapStart: { at: where(lambda.snapStart.at), runtime: lambda.runtime?.value } } : {}),
  };
}

type FunctionConfig = NonNullable<ReturnType<typeof configFor>>;

function webSocketOf(perFn: FunctionConfig, defs: FunctionConfig): NonNullable<LambdaExtras["frontDoor"]["webSocket"]> {
  const messages = perFn.websocketMessagesPerInvocation ?? defs.websocketMessagesPerInvocation;
  const minutes = perFn.websocketConnectionMinutes ?? defs.websocketConnectionMinutes;
  const said = [
    messages !== undefined ? `${messages} message${messages === 1 ? "" : "s"} per invocation (config)` : "each invocation is one message received (default)",
    minutes !== undefined ? `${minutes.toLocaleString("en-US")} connection minutes a month (config)` : `${DEFAULT_WS_MINUTES_PER_MESSAGE} connection minute per message, a client sending about one message a minute while connected (default)`,
  ];
  const source: LineSource = {
    kind: messages !== undefined || minutes !== undefined ? "config" : "default",
    detail: `${said.join("; ")} (set cost.functions[id].websocketMessagesPerInvocation and websocketConnectionMinutes)`,
  };
  return { messagesPerInvocation: messages ?? 1, connectionMinutes: minutes !== undefined ? { total: minutes } : { perMessage: DEFAULT_WS_MINUTES_PER_MESSAGE }, source };
}

/** The triggers that put a front door before the function, in the order one is chosen when there are several. */
const DOOR_OF: Array<[LambdaTrigger["type"], FrontDoor, string]> = [
  ["http-api", "http-api", "HTTP API event"],
  ["api", "rest-api", "REST API event"],
  ["websocket", "websocket-api", "WebSocket API route"],
  ["alb", "alb", "ALB target"],
  ["function-url", "function-url", "function URL"],
];

function frontDoorOf(configured: FrontDoor | undefined, subject: Subject, own: FunctionInfo | undefined): LambdaExtras["frontDoor"] {
  if (configured) return { kind: configured, source: { kind: "config", detail: `cost.functions["${subject.id}"].frontDoor or cost.defaults.frontDoor` } };
  const triggers = own?.lambda?.triggers;
  if (!triggers) {
    // Not a Lambda in the project: an HTTP function (what-if, or compared from Vercel or Workers) needs a front door.
    return { kind: "http-api", source: { kind: "default", detail: "an HTTP function on Lambda needs a front door: API Gateway HTTP API assumed (a REST API costs 3.5 times as much; set cost.functions[id].frontDoor)" } };
  }
  // What an event or integration declares wins over a bare invoke permission.
  for (const permissionOnly of [false, true]) {
    for (const [type, kind, what] of DOOR_OF) {
      const t = triggers.find((x) => x.type === type && Boolean(x.permissionOnly) === permissionOnly);
      if (!t) continue;
      const also = DOOR_OF.filter(([other]) => other !== type && triggers.some((x) => x.type === other && !x.permissionOnly)).map(([, , name]) => name);
      const detail = `${what} at ${where(t.at)}${permissionOnly ? " (an invoke permission only)" : ""}${also.length > 0 ? `; all its requests are priced as coming this way, though it also has: ${also.join(", ")} (set cost.functions[id].frontDoor)` : ""}`;
      return { kind, source: { kind: "project", detail } };
    }
  }
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
