export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok", region: process.env.VERCEL_REGION ?? "local" }, { headers: { "cache-control": "no-store" } });
}
