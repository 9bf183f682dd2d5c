import type { ColdStartEstimate } from "../audit/analysis/cold-start.js";
import type { Finding } from "../audit/types.js";
import { fingerprintAll } from "../audit/fingerprint.js";
import type { ColdstartConfig } from "../config/schema.js";
import type { CostSettingsInput } from "./types.js";
import type { Platform } from "../project/types.js";

/** What one side of a diff measured for one function. */
export interface FunctionSnapshot {
  id: string;
  platform: Platform;
  bytes: number | null;
  gzipBytes: number | null;
  coldStart: { lowMs: number; highMs: number } | null;
  monthlyUsd: number | null;
}

export interface SnapshotFinding extends Finding {
  /** The file as both sides name it: installed packages relative to their node_modules. */
  key: string;
}

export interface Snapshot {
  functions: FunctionSnapshot[];
  findings: SnapshotFinding[];
  priceSources: Record<string, { source: string; asOf: string }>;
  coldStartModel: string | undefined;
}

/**
 * The base tree sits in a folder below the project so it resolves the head's installed packages;
 * its findings in them name `../../node_modules/x`. Both sides match them by `node_modules/x`.
 */
export function sharedFile(file: string): string {
  if (!file.startsWith("../")) return file;
  const at = file.indexOf("node_modules/");
  return at < 0 ? file : file.slice(at);
}

/**
 * Audits and prices one tree. Nothing of the project runs: discovery and the audit read files,
 * esbuild bundles them. A tree without functions (the project did not exist yet) is empty.
 */
export async function takeSnapshot(root: string, config: ColdstartConfig, cost: CostSettingsInput): Promise<Snapshot> {
  const { discoverProject } = await import("../project/discover.js");
  const { platformsOf } = await import("../config/platforms.js");
  const { runAudit } = await import("../audit/engine.js");
  const { buildCostReport } = await import("../cost/run.js");
  const project = await discoverProject(root, { platforms: platformsOf(config) });
  if (project.functions.length === 0) return { functions: [], findings: [], priceSources: {}, coldStartModel: undefined };
  const audit = await runAudit({ root, config, project, ...(cost.today ? { today: cost.today } : {}) });
  const { report } = buildCostReport({
    project,
    compare: false,
    memorySweep: false,
    needSweeps: false,
    settings: { flags: {}, cost: cost.config, vercelPlan: cost.vercelPlan, workersPlan: cost.workersPlan },
    prices: cost.prices,
  });
  const monthly = new Map(report.estimates.map((e) => [e.function, e.monthlyUsd]));
  const functions = audit.functions.map((fn) => ({
    id: fn.id,
    platform: fn.platform,
    bytes: fn.bundle?.bytes ?? null,
    gzipBytes: fn.bundle?.gzipBytes ?? null,
    coldStart: fn.coldStart ? { lowMs: fn.coldStart.lowMs, highMs: fn.coldStart.highMs } : null,
    monthlyUsd: monthly.get(fn.id) ?? null,
  }));
  const keyed = audit.findings.map((f) => ({ ...f, file: sharedFile(f.file) }));
  const excerpts = new Map(Object.entries(audit.excerpts).map(([file, lines]) => [sharedFile(file), lines]));
  const prints = fingerprintAll(keyed, (file, line) => excerpts.get(file)?.[line] ?? "");
  const priceSources = Object.fromEntries(Object.entries(report.prices).map(([p, s]) => [p, { source: s.source, asOf: s.asOf }]));
  return {
    functions,
    findings: keyed.map((f, n) => ({ ...f, key: prints[n]! })),
    priceSources,
    coldStartModel: coldStartSources(audit.functions.flatMap((fn) => (fn.coldStart ? [fn.coldStart] : []))),
  };
}

/** One line for every estimate's parts: each platform's empty-function start, then the load rate. */
function coldStartSources(estimates: ColdStartEstimate[]): string | undefined {
  if (estimates.length === 0) return undefined;
  const starts = [...new Set(estimates.flatMap((e) => (e.baseline ? [`${e.baseline.what} (${e.baseline.source})`] : [])))];
  return `${starts.length ? `${starts.join("; ")} + ` : ""}code load at ${estimates[0]!.load.source}`;
}
