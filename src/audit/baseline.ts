import { readFileSync } from "node:fs";
import { InputError } from "../errors.js";
import type { Finding } from "./types.js";

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  /** For people reading the file; not used for matching. */
  message?: string;
}

export interface Baseline {
  schemaVersion: 1;
  findings: BaselineEntry[];
}

export function readBaseline(file: string): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read the baseline ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(`${file} is not valid JSON; write a baseline with --write-baseline ${file}`);
  }
  const findings = (data as Partial<Baseline> | null)?.findings;
  const valid =
    Array.isArray(findings) &&
    findings.every((f) => typeof f?.ruleId === "string" && typeof f.file === "string" && typeof f.fingerprint === "string");
  if (!valid || (data as Baseline).schemaVersion !== 1) {
    throw new InputError(`${file} is not a coldstart baseline (expected schemaVersion 1 and findings[{ruleId, file, fingerprint}])`);
  }
  return findings;
}

/** The baseline file's text; the command writes it, so a refusal is worded at one place. */
export function baselineText(findings: Finding[]): string {
  const baseline: Baseline = {
    schemaVersion: 1,
    findings: findings.map((f) => ({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint ?? "", message: f.message })),
  };
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Drops findings present in the baseline (ruleId + file + fingerprint). */
export function filterBaseline(findings: Finding[], baseline: BaselineEntry[]): { kept: Finding[]; baselined: number } {
  const known = new Set(baseline.map((b) => `${b.ruleId}\0${b.file}\0${b.fingerprint}`));
  const kept = findings.filter((f) => !known.has(`${f.ruleId}\0${f.file}\0${f.fingerprint}`));
  return { kept, baselined: findings.length - kept.length };
}
