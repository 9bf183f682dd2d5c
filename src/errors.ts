/**
 * Typed errors thrown by the core. Only src/cli/main.ts turns them into a message and an exit code.
 * Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage/config/input/environment error,
 * 130 cancelled, 128+n stopped by signal n.
 */
export class CliError extends Error {
  readonly exitCode: number;
  /** One more line telling the user what to do next. */
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 2;
    this.hint = options.hint;
  }
}

/** Bad flags or arguments. */
export class UsageError extends CliError {}

/** An invalid coldstart.config.json, package.json#coldstart or --prices file. */
export class ConfigError extends CliError {}

/** The input (a project folder, a file) cannot be used. */
export class InputError extends CliError {}

/**
 * The machine refused a file operation: a full disk, no permission, a read-only place, a path too
 * long. Not a bug, so no "report it" line; src/cli/environment.ts words it.
 */
export class EnvironmentError extends CliError {}

/** The user cancelled a prompt (Ctrl-C, Ctrl-D), or a signal stopped the run (exit 128+n). */
export class CancelError extends CliError {
  constructor(message = "Cancelled. Nothing was written.", exitCode = 130) {
    super(message, { exitCode });
  }
}
