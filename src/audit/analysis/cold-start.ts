import type { FunctionInfo } from "../../project/types.js";
import type { BundleInfo } from "../types.js";
import { runtimeDef } from "../../platforms/index.js";

/**
 * A rough cold-start estimate: the platform's own start for an empty function plus the time to load
 * this function's code, each with its source. It is a model, not a measurement: `coldstart cost
 * --measure` or the platform's logs (Lambda `Init Duration`) give real figures.
 */
export interface ColdStartEstimate {
  lowMs: number;
  highMs: number;
  /** The platform's start for a hello-world function; null where no figure is published. */
  baseline: { lowMs: number; highMs: number; what: string; source: string } | null;
  /** Loading and evaluating the bundle: its minified MB times the per-MB range. */
  load: { lowMs: number; highMs: number; msPerMb: [number, number]; source: string };
  /** One line saying how the figure was made, printed with it. */
  model: string;
}

/**
 * Per-MB load cost of minified JavaScript, from the two measurements in reference/audit.md section 3:
 * +146,435 B of bundled SDK gave +23.2 ms of init (316,588 -> 463,023 B, 246.8 -> 270.0 ms), about
 * 158 ms/MB; a package going from 78 KB to 6 MB took cold starts from 750 to 1,200 ms, about 76 ms/MB.
 */
export const LOAD_MS_PER_MB: [number, number] = [76, 158];
export const LOAD_SOURCE = "76-158 ms per MB of minified code (perpil/sdk-577-thiccc-repro; MNeverOff/stripe-link-file-delivery 1.2.0)";

const LAMBDA_PERF = "maxday/lambda-perf hello-world Init Duration, data of 22 Aug 2026";
/** lambda-perf average Init Duration ranges over 128-1,024 MB, zip packages (reference/cost.md section 4). */
const LAMBDA_INIT: Record<string, Record<"arm64" | "x86_64", [number, number]>> = {
  "nodejs24.x": { arm64: [114, 124], x86_64: [131, 143] },
  "nodejs22.x": { arm64: [124, 130], x86_64: [137, 147] },
};

function baselineFor(fn: FunctionInfo): ColdStartEstimate["baseline"] {
  const isolate = runtimeDef(fn).isolateStart;
  if (isolate) return isolate;
  if (fn.lambda) {
    const runtime = fn.lambda?.runtime?.value;
    const arch = fn.lambda?.architecture ?? "x86_64";
    const row = runtime && LAMBDA_INIT[runtime] ? runtime : "nodejs22.x";
    const [lowMs, highMs] = LAMBDA_INIT[row]![arch];
    const note = row === runtime ? "" : ` (no figure for ${runtime ?? "an unset runtime"}; nodejs22.x used)`;
    return { lowMs, highMs, what: `Lambda ${row} ${arch} hello-world init${note}`, source: LAMBDA_PERF };
  }
  return null;
}

export function estimateColdStart(fn: FunctionInfo, bundle: BundleInfo): ColdStartEstimate {
  const mb = bundle.bytes / 1_000_000;
  const load = {
    lowMs: Math.round(mb * LOAD_MS_PER_MB[0]),
    highMs: Math.round(mb * LOAD_MS_PER_MB[1]),
    msPerMb: LOAD_MS_PER_MB,
    source: LOAD_SOURCE,
  };
  const baseline = baselineFor(fn);
  const lowMs = load.lowMs + (baseline?.lowMs ?? 0);
  const highMs = load.highMs + (baseline?.highMs ?? 0);
  const base = baseline
    ? `${baseline.what} ${baseline.lowMs}-${baseline.highMs} ms (${baseline.source})`
    : "the platform's own start (not published for Vercel Node.js functions; not included)";
  const missing = bundle.missingPackages.length > 0 ? `; packages not installed are not counted (${bundle.missingPackages.join(", ")})` : "";
  return {
    lowMs,
    highMs,
    baseline,
    load,
    model: `estimate = ${base} + code load at ${LOAD_SOURCE}${missing}`,
  };
}

export function formatEstimate(e: { lowMs: number; highMs: number }): string {
  if (e.highMs < 1) return "<1 ms";
  return e.lowMs === e.highMs ? `~${e.lowMs} ms` : `~${e.lowMs}-${e.highMs} ms`;
}
