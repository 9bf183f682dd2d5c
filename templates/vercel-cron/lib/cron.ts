import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Vercel sends `Authorization: Bearer <CRON_SECRET>` with every cron invocation when the project has
 * a CRON_SECRET environment variable. Without one set, nothing is let through: a cron path is a
 * public URL, and anyone could otherwise trigger the job.
 */
export function isAuthorizedCron(request: Request, secret: string | undefined = process.env.CRON_SECRET): boolean {
  if (!secret) return false;
  const header = request.headers.get("authorization") ?? "";
  // Hash both sides: equal lengths for timingSafeEqual, and no timing hint about the secret's length.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(header), digest(`Bearer ${secret}`));
}

/** The run this invocation belongs to: one per UTC day for a daily schedule. */
export function dailyRunKey(job: string, now: Date = new Date()): string {
  return `${job}:${now.toISOString().slice(0, 10)}`;
}

/** One JSON line per event, with the request id Vercel gives the invocation. */
export function log(level: "info" | "warn" | "error", message: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
