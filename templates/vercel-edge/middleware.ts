import { NextResponse, type NextRequest } from "next/server";
import { countryList, countryOf, jsonError, requestIdOf, sameSecret } from "@/lib/edge";

/**
 * Runs before every /api request, on the Edge runtime: the default for `middleware.ts`, which is
 * why this file keeps that name. Next.js 16 renamed middleware to `proxy.ts`, but a proxy always
 * runs on Node.js; Next.js's docs say to keep `middleware.ts` for middleware that relies on the Edge
 * runtime (README, "Edge or Node.js"). It uses Web APIs only, so renaming it to proxy.ts (and the
 * function to `proxy`) is all a move to Node.js takes.
 *
 * 1. Gives each request an id, passed to the route and echoed on the response.
 * 2. Refuses countries listed in BLOCKED_COUNTRIES with 451, from Vercel's geolocation header.
 * 3. Lets a request into /api/private only with `Authorization: Bearer <API_TOKEN>`; while
 *    API_TOKEN is unset, /api/private is closed (503), never open.
 */
export async function middleware(request: NextRequest): Promise<Response> {
  const requestId = requestIdOf(request.headers);
  const answer = (response: Response) => {
    response.headers.set("x-request-id", requestId);
    return response;
  };

  const country = countryOf(request.headers);
  if (country && countryList(process.env.BLOCKED_COUNTRIES).has(country)) {
    log("warn", "refused by country", { requestId, country, path: request.nextUrl.pathname });
    return answer(jsonError(451, "unavailable_in_country", `This API is not available in ${country}.`));
  }

  if (request.nextUrl.pathname === "/api/private" || request.nextUrl.pathname.startsWith("/api/private/")) {
    const token = process.env.API_TOKEN;
    if (!token) {
      log("error", "API_TOKEN is not set: /api/private is closed", { requestId });
      return answer(jsonError(503, "not_configured", "Set API_TOKEN in the project's environment variables to open /api/private."));
    }
    const presented = /^Bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (!presented || !(await sameSecret(presented, token))) {
      log("warn", "refused: missing or wrong bearer token", { requestId, path: request.nextUrl.pathname });
      return answer(jsonError(401, "unauthorized", "Send the API token as `Authorization: Bearer <token>`."));
    }
  }

  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  return answer(NextResponse.next({ request: { headers } }));
}

export const config = {
  matcher: "/api/:path*",
};

function log(level: "warn" | "error", message: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.warn(line);
}
