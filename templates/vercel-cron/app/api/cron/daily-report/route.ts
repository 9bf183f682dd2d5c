import { dailyRunKey, isAuthorizedCron, log } from "@/lib/cron";
import { runStore } from "@/lib/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// The job's ceiling; vercel.json's functions entry sets the same for every API route.
export const maxDuration = {{timeout}};

const STATUS_URL = process.env.STATUS_URL ?? "https://www.vercel-status.com/api/v2/status.json";
const UPSTREAM_TIMEOUT_MS = Number(process.env.UPSTREAM_TIMEOUT_MS ?? 10_000);

/**
 * The daily job (vercel.json `crons`, 06:00 UTC). Vercel calls it with GET and the CRON_SECRET bearer
 * token; anything else gets 401. The run is claimed first, so a repeated delivery does nothing.
 */
export async function GET(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-vercel-id") ?? crypto.randomUUID();
  if (!isAuthorizedCron(request)) {
    log("warn", "cron call refused: missing or wrong CRON_SECRET", { requestId });
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }
  const key = dailyRunKey("daily-report");
  if (!(await runStore.claim(key))) {
    log("info", "already ran", { requestId, key });
    return Response.json({ status: "skipped", key, reason: "this run already happened" });
  }
  const started = Date.now();
  try {
    const response = await fetch(STATUS_URL, { signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS), headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`${STATUS_URL} answered ${response.status}`);
    const body = (await response.json()) as { status?: { indicator?: string; description?: string } };
    const result = { indicator: body.status?.indicator ?? "unknown", description: body.status?.description ?? "", durationMs: Date.now() - started };
    await runStore.complete(key, result);
    log("info", "daily report done", { requestId, key, ...result });
    return Response.json({ status: "done", key, result });
  } catch (error) {
    await runStore.release(key);
    log("error", "daily report failed", { requestId, key, durationMs: Date.now() - started, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return Response.json({ error: "job_failed", key, requestId }, { status: 500 });
  }
}
