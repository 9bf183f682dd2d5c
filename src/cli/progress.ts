import type { AuditProgress } from "../audit/engine.js";
import type { Io } from "./ui.js";

/** Nothing is shown for a run shorter than this. */
const DELAY_MS = 1000;
const EVERY_MS = 100;

export interface Progress {
  update(progress: AuditProgress): void;
  /** Clears the line; call before anything else is written. */
  done(): void;
}

const NONE: Progress = { update: () => undefined, done: () => undefined };

function describe(p: AuditProgress): string {
  if (p.phase === "discovering") return "discovering functions…";
  if (p.phase === "bundling") return `bundling ${p.done}/${p.total} functions…`;
  return `checking ${p.done + 1}/${p.total} rules (${p.rule})…`;
}

/**
 * One line on stderr, rewritten in place, once a run passes a second: the phase and its counts.
 * Only on a terminal (never in a CI log or a file), and never on stdout. `done` erases it.
 */
export function progressLine(io: Pick<Io, "stderr" | "env">, enabled: boolean, clock: () => number = () => performance.now()): Progress {
  if (!enabled) return NONE;
  const started = clock();
  let current: AuditProgress = { phase: "discovering" };
  let lastWrite = -Infinity;
  let shown = false;
  const write = () => {
    const columns = io.stderr.columns || 80;
    const text = `coldstart: ${describe(current)}`.slice(0, Math.max(10, columns - 1));
    io.stderr.write(`\r\x1b[K${text}`);
    shown = true;
    lastWrite = clock();
  };
  // Tests shorten the wait (a run fast enough to finish first would show nothing to test).
  const after = Number(io.env.COLDSTART_PROGRESS_AFTER_MS);
  const timer = setTimeout(write, Number.isFinite(after) && after >= 0 ? after : DELAY_MS);
  timer.unref();
  return {
    update(progress) {
      current = progress;
      const now = clock();
      if (now - started >= DELAY_MS && now - lastWrite >= EVERY_MS) write();
    },
    done() {
      clearTimeout(timer);
      if (shown) io.stderr.write("\r\x1b[K");
    },
  };
}
