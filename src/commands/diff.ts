import path from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { writeOutputFile } from "../cli/environment.js";
import { colors, writeLine, type Io } from "../cli/ui.js";
import type { Limit } from "../diff/limits.js";

interface DiffCommandOptions {
  dir?: string;
  base?: string;
  format?: "pretty" | "json" | "markdown";
  output?: string;
  config?: string;
  failOnIncrease?: Limit;
  maxSizeIncrease?: Limit;
}

/** Exit codes: 0 within every budget, 1 a budget exceeded (2 comes from typed errors). */
export async function run(raw: Record<string, unknown>, io: Io): Promise<number> {
  const options = raw as DiffCommandOptions;
  const { runDiff } = await import("../diff/run.js");
  const result = await runDiff({
    root: options.dir ?? ".",
    cwd: io.cwd,
    env: io.env,
    version: pkg.version,
    ...(options.base !== undefined ? { base: options.base } : {}),
    ...(options.config !== undefined ? { configPath: options.config } : {}),
    ...(options.failOnIncrease ? { failOnIncrease: options.failOnIncrease } : {}),
    ...(options.maxSizeIncrease ? { maxSizeIncrease: options.maxSizeIncrease } : {}),
  });
  const format = options.format ?? "pretty";
  const reports = await import("../diff/report-markdown.js");
  let text: string;
  if (format === "json") text = reports.renderDiffJson(result).trimEnd();
  else if (format === "markdown") text = reports.renderDiffMarkdown(result).trimEnd();
  else {
    const { renderDiffPretty } = await import("../diff/report-pretty.js");
    text = renderDiffPretty(result, colors({ color: io.color && !options.output }));
  }
  if (options.output) {
    await writeOutputFile(path.resolve(io.cwd, options.output), `${text}\n`);
    writeLine(io.stderr, `Wrote the ${format} diff to ${options.output}`);
  } else {
    writeLine(io.stdout, text);
  }
  return result.budgets.exceeded.length > 0 ? 1 : 0;
}
