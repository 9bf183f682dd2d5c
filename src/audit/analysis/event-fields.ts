import { ts } from "ts-morph";
import type { FunctionInfo, LambdaTrigger } from "../../project/types.js";

/*
 * The top-level fields of the event each trigger always sends with a truthy value (non-empty
 * strings, objects, arrays), per AWS's documented event shapes (taken 2026-12-05). Booleans
 * (`isBase64Encoded`), fields that may be null (`body`, `queryStringParameters`, `pathParameters`)
 * or empty (`rawQueryString`) are left out: a test of them can go either way.
 *
 * - SQS, SNS, S3, DynamoDB Streams, Kinesis: `Records`, the batch
 *   https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, .../with-sns.html, .../with-s3.html,
 *   .../with-ddb.html, .../with-kinesis.html
 * - API Gateway REST proxy integration: `resource`, `path`, `httpMethod`, `requestContext`
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 * - API Gateway HTTP API, payload 2.0: `version`, `routeKey`, `rawPath`, `requestContext`; 1.0:
 *   `version`, `resource`, `path`, `httpMethod`, `requestContext`
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * - Lambda authorizers of a REST API: TOKEN `type`, `authorizationToken`, `methodArn` (API Gateway
 *   answers 401 itself, without calling the function, when the token is missing, null or empty);
 *   REQUEST `type`, `methodArn`, `resource`, `path`, `httpMethod`, `requestContext`
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/call-api-with-api-gateway-lambda-authorization.html
 * - Lambda authorizers of an HTTP API: payload 2.0 `version`, `type`, `routeArn`, `routeKey`,
 *   `rawPath`, `requestContext`; 1.0 `version`, `type`, `methodArn`, `resource`, `path`,
 *   `httpMethod`, `requestContext`
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * - EventBridge rules: `version`, `id`, `detail-type`, `source`, `account`, `time`, `region`,
 *   `resources`, `detail` https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 * - Function URLs: the HTTP API's payload 2.0
 *   https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 * - ALB targets: `requestContext` (its `elb`), `httpMethod`, `path` (headers come as `headers` or
 *   `multiValueHeaders`, by target group setting)
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 * - WebSocket APIs: `requestContext` (route, connection id, event type)
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 *
 * Schedules are left unknown (EventBridge Scheduler and a rule's Input send what the project
 * writes), as are triggers whose event the project shapes (`customEvent`) and `other`.
 */
const RECORDS = ["Records"];
const REST = ["resource", "path", "httpMethod", "requestContext"];
const HTTP_2 = ["version", "routeKey", "rawPath", "requestContext"];
const HTTP_1 = ["version", ...REST];
const EVENTBRIDGE = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"];

function fieldsOf(t: LambdaTrigger): readonly string[] | undefined {
  if (t.customEvent) return undefined;
  switch (t.type) {
    case "sqs":
    case "sns":
    case "s3":
    case "dynamodb":
    case "kinesis":
      return RECORDS;
    case "api":
      return REST;
    case "http-api":
      return t.payloadFormat === "2.0" ? HTTP_2 : t.payloadFormat === "1.0" ? HTTP_1 : HTTP_1.filter((f) => HTTP_2.includes(f));
    case "eventbridge":
      return EVENTBRIDGE;
    case "function-url":
      return HTTP_2;
    case "alb":
      return ["requestContext", "httpMethod", "path"];
    case "websocket":
      return ["requestContext"];
    case "authorizer": {
      const a = t.authorizer;
      if (!a) return undefined;
      if (a.api === "rest") return a.kind === "token" ? ["type", "authorizationToken", "methodArn"] : ["type", "methodArn", ...REST];
      const http = t.payloadFormat === "2.0" ? [...HTTP_2, "routeArn"] : t.payloadFormat === "1.0" ? [...HTTP_1, "methodArn"] : ["version", "requestContext"];
      return ["type", ...http];
    }
    default:
      return undefined;
  }
}

/**
 * The event fields every invocation of `fn` carries (truthy), from its known triggers; undefined when
 * any way it is invoked is unknown (no trigger, `other`, a schedule, a shaped event, or a REST API
 * permission that may be an integration or an authorizer). Fields sent by some triggers but not all
 * are not in the set.
 */
