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

/** The function's own `Events` (SAM). `streamingApis`: the REST APIs whose definition streams this function's responses. */
export function samEvents(props: Record<string, unknown>, id: string, at: At, streamingApis: ReadonlySet<string> = new Set()): LambdaTrigger[] {
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
      if (typeof p.BatchSize === "number") trigger.batchSize = p.BatchSize;
    }
    if (trigger.type === "api" && isRecord(event.Properties)) {
      const api = referencedId(event.Properties.RestApiId);
      if (api && streamingApis.has(api)) trigger.streaming = true;
    }
    const p = isRecord(event.Properties) ? event.Properties : {};
    // SAM's HttpApi event: PayloadFormatVersion, "2.0" unless set (SAM spec, HttpApi event source).
    if (trigger.type === "http-api") trigger.payloadFormat = payloadFormat(p.PayloadFormatVersion).payloadFormat ?? "2.0";
    if (trigger.type === "eventbridge" && (p.Input !== undefined || p.InputPath !== undefined || p.InputTransformer !== undefined)) trigger.customEvent = true;
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
    if (typeof props.BatchSize === "number") trigger.batchSize = props.BatchSize;
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
 * Triggers wired outside the function: REST API methods and OpenAPI definitions whose integration
 * URI names the function, HTTP API integrations (IntegrationUri), and last `AWS::Lambda::Permission`
 * for a service principal, kept only where no event source says more (marked `permissionOnly`).
 */
export function invokePermissions(resources: Record<string, unknown>, at: At): Map<string, LambdaTrigger[]> {
  const out = new Map<string, LambdaTrigger[]>();
  const add = (fn: string | undefined, trigger: LambdaTrigger) => {
    if (fn) out.set(fn, [...(out.get(fn) ?? []), trigger]);
  };
  const permissions: Array<{ fn: string | undefined; trigger: LambdaTrigger }> = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || !isRecord(resource.Properties)) continue;
    const props = resource.Properties;
    if (resource.Type === "AWS::Lambda::Permission" && typeof props.Principal === "string") {
      const type = PRINCIPALS[props.Principal];
      if (type) permissions.push({ fn: referencedId(props.FunctionName), trigger: { type, at: at(["Resources", id]), permissionOnly: true } });
    } else if (resource.Type === "AWS::ApiGatewayV2::Integration") {
      const fn = referencedId(props.IntegrationUri) ?? functionInUri(props.IntegrationUri)?.id;
      if (isWebSocketApi(resources, props.ApiId)) add(fn, { type: "websocket", at: at(["Resources", id]) });
      else add(fn, { type: "http-api", at: at(["Resources", id]), ...payloadFormat(props.PayloadFormatVersion) });
    } else if (resource.Type === "AWS::Lambda::Url") {
      add(referencedId(props.TargetFunctionArn), { type: "function-url", at: at(["Resources", id]) });
    } else if (resource.Type === "AWS::ElasticLoadBalancingV2::TargetGroup" && props.TargetType === "lambda" && Array.isArray(props.Targets)) {
      props.Targets.forEach((target, i) => {
        if (isRecord(target)) add(referencedId(target.Id), { type: "alb", at: at(["Resources", id, "Properties", "Targets", i]) });
      });
    } else if (resource.Type === "AWS::ApiGateway::Method" && isRecord(props.Integration)) {
      const fn = functionInUri(props.Integration.Uri);
      if (fn) {
        add(fn.id, {
          type: "api",
          at: at(["Resources", id]),
          ...(streams(props.Integration.ResponseTransferMode, fn) ? { streaming: true } : {}),
          ...(invokesAsynchronously(props.Integration.RequestParameters) ? { asynchronous: true } : {}),
          ...(props.Integration.Type === "AWS" ? { customEvent: true } : {}),
        });
      }
    } else if (resource.Type === "AWS::ApiGateway::Authorizer" || resource.Type === "AWS::ApiGatewayV2::Authorizer") {
      const rest = resource.Type === "AWS::ApiGateway::Authorizer";
      const kind = rest ? props.Type : props.AuthorizerType;
      const fn = functionInUri(props.AuthorizerUri);
      if (fn && (kind === "TOKEN" || kind === "REQUEST")) {
        add(fn.id, {
          type: "authorizer",
          at: at(["Resources", id]),
          authorizer: { kind: kind === "TOKEN" ? "token" : "request", api: rest ? "rest" : "http" },
          ...(rest ? {} : payloadFormat(props.AuthorizerPayloadFormatVersion)),
        });
      }
    } else if (resource.Type === "AWS::Serverless::Api" || resource.Type === "AWS::Serverless::HttpApi") {
      for (const a of samAuthorizers(id, resource.Type === "AWS::Serverless::Api", props, at)) add(a.fn, a.trigger);
      for (const route of openApiRoutes(id, resource)) {
        add(route.fn, { type: "api", at: at(route.path), ...(route.streaming ? { streaming: true } : {}), ...(route.shaped ? { customEvent: true } : {}) });
      }
    } else {
      for (const route of openApiRoutes(id, resource)) {
        add(route.fn, { type: "api", at: at(route.path), ...(route.streaming ? { streaming: true } : {}), ...(route.shaped ? { customEvent: true } : {}) });
      }
    }
  }
  for (const { fn, trigger } of permissions) {
    if (fn && !(out.get(fn) ?? []).some((t) => t.type === trigger.type)) add(fn, trigger);
  }
  return out;
}

