import { runtimeName } from "@/lib/edge";

export const dynamic = "force-dynamic";

/** GET /api/health on the Node.js runtime (the default), beside the edge routes: where the heavier work goes. */
export function GET(): Response {
  return Response.json({ status: "ok", runtime: runtimeName(), region: process.env.VERCEL_REGION ?? "local" }, { headers: { "cache-control": "no-store" } });
}