export function alwaysSentFields(fn: FunctionInfo): ReadonlySet<string> | undefined {
  const all = fn.lambda?.triggers ?? [];
  if (all.length === 0) return undefined;
  const authorizer = all.some((t) => t.type === "authorizer" && !t.permissionOnly);
  // An API Gateway permission beside an authorizer's definition is that authorizer's own permission.
  const triggers = all.filter((t) => !(authorizer && t.permissionOnly && t.type === "api"));
  let common: Set<string> | undefined;
  for (const t of triggers) {
    if (t.permissionOnly && (t.type === "api" || t.type === "http-api")) return undefined;
    const fields = fieldsOf(t);
    if (!fields) return undefined;
    common = common ? new Set([...common].filter((f) => fields.includes(f))) : new Set(fields);
  }
  return common;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return e;
}

/** `event.name`, `event?.name`, `event["name"]` -> name, when `event` is the handler's event parameter. */
function eventField(e: ts.Expression, event: string): string | undefined {
  const x = unwrap(e);
  const base = (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) ? unwrap(x.expression) : undefined;
  if (!base || !ts.isIdentifier(base) || base.text !== event) return undefined;
  if (ts.isPropertyAccessExpression(x)) return x.name.text;
  const arg = ts.isElementAccessExpression(x) ? x.argumentExpression : undefined;
  return arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : undefined;
}

function isNothing(e: ts.Expression): boolean {
  const x = unwrap(e);
  return x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === "undefined") || (ts.isVoidExpression(x) && ts.isLiteralExpression(x.expression));
}

/**
 * The value a presence test of the event always has, given the fields always sent: true for
 * `event.Records`, `!!event.Records`, `event.Records != null`, `typeof event.Records !== "undefined"`,
 * `"Records" in event` and their `&&`/`||` combinations; false for their negations; undefined
 * for anything else (a comparison with a value, another object's field, a field not always sent).
 */
export function presenceTestValue(cond: ts.Expression, event: string, sent: ReadonlySet<string>): boolean | undefined {
  const e = unwrap(cond);
  const field = eventField(e, event);
  if (field !== undefined) return sent.has(field) ? true : undefined;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = presenceTestValue(e.operand, event, sent);
    return inner === undefined ? undefined : !inner;
  }
  if (!ts.isBinaryExpression(e)) return undefined;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
    const l = presenceTestValue(e.left, event, sent);
    const r = presenceTestValue(e.right, event, sent);
    const and = op === ts.SyntaxKind.AmpersandAmpersandToken;
    // `a && b` is true when both are; false when either is. `a || b` the other way round.
    if (l === and && r === and) return and;
    if (l === !and || r === !and) return !and;
    return undefined;
  }
  if (op === ts.SyntaxKind.InKeyword) {
    const key = unwrap(e.left);
    const obj = unwrap(e.right);
    return (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) && ts.isIdentifier(obj) && obj.text === event && sent.has(key.text) ? true : undefined;
  }
  const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !unequal) return undefined;
  const [value, other] = isNothing(e.right) ? [e.left, e.right] : isNothing(e.left) ? [e.right, e.left] : [undefined, undefined];
  if (value && other) {
    const f = eventField(value, event);
    return f !== undefined && sent.has(f) ? unequal : undefined;
  }
  // `typeof event.x !== "undefined"`
  const [typeOf, text] = ts.isTypeOfExpression(unwrap(e.left)) ? [unwrap(e.left), unwrap(e.right)] : [unwrap(e.right), unwrap(e.left)];
  if (ts.isTypeOfExpression(typeOf) && ts.isStringLiteral(text) && text.text === "undefined") {
    const f = eventField(typeOf.expression, event);
    return f !== undefined && sent.has(f) ? unequal : undefined;
  }
  return undefined;
}

/** The name of the handler's event parameter (its first), when it is a plain identifier. */
export function eventParameter(unit: ts.Node): string | undefined {
  if (!ts.isFunctionLike(unit)) return undefined;
  const first = unit.parameters[0];
  return first && ts.isIdentifier(first.name) ? first.name.text : undefined;
}
