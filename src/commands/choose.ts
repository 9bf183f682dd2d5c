import { colors, writeLine, type Io } from "../cli/ui.js";
import { decide, type Database, type Latency, type Workload } from "../choose/decide.js";
import { EXAMPLE_COMMAND, resolveAnswers, type PartialAnswers } from "../choose/defaults.js";
import { createCommand, renderDecision, targetFor } from "../choose/render.js";
import { UsageError } from "../errors.js";

interface ChooseOptions {
  workload?: Workload;
  maxDuration?: number;
  nodeApis?: boolean;
  db?: Database;
  latency?: Latency;
  yes?: boolean;
  format?: "pretty" | "json";
}

export async function run(options: Record<string, unknown>, io: Io): Promise<number> {
  const opts = options as ChooseOptions;
  const preset: PartialAnswers = {
    workload: opts.workload,
    maxDurationSeconds: opts.maxDuration,
    nodeApis: opts.nodeApis,
    db: opts.db,
    latency: opts.latency,
  };
  const format = opts.format ?? "pretty";
  // JSON goes to stdout for a program to read, so it never shares the stream with prompts.
  if (io.interactive && !opts.yes && format === "pretty") return runInteractive(io, preset);

  const resolved = resolveAnswers(preset);
  if ("missing" in resolved) {
    throw new UsageError(
      `choose cannot decide without --${resolved.missing.join(", --")} when it cannot prompt (no terminal, CI, --yes or --format json).`,
      { hint: `Example: ${EXAMPLE_COMMAND}` },
    );
  }
  const decision = decide(resolved.answers);
  if (format === "json") {
    writeLine(io.stdout, JSON.stringify({ ...decision, assumed: resolved.assumed }, null, 2));
    return 0;
  }
  writeLine(io.stdout, renderDecision(decision, resolved.assumed, colors(io)));
  const target = targetFor(decision.platform);
  writeLine(io.stdout);
  writeLine(io.stdout, target ? `Next: ${createCommand(target)}` : "coldstart does not scaffold long-lived servers; see the alternatives above.");
  return 0;
}

async function runInteractive(io: Io, preset: PartialAnswers): Promise<number> {
  const { askAnswers, showDecision, confirmCreate, prompts, streams } = await import("../choose/interactive.js");
  const s = streams(io);
  prompts.intro("coldstart choose: edge, serverless or a server?", s);
  const decision = decide(await askAnswers(io, preset));
  showDecision(io, decision);
  const target = targetFor(decision.platform);
  if (!target) {
    prompts.outro("A long-lived server fits this better than a function; coldstart does not scaffold servers. See the alternatives above.", s);
    return 0;
  }
  if (await confirmCreate(io, target)) {
    const { run: create } = await import("./create.js");
    return create({ target }, io);
  }
  prompts.outro(`When you are ready: ${createCommand(target)}`, s);
  return 0;
}
