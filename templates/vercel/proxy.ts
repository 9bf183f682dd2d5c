import { createHash, timingSafeEqual } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { jsonError } from "@/lib/http";

/**
 * Runs before every /api request (Next 16 `proxy.ts`, always on the Node.js runtime):
 * 1. gives each request an id (kept from a well-formed incoming `x-request-id`, else a new UUID),
 *    passed to the route handler and echoed on the response;
 * 2. guards mutating methods with a bearer token from API_TOKEN. Without API_TOKEN, mutations are
 *    allowed in development and refused in production, so a fresh deploy is never open for writes.
 */
const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function proxy(request: NextRequest): Response {
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();

  if (MUTATING_METHODS.has(request.method)) {
    const refusal = checkWriteAccess(request.headers.get("authorization"));
    if (refusal) {
      refusal.headers.set("x-request-id", requestId);
      return refusal;
    }
  }

  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  return response;
}

function checkWriteAccess(authorization: string | null): Response | undefined {
  const token = process.env.API_TOKEN;
  if (!token) {
    if (process.env.NODE_ENV !== "production") return undefined;
    return jsonError(401, "unauthorized", "Writes are disabled: set API_TOKEN in the project's environment variables.");
  }
  const presented = authorization?.match(/^Bearer (.+)$/i)?.[1];
  if (!presented || !sameSecret(presented, token)) {
    return jsonError(401, "unauthorized", "Send the API token as `Authorization: Bearer <token>`.");
  }
  return undefined;
}

// Hashing first gives equal-length buffers, so the comparison time does not depend on the input.
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export const config = {
  matcher: "/api/:path*",
};
