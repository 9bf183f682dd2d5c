import { main } from "../../src/cli/main.js";
import { captureIo } from "./create/_helpers.js";

export interface MainRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs coldstart in this process through main(), the exit-code boundary bin/coldstart.js hands its
 * arguments to, as a child process with this environment would run it: output to a pipe, not a
 * terminal. For what a command does; what only a real process shows (its exit status, signals, a
 * terminal, a stack trace reaching stderr) stays with the built CLI (test/unit/cli, hostile, audit/cli).
 */
export async function runMain(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<MainRun> {
  const captured = captureIo({ cwd: options.cwd ?? process.cwd(), env: { ...process.env, ...options.env } });
  const exitCode = await main(args, { io: captured.io });
  process.exitCode = undefined;
  return { exitCode, stdout: captured.stdout(), stderr: captured.stderr() };
}
