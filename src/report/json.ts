import type { AuditResult } from "../audit/result.js";
import type { ReportOptions, Reporter } from "./shared.js";
import { TOOL_NAME } from "./shared.js";

/** What `audit --format json` prints and the Node API's `audit()` returns: one shape for both. */
export type AuditReport = ReturnType<typeof auditReport>;

/** The stable contract other tools build on (schemaVersion 1): add fields, never rename them. */
export function auditReport(result: AuditResult, options: ReportOptions = {}) {
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: options.version ?? "0.0.0" },
    root: result.root,
    functions: result.functions.map((fn) => ({
      id: fn.id,
      platform: fn.platform,
      runtime: fn.runtime,
      entry: fn.entry,
      config: { file: fn.config.file, line: fn.config.line },
      ...(fn.framework ? { framework: fn.framework } : {}),
      ...(fn.handlers ? { handlers: fn.handlers } : {}),
      ...(fn.deployUnit ? { deployUnit: fn.deployUnit } : {}),
      ...(fn.host ? { host: fn.host } : {}),
      bundle: fn.bundle
        ? {
            bytes: fn.bundle.bytes,
            gzipBytes: fn.bundle.gzipBytes,
            topInputs: fn.bundle.topInputs.map((i) => ({ path: i.path, bytes: i.bytes })),
            packages: fn.bundle.packages.slice(0, 10).map((p) => ({ name: p.name, bytes: p.bytes })),
            // Not read, so not checked: see unreadLines in shared.ts for what each kind hides.
            missingPackages: fn.bundle.missingPackages,
            ...(fn.bundle.unreadOwnPackages ? { unreadOwnPackages: fn.bundle.unreadOwnPackages } : {}),
            ...(fn.bundle.unresolvedAliases ? { unresolvedAliases: fn.bundle.unresolvedAliases } : {}),
            ...(fn.bundle.deployOptions ? { deployOptions: fn.bundle.deployOptions } : {}),
          }
        : null,
      ...(fn.coldStart ? { coldStart: { ...fn.coldStart, estimate: true } } : {}),
    })),
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      function: f.function ?? null,
      ...(f.functions ? { functions: f.functions } : {}),
      ...(f.chain ? { chain: f.chain } : {}),
      ...(f.fix ? { fix: f.fix } : {}),
    })),
    notes: result.notes.map((n) => ({ message: n.message, file: n.file, line: n.line })),
    // Plans read from the project where the config sets none (crons more often than daily need Vercel Pro).
    plans: result.plans ?? [],
    summary: {
      functions: result.summary.functions,
      files: result.summary.files,
      findings: result.summary.findings,
      errors: result.summary.bySeverity.error,
      warnings: result.summary.bySeverity.warning,
      infos: result.summary.bySeverity.info,
      byRule: result.summary.byRule,
      suppressed: result.summary.suppressed,
      baselined: result.summary.baselined,
      ...(result.summary.skipped !== undefined ? { skipped: result.summary.skipped } : {}),
      durationMs: result.summary.durationMs,
    },
  };
}

export const json: Reporter = (result, options = {}) => `${JSON.stringify(auditReport(result, options), null, 2)}\n`;
