import { appendFileSync } from "node:fs";
import path from "node:path";
import pkg from "../../package.json" with { type: "json" };
import type { CacheOptions } from "../audit/cache/store.js";
import { atOrAbove, withFindings } from "../audit/result.js";
import type { Severity } from "../audit/types.js";
import { environmentError, writeOutputFile } from "../cli/environment.js";
import { progressLine } from "../cli/progress.js";
import { isCi, type Io } from "../cli/ui.js";
import { UsageError } from "../errors.js";
import { gzipPrinted } from "../report/groups.js";
import { reporters, type Format } from "../report/index.js";

interface AuditCommandOptions {
  dir?: string;
  format?: Format;
  output?: string;
  failOn?: Severity | "never";
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  report?: Array<{ format: Format; file: string }>;
  verbose?: boolean;
  quiet?: boolean;
  maxWarnings?: number;
  rule?: string[];
  function?: string[];
  /** `--changed` alone is true; `--changed <ref>` is the ref. */
  changed?: boolean | string;
  changedLines?: boolean;
  /** False with `--no-cache`. */
  cache?: boolean;
  cacheDir?: string;
}

/** Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (2 comes from typed errors). */
export async function run(raw: Record<string, unknown>, io: Io): Promise<number> {
  const options = raw as AuditCommandOptions;
  const root = path.resolve(io.cwd, options.dir ?? ".");
  const failOn = options.failOn ?? "error";
  const { runAudit } = await import("../audit/engine.js");
  const { readBaseline, baselineText } = await import("../audit/baseline.js");
  const baseline = options.baseline ? readBaseline(path.resolve(io.cwd, options.baseline)) : undefined;
  if (options.changedLines && options.changed === undefined) throw new UsageError("--changed-lines only applies with --changed.");
  let scope;
  if (options.changed !== undefined) {
    const { changedScope } = await import("../diff/changed.js");
    scope = await changedScope(root, typeof options.changed === "string" ? options.changed : undefined, io.env, Boolean(options.changedLines));
  }
  const format: Format = options.format ?? "pretty";
  // A terminal watching stderr, and stdout not carrying a machine-readable report to it.
  const progress = progressLine(io, Boolean(io.stderr.isTTY) && !isCi(io.env) && !options.quiet && (format === "pretty" || options.output !== undefined));
  // Only the gzip sizes the reports written below print are measured (a GitHub Actions run adds the Markdown summary).
  const gzipFor = gzipPrinted([format, ...(options.report ?? []).map((r) => r.format), ...(io.env.GITHUB_ACTIONS === "true" ? ["markdown" as const] : [])], Boolean(options.verbose));
  let all;
  try {
    all = await runAudit({
      root,
      ...(scope ? { select: scope.select, ...(scope.keep ? { keep: scope.keep } : {}) } : {}),
      ...(options.config ? { configPath: path.resolve(io.cwd, options.config) } : {}),
      ...(baseline ? { baseline } : {}),
      ...(options.rule?.length ? { onlyRules: options.rule } : {}),
      ...(options.function?.length ? { onlyFunctions: options.function } : {}),
      ...(options.cache === false ? {} : { cache: cacheOptions(options, io) }),
      ...(gzipFor ? { gzipFor } : {}),
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.done();
  }
  const warnings = all.summary.bySeverity.warning;
  const result = options.quiet ? withFindings(all, all.findings.filter((f) => f.severity === "error")) : all;
  const hidden = options.quiet ? hiddenByQuiet(all) : undefined;

  if (io.debug) {
    const phases = Object.entries(result.summary.phases ?? {}).map(([name, ms]) => `${name} ${ms} ms`);
    io.stderr.write(`coldstart: ${phases.join(", ")}; total ${result.summary.durationMs} ms\n`);
  }
  if (scope) {
    const { skipped = 0, functions } = result.summary;
    io.stderr.write(
      `coldstart: --changed since ${scope.base.ref} (${scope.base.commit.slice(0, 7)}): ${scope.files.length} files changed; audited ${functions} of ${functions + skipped} functions, ${skipped} skipped as unchanged${options.changedLines ? "; findings on changed lines only" : ""}\n`,
    );
  }
  const pathPrefix = path.relative(io.env.GITHUB_WORKSPACE ?? io.cwd, root).split(path.sep).join("/");
  const fullReport = fullReportAt([...(options.output ? [{ format, file: options.output }] : []), ...(options.report ?? [])]);
  const render = async (as: Format, color: boolean) =>
    (await reporters[as]())(result, {
      color,
      version: pkg.version,
      verbose: options.verbose ?? false,
      ...(hidden ? { hidden } : {}),
      ...(fullReport ? { fullReport } : {}),
      ...(as === "pretty" && io.stdout.isTTY && !options.output && io.stdout.columns ? { width: io.stdout.columns } : {}),
      ...(pathPrefix && !pathPrefix.startsWith("..") ? { pathPrefix } : {}),
    });
  const report = await render(format, io.color && !options.output && format === "pretty");
  for (const extra of options.report ?? []) {
    await writeOutputFile(path.resolve(io.cwd, extra.file), await render(extra.format, false));
    io.stderr.write(`Wrote the ${extra.format} report to ${extra.file}\n`);
  }
  if (options.output) {
    await writeOutputFile(path.resolve(io.cwd, options.output), report);
    io.stderr.write(`Wrote the ${format} report to ${options.output}\n`);
  } else {
    io.stdout.write(report);
  }

  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (io.env.GITHUB_ACTIONS === "true" && options.format === undefined && summaryFile) {
    const md = (await reporters.markdown())(result, { ...(hidden ? { hidden } : {}), ...(fullReport ? { fullReport } : {}) });
    try {
      appendFileSync(summaryFile, `${md}\n`);
    } catch (error) {
      // A courtesy the user did not ask for: the report and the exit code above stand, so warn and go on.
      const problem = environmentError(error, { action: "could not append the summary to", target: `GITHUB_STEP_SUMMARY (${summaryFile})` });
      io.stderr.write(`coldstart: ${problem?.message ?? `could not append to GITHUB_STEP_SUMMARY: ${(error as NodeJS.ErrnoException).code ?? String(error)}`}\n`);
    }
  }

  if (options.writeBaseline) {
    await writeOutputFile(path.resolve(io.cwd, options.writeBaseline), baselineText(result.unfiltered));
    io.stderr.write(`Wrote ${result.unfiltered.length} findings to the baseline ${options.writeBaseline}\n`);
    // The baseline now accepts every current finding, so this run passes.
    return 0;
  }
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr.write(`coldstart: ${warnings} warnings, more than --max-warnings ${options.maxWarnings} allows\n`);
    return 1;
  }
  // The verdict judges every finding, those --quiet does not print included (the summary counts them).
  return all.findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
}

/** The cache between runs: where (`--cache-dir`), and with --verbose why it was not used or written. */
function cacheOptions(options: AuditCommandOptions, io: Io): CacheOptions {
  return {
    ...(options.cacheDir ? { dir: path.resolve(io.cwd, options.cacheDir) } : {}),
    ...(options.verbose ? { onNote: (message: string) => io.stderr.write(`coldstart: ${message}\n`) } : {}),
  };
}

function hiddenByQuiet(result: { summary: { bySeverity: Record<Severity, number> } }): string | undefined {
  const { warning, info } = result.summary.bySeverity;
  const parts = [...(warning ? [`${warning} warning${warning === 1 ? "" : "s"}`] : []), ...(info ? [`${info} info`] : [])];
  return parts.length > 0 ? `${parts.join(" and ")} not shown (--quiet)` : undefined;
}

/** Where this run wrote a report with every finding, for a report that leaves some out. */
function fullReportAt(written: Array<{ format: Format; file: string }>): string | undefined {
  const complete = written.filter((w) => w.format === "json" || w.format === "sarif" || w.format === "compact");
  return complete.length > 0 ? complete.map((w) => `\`${w.file}\` (${w.format})`).join(", ") : undefined;
}
