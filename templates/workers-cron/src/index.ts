import { fetchStatus, RUN_TTL_SECONDS, runId, type RunRecord } from "./check";
import { log, requestId } from "./log";

export default {
  /**
   * The Cron Trigger. Idempotent on the scheduled time: a repeated invocation for the same tick
   * returns without doing the work twice. A failure is thrown, so the run shows as failed in the
   * dashboard and in Workers Logs, with its run id.
   */
  async scheduled(controller, env): Promise<void> {
    const id = runId(controller);
    const fields = { runId: id, cron: controller.cron, scheduledTime: new Date(controller.scheduledTime).toISOString() };
    if ((await env.RUNS.get(id)) !== null) {
      log("info", "already ran for this scheduled time", fields);
      return;
    }
    const started = Date.now();
    try {
      const status = await fetchStatus(env.STATUS_URL, Number(env.UPSTREAM_TIMEOUT_MS));
      const record: RunRecord = { ...fields, ...status, durationMs: Date.now() - started };
      const text = JSON.stringify(record);
      await Promise.all([env.RUNS.put(id, text, { expirationTtl: RUN_TTL_SECONDS }), env.RUNS.put("latest", text)]);
      log("info", "status checked", { ...fields, indicator: status.indicator, durationMs: record.durationMs });
    } catch (error) {
      log("error", "status check failed", { ...fields, durationMs: Date.now() - started, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      throw error;
    }
  },

  /** GET /status: the latest run's result; GET /health. */
  async fetch(request, env): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== "GET") return Response.json({ error: "method_not_allowed" }, { status: 405, headers: { allow: "GET" } });
    if (url.pathname === "/health") return Response.json({ status: "ok" });
    if (url.pathname !== "/status") return Response.json({ error: "not_found" }, { status: 404 });
    const latest = await env.RUNS.get<RunRecord>("latest", "json");
    if (latest === null) return Response.json({ error: "no_run_yet", requestId: requestId(request) }, { status: 404 });
    return Response.json(latest, { headers: { "cache-control": "no-store" } });
  },
} satisfies ExportedHandler<Env>;
