import { colors, writeLine, type Io } from "../cli/ui.js";
import { handOffFor } from "../choose/available.js";
import { decide, type Database, type Latency, type Workload } from "../choose/decide.js";
import { EXAMPLE_COMMAND, resolveAnswers, type PartialAnswers } from "../choose/defaults.js";
import { createCommand, renderDecision } from "../choose/render.js";
import { UsageError } from "../errors.js";

interface ChooseOptions {
  workload?: Workload;
  maxDuration?: number;
  nodeApis?: boolean;
  nativeModules?: boolean;
  db?: Database;
  latency?: Latency;
  volume?: number;
  yes?: boolean;
  format?: "pretty" | "json";
}

export async function run(options: Record<string, unknown>, io: Io): Promise<number> {
  const opts = options as ChooseOptions;
  const preset: PartialAnswers = {
    workload: opts.workload,
    maxDurationSeconds: opts.maxDuration,
    nodeApis: opts.nodeApis,
    nativeModules: opts.nativeModules,
    db: opts.db,
    latency: opts.latency,
    monthlyInvocations: opts.volume,
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
  const handOff = handOffFor(decision);
  if (format === "json") {
    const { runtime, platform, reasons, alternatives, cost } = decision;
    const template = handOff && { name: handOff.template, target: handOff.target, skipped: handOff.skipped, change: handOff.change ?? null };
    writeLine(io.stdout, JSON.stringify({ runtime, platform, reasons, alternatives, assumed: resolved.assumed, template, cost: cost ?? null }, null, 2));
    return 0;
  }
  writeLine(io.stdout, renderDecision(decision, resolved.assumed, colors(io), handOff ?? undefined));
  writeLine(io.stdout);
  writeLine(io.stdout, handOff ? `Next: ${createCommand(handOff)}` : "coldstart does not scaffold long-lived servers; see the alternatives above.");
  return 0;
}

async function runInteractive(io: Io, preset: PartialAnswers): Promise<number> {
  const { askAnswers, showDecision, confirmCreate, prompts, streams } = await import("../choose/interactive.js");
  const s = streams(io);
  prompts.intro("coldstart choose: edge, serverless or a server?", s);
  const decision = decide(await askAnswers(io, preset));
  const handOff = handOffFor(decision);
  showDecision(io, decision, handOff);
  if (!handOff) {
    prompts.outro("A long-lived server fits this better than a function; coldstart does not scaffold servers. See the alternatives above.", s);
    return 0;
  }
  if (await confirmCreate(io, handOff)) {
    const { run: create } = await import("./create.js");
    return create({ template: handOff.template }, io);
  }
  prompts.outro(`When you are ready: ${createCommand(handOff)}`, s);
  return 0;
}