/** `ApiId: !Ref Api` naming an `AWS::ApiGatewayV2::Api` of `ProtocolType: WEBSOCKET` in the same template. */
function isWebSocketApi(resources: Record<string, unknown>, apiId: unknown): boolean {
  const api = referencedId(apiId);
  const resource = api ? resources[api] : undefined;
  return isRecord(resource) && resource.Type === "AWS::ApiGatewayV2::Api" && isRecord(resource.Properties) && resource.Properties.ProtocolType === "WEBSOCKET";
}

/** A payload format version as written ("2.0", or 2 in YAML), when it is one. */
function payloadFormat(value: unknown): Pick<LambdaTrigger, "payloadFormat"> {
  const text = typeof value === "number" ? value.toFixed(1) : value;
  return text === "1.0" || text === "2.0" ? { payloadFormat: text } : {};
}

/**
 * Lambda authorizers of a SAM API (`Auth.Authorizers.<name>.FunctionArn`): of an
 * `AWS::Serverless::Api`, TOKEN unless `FunctionPayloadType: REQUEST`; of an
 * `AWS::Serverless::HttpApi`, REQUEST with `AuthorizerPayloadFormatVersion`. A Cognito authorizer
 * names no function. SAM spec, ApiFunctionAuth / LambdaTokenAuthorizer / LambdaRequestAuthorizer /
 * LambdaAuthorizer (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-lambdatokenauthorizer.html,
 * .../sam-property-httpapi-lambdaauthorizer.html), taken 2026-12-05.
 */
function samAuthorizers(id: string, rest: boolean, props: Record<string, unknown>, at: At): Array<{ fn: string; trigger: LambdaTrigger }> {
  const auth = isRecord(props.Auth) && isRecord(props.Auth.Authorizers) ? props.Auth.Authorizers : {};
  const out: Array<{ fn: string; trigger: LambdaTrigger }> = [];
  for (const [name, def] of Object.entries(auth)) {
    const fn = isRecord(def) ? referencedId(def.FunctionArn) : undefined;
    if (!fn || !isRecord(def)) continue;
    const where = at(["Resources", id, "Properties", "Auth", "Authorizers", name]);
    if (rest) {
      const kind = def.FunctionPayloadType === "REQUEST" ? "request" : "token";
      out.push({ fn, trigger: { type: "authorizer", at: where, authorizer: { kind, api: "rest" } } });
    } else {
      out.push({ fn, trigger: { type: "authorizer", at: where, authorizer: { kind: "request", api: "http" }, ...payloadFormat(def.AuthorizerPayloadFormatVersion) } });
    }
  }
  return out;
}

