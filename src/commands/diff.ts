import path from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { writeOutputFile } from "../cli/environment.js";
import { colors, writeLine, type Io } from "../cli/ui.js";
import type { Limit } from "../diff/limits.js";

interface DiffCommandOptions {
  dir?: string;
  base?: string;
  format?: DiffFormat;
  output?: string;
  config?: string;
  failOnIncrease?: Limit;
  maxSizeIncrease?: Limit;
  report?: Array<{ format: DiffFormat; file: string }>;
}

type DiffFormat = "pretty" | "json" | "markdown";

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
  const render = async (as: DiffFormat, color: boolean) => {
    const reports = await import("../diff/report-markdown.js");
    if (as === "json") return reports.renderDiffJson(result).trimEnd();
    if (as === "markdown") return reports.renderDiffMarkdown(result).trimEnd();
    return (await import("../diff/report-pretty.js")).renderDiffPretty(result, colors({ color }));
  };
  const text = await render(format, io.color && !options.output);
  for (const extra of options.report ?? []) {
    await writeOutputFile(path.resolve(io.cwd, extra.file), `${await render(extra.format, false)}\n`);
    writeLine(io.stderr, `Wrote the ${extra.format} diff to ${extra.file}`);
  }
  if (options.output) {
    await writeOutputFile(path.resolve(io.cwd, options.output), `${text}\n`);
    writeLine(io.stderr, `Wrote the ${format} diff to ${options.output}`);
  } else {
    writeLine(io.stdout, text);
  }
  return result.budgets.exceeded.length > 0 ? 1 : 0;
}
