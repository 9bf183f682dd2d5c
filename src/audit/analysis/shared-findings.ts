import type { RawFinding } from "../types.js";

/**
 * Lists one more function on a finding a rule reports once for a shared module (the engine would
 * merge identical findings anyway; rules that analyse a file only once add the later ones here).
 */
export function alsoReachedBy(finding: RawFinding, fnId: string): void {
  const functions = finding.functions ?? (finding.function ? [finding.function] : []);
  if (!functions.includes(fnId)) finding.functions = [...functions, fnId];
}
