import { environmentError } from "./environment.js";
import type { Io } from "./ui.js";

interface StreamWatch {
  /** The code to exit with: a stdout or stderr that could not be written turns 0 (ok) or 1 (findings) into 2. */
  finish(code: number): number;
}

/**
 * A write to stdout or stderr that fails (a full disk, a terminal that went away) becomes one line
 * and exit 2, instead of an uncaught 'error' event with a stack trace and exit 1, which CI would read
 * as findings. A reader that closed the pipe early (`| head`, EPIPE) chose to stop reading: output
 * stops quietly and the exit code stays the verdict, so `set -o pipefail` still sees findings.
 */
export function watchStreams(io: Io, bin: string): StreamWatch {
  let broken = false;
  let finished = false;
  const exitCode = (code: number) => (broken && code < 2 ? 2 : code);
  const watch = (stream: NodeJS.WritableStream, name: "stdout" | "stderr") => {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || broken) return;
      broken = true;
      if (name === "stdout") {
        const line = environmentError(error, { action: "cannot write to", target: name })?.message ?? `cannot write to stdout: ${error.message}`;
        io.stderr.write(`${bin}: ${line}\n`);
        if (io.debug && error.stack) io.stderr.write(`${error.stack}\n`);
      }
      // Node reports a failed write a tick later, which may be after main() has set the exit code.
      if (finished) process.exitCode = exitCode(Number(process.exitCode ?? 0));
    });
  };
  watch(io.stdout, "stdout");
  watch(io.stderr, "stderr");
  return {
    finish(code) {
      finished = true;
      return exitCode(code);
    },
  };
}
