import pc from "picocolors";

/** Everything a command reads from or writes to the outside world, injectable for tests. */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Prompts are allowed: stdin and stdout are terminals and this is not CI. */
  interactive: boolean;
  color: boolean;
  debug: boolean;
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return (ci !== undefined && ci !== "" && ci !== "0" && ci !== "false") || env.GITHUB_ACTIONS === "true";
}

export function defaultIo(overrides: Partial<Io> = {}): Io {
  const env = overrides.env ?? process.env;
  const stdout = overrides.stdout ?? process.stdout;
  const stdin = overrides.stdin ?? process.stdin;
  const interactive = Boolean(stdin.isTTY) && Boolean(stdout.isTTY) && !isCi(env);
  const color =
    env.NO_COLOR === undefined && (env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== "0" : Boolean(stdout.isTTY));
  return {
    stdin,
    stdout,
    stderr: process.stderr,
    env,
    cwd: process.cwd(),
    interactive,
    color,
    debug: false,
    ...overrides,
  };
}

export type Colors = ReturnType<typeof pc.createColors>;

export function colors(io: Pick<Io, "color">): Colors {
  return pc.createColors(io.color);
}

export function writeLine(stream: NodeJS.WritableStream, text = ""): void {
  stream.write(`${text}\n`);
}
