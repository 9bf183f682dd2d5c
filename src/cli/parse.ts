import { InvalidArgumentError } from "commander";
import { FORMATS } from "../report/index.js";
import { COST_LIMIT_HELP, parseCostLimit, parseSizeLimit, SIZE_LIMIT_HELP, type Limit } from "../diff/limits.js";

/** Commander argument parsers: a bad value becomes a one-line usage error (exit 2). */
export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) <= 0) {
    throw new InvalidArgumentError(`expected a positive whole number, got "${value}".`);
  }
  return Number(value);
}

export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number of 0 or more, got "${value}".`);
  return Number(value);
}

/** A repeatable option's values, in order. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value.replace(/_/g, ""));
  if (value.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError(`expected a number of 0 or more, got "${value}".`);
  }
  return n;
}

/**
 * A number as typed, for options whose range is checked by the command (which knows the platforms
 * and prints the range): anything that does not read as a number is kept as the text typed.
 */
export function asTyped(value: string): number | string {
  const text = value.trim().replace(/_/g, "");
  const n = Number(text);
  return text === "" || (Number.isNaN(n) && text !== "NaN") ? value : n;
}

/** Like asTyped, and also 1M, 2.5k, 3B. */
export function countAsTyped(value: string): number | string {
  const m = /^\s*(-?[\d_.]+(?:e[+-]?\d+)?)\s*([kmb])?\s*$/i.exec(value);
  const n = m?.[1] === undefined ? Number.NaN : Number(m[1].replace(/_/g, ""));
  if (!m || Number.isNaN(n)) return asTyped(value);
  const scale = { k: 1e3, m: 1e6, b: 1e9 } as const;
  const suffix = m[2]?.toLowerCase() as keyof typeof scale | undefined;
  return suffix ? n * scale[suffix] : n;
}

/** "100k", "2.5M", "5000" -> a whole count from 1 to a trillion, else undefined. */
export function countOf(text: string): number | undefined {
  const n = countAsTyped(text);
  return typeof n === "number" && Number.isFinite(n) && n >= 1 && n <= 1e12 ? Math.round(n) : undefined;
}

/** A count of 1 or more (100k, 2.5M, 1e6), at most a trillion: a usage error otherwise. */
export function positiveCount(value: string): number {
  const n = countOf(value);
  if (n === undefined) throw new InvalidArgumentError(`expected a count from 1 to 1e12 such as 100000, 100k or 2.5M, got "${value}".`);
  return n;
}

const REPORT_FORMATS: string[] = FORMATS;
const DIFF_REPORT_FORMATS = ["pretty", "json", "markdown"];

function reportOf(value: string, formats: string[], previous: Array<{ format: string; file: string }>): Array<{ format: string; file: string }> {
  const eq = value.indexOf("=");
  const format = value.slice(0, Math.max(eq, 0));
  const file = value.slice(eq + 1);
  if (eq < 1 || !formats.includes(format) || file === "") {
    throw new InvalidArgumentError(`expected <format>=<file> with a format of ${formats.join(", ")}, got "${value}".`);
  }
  return [...previous, { format, file }];
}

/** `--report sarif=out.sarif`, repeatable: one run writes every report CI needs. */
export function collectReport(value: string, previous: Array<{ format: string; file: string }>): Array<{ format: string; file: string }> {
  return reportOf(value, REPORT_FORMATS, previous);
}

/** `diff --report markdown=comment.md`, repeatable. */
export function collectDiffReport(value: string, previous: Array<{ format: string; file: string }>): Array<{ format: string; file: string }> {
  return reportOf(value, DIFF_REPORT_FORMATS, previous);
}

/** `--fail-on-increase 10%` or `$5`. */
export function costLimit(value: string): Limit {
  const limit = parseCostLimit(value);
  if (!limit) throw new InvalidArgumentError(`expected ${COST_LIMIT_HELP}, got "${value}".`);
  return limit;
}

/** `--max-size-increase 10%` or `20kB`. */
export function sizeLimit(value: string): Limit {
  const limit = parseSizeLimit(value);
  if (!limit) throw new InvalidArgumentError(`expected ${SIZE_LIMIT_HELP}, got "${value}".`);
  return limit;
}
