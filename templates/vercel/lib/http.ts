import type { z } from "zod";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "not_found"
  | "unsupported_media_type"
  | "internal_error";

/** Every error leaves the API in one shape: `{ "error": { "code", "message", "issues"? } }`. */
export function jsonError(status: number, code: ErrorCode, message: string, issues?: Issue[]): Response {
  return Response.json({ error: { code, message, ...(issues ? { issues } : {}) } }, { status });
}

export interface Issue {
  path: string;
  message: string;
}

export function validationError(error: z.ZodError): Response {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
  return jsonError(422, "validation_failed", "The request did not pass validation.", issues);
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

/** Reads a JSON body, turning a wrong content type or malformed JSON into a ready 4xx response. */
export async function readJson(request: Request): Promise<BodyResult> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    return { ok: false, response: jsonError(415, "unsupported_media_type", "Send the body as application/json.") };
  }
  try {
    return { ok: true, value: await request.json() };
  } catch {
    return { ok: false, response: jsonError(400, "bad_request", "The body is not valid JSON.") };
  }
}

/**
 * Runs a route handler's body so that an unexpected error becomes a logged JSON 500 instead of an
 * HTML error page, with the request id (set by proxy.ts) in both the log line and the response.
 */
export async function withErrors(request: Request, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    const requestId = request.headers.get("x-request-id") ?? undefined;
    console.error(
      JSON.stringify({
        level: "error",
        msg: "unhandled error in route handler",
        method: request.method,
        url: request.url,
        requestId,
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      }),
    );
    return jsonError(500, "internal_error", `Something went wrong${requestId ? ` (request ${requestId})` : ""}.`);
  }
}
