import { CommanderError } from "commander";
import pkg from "../../package.json" with { type: "json" };
import { printable } from "../report/escape.js";
import { CliError } from "../errors.js";
import { environmentError } from "./environment.js";
import { createProgram } from "./program.js";
import { watchStreams } from "./streams.js";
import { defaultIo, type Io } from "./ui.js";

export const VERSION: string = pkg.version;

export interface MainOptions {
  /** The name the user typed, for messages (`create-coldstart` for `npm create coldstart`). */
  bin?: string;
  io?: Partial<Io>;
}

/**
 * The one exit-code boundary: runs a command, turns typed errors into a one-line message, and
 * sets process.exitCode. Returns the code too, for tests that call it in-process.
 */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const args = normalizeArgv(argv);
  const debug = args.includes("--debug");
  const io = defaultIo({ debug, ...options.io });
  if (args.includes("--no-color")) io.color = false;
  const bin = options.bin ?? "coldstart";
  const streams = watchStreams(io, bin);
  let code = 0;

  const program = createProgram(io, VERSION, (result) => {
    code = result;
  });
  const helpFor = (name: string) => (name === "coldstart" || bin === "create-coldstart" ? `${bin} --help` : `coldstart ${name} --help`);
  for (const cmd of [program, ...program.commands]) {
    cmd.exitOverride();
    cmd.configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => {
        const line = s.replace(/^error:\s*/i, "").replace(/\s*\n\s*/g, " ").trim();
        write(`${bin}: ${line.replace(/\.$/, "")}. Run '${helpFor(cmd.name())}' for usage.\n`);
      },
    });
  }
  if (args.length === 0) {
    io.stderr.write(program.helpInformation());
  } else {
    try {
      await program.parseAsync(args, { from: "user" });
    } catch (error) {
      code = report(error, io, bin);
    }
  }
  // A failed write to stdout or stderr is reported on the next tick: let it arrive before deciding.
  await new Promise((resolve) => setImmediate(resolve));
  process.exitCode = streams.finish(args.length === 0 ? 2 : code);
  return process.exitCode;
}

function report(raw: unknown, io: Io, bin: string): number {
  // The user's machine refusing a file (full disk, permissions, read-only) is not a bug: one line, exit 2.
  // A typed error already says it in its own words, even when an errno error is its cause.
  const error = raw instanceof CliError ? raw : (environmentError(raw) ?? raw);
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed what they had to.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
      return 0;
    }
    return 2;
  }
  if (error instanceof CliError) {
    // Messages quote project paths and config values: shown, never obeyed, by the terminal.
    if (error.message) io.stderr.write(`${bin}: ${printable(error.message)}\n`);
    if (error.hint) io.stderr.write(`${printable(error.hint, true)}\n`);
    const stack = raw instanceof Error ? raw.stack : undefined;
    if (io.debug && stack && error.message) io.stderr.write(`${stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${bin}: internal error: ${printable(message)}\n`);
  if (io.debug && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
  } else {
    io.stderr.write("Run again with --debug for the stack trace, and report it at https://github.com/coldstart-dev/coldstart/issues\n");
  }
  return 2;
}

/**
 * `npm create coldstart -- --target workers` may hand us a stray `--`: drop a `--` that is
 * followed by an option, so it does not turn every later flag into a positional argument.
 */
export function normalizeArgv(argv: string[]): string[] {
  return argv.filter((arg, i) => !(arg === "--" && (argv[i + 1]?.startsWith("-") ?? true)));
}

export { enableCompileCache } from "./compile-cache.js";
