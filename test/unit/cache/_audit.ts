import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runAudit, type AuditOptions } from "../../../src/audit/engine.js";
import type { AuditResult } from "../../../src/audit/result.js";
import { json } from "../../../src/report/json.js";

export const TODAY = "2026-12-01";

export function cacheDir(): string {
  return mkdtempSync(path.join(tmpdir(), "coldstart-cache-"));
}

/** The JSON report of an audit (or its error's message), without the one run-specific figure, and how the run went. */
export async function report(root: string, options: Partial<AuditOptions> = {}): Promise<{ text: string; hit: boolean; result?: AuditResult }> {
  let result: AuditResult;
  try {
    result = await runAudit({ root, today: TODAY, ...options });
  } catch (error) {
    return { text: `error: ${error instanceof Error ? error.message : String(error)}`, hit: false };
  }
  const text = json(result, { version: "test" }).replace(/\n {4}"durationMs": \d+\n/, "\n");
  return { text, hit: result.summary.phases?.["cache hit"] !== undefined, result };
}
