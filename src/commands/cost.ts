import path from "node:path";
import { writeOutputFile } from "../cli/environment.js";
import { colors, writeLine, type Io } from "../cli/ui.js";
import type { CostOptions } from "../cost/project-cost.js";

interface CostCommandOptions extends CostOptions {
  format?: "pretty" | "json" | "markdown";
  verbose?: boolean;
  html?: string;
  output?: string;
}

export async function run(options: Record<string, unknown>, io: Io): Promise<number> {
  const opts = options as unknown as CostCommandOptions;
  const { projectCost } = await import("../cost/project-cost.js");
  const { report, sweeps } = await projectCost({ ...opts, needSweeps: opts.html !== undefined }, io.cwd, io);

  const format = opts.format ?? "pretty";
  let text: string;
  if (format === "json") {
    text = (await import("../cost/report-markdown.js")).renderJson(report);
  } else if (format === "markdown") {
    text = (await import("../cost/report-markdown.js")).renderMarkdown(report);
  } else {
    const toFile = opts.output !== undefined;
    text = (await import("../cost/report-pretty.js")).renderPretty(report, colors({ color: io.color && !toFile }), { verbose: opts.verbose });
  }
  if (opts.output) {
    await writeOutputFile(path.resolve(io.cwd, opts.output), `${text}\n`);
    writeLine(io.stderr, `Wrote the ${format} report to ${opts.output}`);
  } else {
    writeLine(io.stdout, text);
  }
  if (opts.html) {
    const { renderHtml } = await import("../cost/report-html.js");
    await writeOutputFile(path.resolve(io.cwd, opts.html), renderHtml(report, sweeps));
    writeLine(io.stderr, `Wrote the HTML report to ${opts.html}`);
  }
  return 0;
}
