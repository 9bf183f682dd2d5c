import { constants } from "node:os";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export interface Interrupt {
  /** Aborted, with the signal's name as its reason, when one of SIGNALS arrives. */
  signal: AbortSignal;
  /** 128 + the signal's number once interrupted (130, 143, 129), else undefined. */
  exitCode(): number | undefined;
  dispose(): void;
}

/**
 * While create writes, installs and commits, Ctrl-C, `kill` and a closed terminal all stop it the
 * same way: the current step winds down (the staging folder removed, the install or git child
 * stopped) instead of the process dying halfway, and the run exits 128+n.
 */
export function listenForInterrupts(): Interrupt {
  const abort = new AbortController();
  const handlers = SIGNALS.map((name) => [name, () => abort.abort(name)] as const);
  for (const [name, handler] of handlers) process.on(name, handler);
  return {
    signal: abort.signal,
    exitCode: () => (abort.signal.aborted ? interruptExitCode(abort.signal) : undefined),
    dispose: () => {
      for (const [name, handler] of handlers) process.removeListener(name, handler);
    },
  };
}

/** 128 + n for the signal that aborted `signal`; 130 (Ctrl-C) when the reason is not a signal name. */
export function interruptExitCode(signal: AbortSignal): number {
  const reason: unknown = signal.reason;
  const n = typeof reason === "string" ? constants.signals[reason as NodeJS.Signals] : undefined;
  return 128 + (n ?? constants.signals.SIGINT);
}
