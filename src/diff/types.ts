import type { Severity } from "../audit/types.js";
import type { CostConfig } from "../cost/config-schema.js";
import type { PriceTable, WorkersPlan } from "../cost/price-table.js";
import type { Platform } from "../project/types.js";

/** The same usage assumptions for both sides: the head's config. */
export interface CostSettingsInput {
  config: CostConfig | undefined;
  prices: PriceTable;
  vercelPlan?: "hobby" | "pro";
  workersPlan?: WorkersPlan;
  /** YYYY-MM-DD that date rules judge against (tests). */
  today?: string;
}

export interface BeforeAfter<T> {
  base: T;
  head: T;
}

export interface DiffFinding {
  /** Stable across line moves and across the two trees (see src/audit/fingerprint.ts). */
  fingerprint: string;
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
}

export type FunctionStatus = "added" | "removed" | "changed" | "unchanged";

export interface FunctionDiff {
  id: string;
  platform: Platform;
  status: FunctionStatus;
  /** Minified bytes (esbuild metafile); null where the function is absent or was not bundled. */
  sizeBytes: BeforeAfter<number | null>;
  gzipBytes: BeforeAfter<number | null>;
  /** Middle of the modelled cold-start range, ms (an estimate; see sources.coldStart). */
  coldStartMs: BeforeAfter<number | null>;
  coldStartRangeMs: BeforeAfter<[number, number] | null>;
  /** On the function's own platform, under the head's usage assumptions; null when not priced. */
  monthlyUsd: BeforeAfter<number | null>;
  findings: { added: DiffFinding[]; fixed: DiffFinding[] };
}

export interface BudgetBreach {
  /** "total" for the monthly total, else a function id. */
  scope: string;
  kind: "cost" | "size";
  /** As written: "10%", "$5", "20kB". */
  limit: string;
  /** Where the limit comes from: a flag or a config path. */
  from: string;
  base: number;
  head: number;
}

export interface DiffResult {
  schemaVersion: 1;
  tool: { name: "coldstart"; version: string };
  base: { ref: string; commit: string };
  head: { ref: string; commit: string; dirty: boolean };
  /** The audited folder, relative to the repository top ("." for the top). */
  dir: string;
  /** Added, removed and changed first, then unchanged; each group by the size of its change. */
  functions: FunctionDiff[];
  /** Findings that belong to no single function (configuration, shared files without a function). */
  findings: { added: DiffFinding[]; fixed: DiffFinding[] };
  totals: {
    monthlyUsd: BeforeAfter<number>;
    monthlyUsdByPlatform: Partial<Record<Platform, BeforeAfter<number>>>;
    sizeBytes: BeforeAfter<number>;
  };
  budgets: { checked: number; exceeded: BudgetBreach[] };
  /** Where each figure comes from. */
  sources: {
    size: string;
    coldStart: string;
    prices: Partial<Record<Platform, { source: string; asOf: string }>>;
    usage: string;
  };
}
