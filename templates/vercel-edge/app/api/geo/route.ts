import { geolocationOf, requestIdOf, runtimeName } from "@/lib/edge";

// The Edge runtime, on purpose: this template is for code that runs there. Next.js 16 deprecates it
// for routes, so `next build` warns; README, "Edge or Node.js", says why and how to move to Node.js
// (delete this line). The audit's deprecation note is silenced here for the same reason.
// coldstart-ignore-next-line next/edge-runtime-deprecated -- the edge runtime is this template's purpose (README)
export const runtime = "edge";
export const dynamic = "force-dynamic";

/** GET /api/geo: where the request came from, from Vercel's geolocation headers. Public. */
export function GET(request: Request): Response {
  return Response.json(
    { ...geolocationOf(request.headers), requestId: requestIdOf(request.headers), runtime: runtimeName() },
    // The answer depends on who asks: never cached by a shared cache.
    { headers: { "cache-control": "private, no-store" } },
  );
}
