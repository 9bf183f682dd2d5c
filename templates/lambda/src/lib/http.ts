import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export type HttpResult = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

export function problem(statusCode: number, error: string, details?: string[]): HttpResult {
  return json(statusCode, details ? { error, details } : { error });
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: HttpResult };

const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON request body, decoding API Gateway's base64 form; answers 400/413/415 when it cannot. */
export function readJsonBody(event: APIGatewayProxyEventV2): BodyResult {
  const type = event.headers["content-type"] ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    return { ok: false, response: problem(415, "Expected a JSON body (content-type: application/json)") };
  }
  const raw = event.body ?? "";
  const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    return { ok: false, response: problem(413, `Body is larger than ${MAX_BODY_BYTES} bytes`) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: problem(400, "Body is not valid JSON") };
  }
}
