/** An error that maps to an HTTP status and a stable, machine-readable code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function errorResponse(error: unknown, request: Request): Response {
  if (error instanceof HttpError) {
    if (error.status >= 500) logError(error, request);
    return Response.json(
      { error: { code: error.code, message: error.message } },
      { status: error.status, headers: error.headers },
    );
  }
  logError(error, request);
  // Never echo internal details to the client; they are in the logs.
  return Response.json(
    { error: { code: "internal_error", message: "Something went wrong on our side" } },
    { status: 500 },
  );
}

// Workers Logs (observability) indexes the fields of logged objects, so log objects, not strings.
function logError(error: unknown, request: Request): void {
  console.error({
    message: error instanceof Error ? error.message : String(error),
    name: error instanceof Error ? error.name : typeof error,
    method: request.method,
    path: new URL(request.url).pathname,
  });
}
