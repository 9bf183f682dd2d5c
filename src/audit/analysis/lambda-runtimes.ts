/**
 * Lambda Node.js runtime lifecycle dates (reference/audit.md section 1c, from the English page
 * docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html; translated pages carry older nodejs20.x dates).
 */
export interface RuntimeDates {
  id: string;
  /** AWS stops security patches and support. */
  deprecation: string;
  /** New functions can no longer be created on it. */
  blockCreate: string;
  /** Existing functions can no longer be updated on it. */
  blockUpdate: string;
}

export const NODE_RUNTIMES: readonly RuntimeDates[] = [
  { id: "nodejs24.x", deprecation: "2028-04-30", blockCreate: "2028-06-01", blockUpdate: "2028-07-01" },
  { id: "nodejs22.x", deprecation: "2027-04-30", blockCreate: "2027-06-01", blockUpdate: "2027-07-01" },
  { id: "nodejs20.x", deprecation: "2026-04-30", blockCreate: "2026-08-31", blockUpdate: "2026-09-30" },
  { id: "nodejs18.x", deprecation: "2025-09-01", blockCreate: "2026-02-03", blockUpdate: "2026-03-09" },
];

/** The oldest runtime in the table: Node runtimes older than it were deprecated before it. */
export const OLDEST_LISTED = NODE_RUNTIMES[NODE_RUNTIMES.length - 1]!;

/** Major Node version of a Lambda runtime id (`nodejs20.x` -> 20, `nodejs8.10` -> 8), or undefined for other languages. */
export function nodeMajor(runtime: string): number | undefined {
  const m = /^nodejs(\d+)(?:\.(?:x|\d+))?$/.exec(runtime.trim());
  return m ? Number(m[1]) : undefined;
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The newest runtime whose deprecation date is after `today` (the one to move to). */
export function currentRuntime(today: string): RuntimeDates {
  return [...NODE_RUNTIMES].sort((a, b) => b.deprecation.localeCompare(a.deprecation)).find((r) => r.deprecation > today) ?? NODE_RUNTIMES[0]!;
}
