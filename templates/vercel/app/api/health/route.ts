import { db, pingDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

const startedAt = Date.now();

/** Liveness plus the database's state; 503 only when a configured database does not answer. */
export async function GET(): Promise<Response> {
  const database = db ? await pingDatabase(db) : "disabled";
  const healthy = database !== "error";
  return Response.json(
    {
      status: healthy ? "ok" : "degraded",
      database,
      region: process.env.VERCEL_REGION ?? "local",
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      time: new Date().toISOString(),
    },
    { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
