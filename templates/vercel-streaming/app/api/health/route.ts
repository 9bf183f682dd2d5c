export const dynamic = "force-dynamic";

/** Liveness, and whether the model API is configured (never the key itself). */
export function GET(): Response {
  const configured = Boolean(process.env.MODEL_API_KEY && process.env.MODEL);
  return Response.json(
    { status: "ok", model: configured ? "configured" : "missing", region: process.env.VERCEL_REGION ?? "local" },
    { headers: { "cache-control": "no-store" } },
  );
}