/** The REST APIs whose OpenAPI definition streams a function's responses: function id -> API ids. */
export function streamingApis(resources: Record<string, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource)) continue;
    for (const route of openApiRoutes(id, resource)) {
      if (route.streaming) out.set(route.fn, (out.get(route.fn) ?? new Set()).add(id));
    }
  }
  return out;
}

/** A non-proxy (`AWS`) integration that sets `X-Amz-Invocation-Type` to `'Event'`: Lambda is invoked asynchronously and API Gateway answers at once. */
function invokesAsynchronously(parameters: unknown): boolean {
  if (!isRecord(parameters)) return false;
  const value = parameters["integration.request.header.X-Amz-Invocation-Type"];
  return typeof value === "string" && /^'?Event'?$/.test(value.trim());
}

function streams(mode: unknown, fn: { streamingUri: boolean }): boolean {
  return mode === "STREAM" || fn.streamingUri;
}

/**
 * The function a Lambda integration URI invokes: `!Sub arn:...:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations`
 * (or `!GetAtt`/`!Join` parts). `/response-streaming-invocations` is the streaming form.
 */
function functionInUri(uri: unknown): { id: string; streamingUri: boolean } | undefined {
  const sub = isRecord(uri) ? uri["Fn::Sub"] : undefined;
  const text = typeof uri === "string" ? uri : typeof sub === "string" ? sub : Array.isArray(sub) && typeof sub[0] === "string" ? sub[0] : undefined;
  if (text !== undefined) {
    const m = /functions\/\$\{([A-Za-z0-9]+)(?:\.Arn)?\}/.exec(text);
    return m ? { id: m[1]!, streamingUri: text.includes("response-streaming-invocations") } : undefined;
  }
  const join = isRecord(uri) ? uri["Fn::Join"] : undefined;
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const parts = join[1] as unknown[];
    const id = parts.map((p) => (isRecord(p) ? referencedId(p) : undefined)).find((x) => x !== undefined);
    return id ? { id, streamingUri: parts.some((p) => typeof p === "string" && p.includes("response-streaming-invocations")) } : undefined;
  }
  return undefined;
}

/** Lambda integrations in an OpenAPI body (`AWS::Serverless::Api` DefinitionBody, `AWS::ApiGateway::RestApi` Body). */
function openApiRoutes(id: string, resource: Record<string, unknown>): Array<{ fn: string; streaming: boolean; shaped: boolean; path: Array<string | number> }> {
  const props = isRecord(resource.Properties) ? resource.Properties : {};
  const key = resource.Type === "AWS::Serverless::Api" ? "DefinitionBody" : resource.Type === "AWS::ApiGateway::RestApi" ? "Body" : undefined;
  const body = key ? props[key] : undefined;
  if (!key || !isRecord(body) || !isRecord(body.paths)) return [];
  const routes: Array<{ fn: string; streaming: boolean; shaped: boolean; path: Array<string | number> }> = [];
  for (const [route, methods] of Object.entries(body.paths)) {
    if (!isRecord(methods)) continue;
    for (const [method, op] of Object.entries(methods)) {
      const integration = isRecord(op) ? op["x-amazon-apigateway-integration"] : undefined;
      if (!isRecord(integration)) continue;
      const fn = functionInUri(integration.uri);
      // A non-proxy (`aws`) integration's mapping template builds the event.
      const shaped = typeof integration.type === "string" && integration.type.toLowerCase() === "aws";
      if (fn) routes.push({ fn: fn.id, streaming: streams(integration.responseTransferMode, fn), shaped, path: ["Resources", id, "Properties", key, "paths", route, method] });
    }
  }
  return routes;
}
