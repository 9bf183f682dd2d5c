import { colors, writeLine, type Io } from "../cli/ui.js";

/** Where a create run tells the person what happens: plain lines, clack, or nothing but warnings (--json). */
export interface Reporter {
  info(text: string): void;
  success(text: string): void;
  warn(text: string): void;
  /** Starts a long step; the returned function ends it with a final line. */
  progress(text: string): (ok: boolean, text: string) => void;
  /** The closing summary; `ok` is false when a step failed and the steps include finishing it. */
  box(title: string, lines: string[], ok: boolean): void;
}

export function plainReporter(io: Io, renderBox: (title: string, lines: string[]) => string): Reporter {
  const c = colors(io);
  return {
    info: (text) => writeLine(io.stdout, text),
    success: (text) => writeLine(io.stdout, `${c.green("✔")} ${text}`),
    warn: (text) => writeLine(io.stderr, `${c.yellow("warning:")} ${text}`),
    progress(text) {
      writeLine(io.stdout, `${text}...`);
      return (ok, end) => writeLine(ok ? io.stdout : io.stderr, ok ? `${c.green("✔")} ${end}` : `${c.red("✖")} ${end}`);
    },
    box: (title, lines) => writeLine(io.stdout, `\n${renderBox(title, lines)}`),
  };
}

/** --json: stdout carries only the result; warnings still reach a person on stderr. */
export function jsonReporter(io: Io): Reporter {
  return {
    info: () => undefined,
    success: () => undefined,
    warn: (text) => writeLine(io.stderr, `warning: ${text}`),
    progress: () => (ok, text) => {
      if (!ok) writeLine(io.stderr, text);
    },
    box: () => undefined,
  };
}
