import { countryOf, requestIdOf, runtimeName } from "@/lib/edge";

// coldstart-ignore-next-line next/edge-runtime-deprecated -- the edge runtime is this template's purpose (README)
export const runtime = "edge";
export const dynamic = "force-dynamic";

/** GET /api/private/session: reached only through middleware.ts's bearer-token check. */
export function GET(request: Request): Response {
  return Response.json(
    { authorized: true, requestId: requestIdOf(request.headers), country: countryOf(request.headers), runtime: runtimeName() },
    { headers: { "cache-control": "private, no-store" } },
  );
}
