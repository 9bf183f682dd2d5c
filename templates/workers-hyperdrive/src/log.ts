/**
 * One JSON object per line: Workers Logs (observability) indexes the fields, so every line can be
 * found by its request id or message id.
 */
export function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown> = {}): void {
  const line = { level, message, ...fields };
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** Cloudflare's ray id names the request across Cloudflare's logs; a UUID when there is none (tests, wrangler dev). */
export function requestId(request: Request): string {
  return request.headers.get("cf-ray") ?? crypto.randomUUID();
}
