export interface RunRecord {
  runId: string;
  cron: string;
  scheduledTime: string;
  indicator: string;
  description: string;
  durationMs: number;
}

// Runs are kept for a day: long enough to recognise a repeated delivery of the same scheduled time.
export const RUN_TTL_SECONDS = 24 * 3600;

/** One id per scheduled time and schedule: a second invocation for the same tick finds it and does nothing. */
export function runId(controller: Pick<ScheduledController, "cron" | "scheduledTime">): string {
  return `run:${controller.cron}:${new Date(controller.scheduledTime).toISOString()}`;
}

/** Reads a Statuspage-style JSON status, giving up after `timeoutMs` so a hung upstream cannot hold the run. */
export async function fetchStatus(url: string, timeoutMs: number): Promise<{ indicator: string; description: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const body = await response.json<{ status?: { indicator?: unknown; description?: unknown } }>();
  const { indicator, description } = body.status ?? {};
  if (typeof indicator !== "string" || typeof description !== "string") throw new Error(`${url} did not return a status`);
  return { indicator, description };
}
