/**
 * Runs one `cost --measure` child under coldstart's control:
 * 1. its own process group, so that everything it starts is stopped together, led by a small
 *    supervisor (coldstart's own code, no project code) that kills the group as soon as coldstart
 *    is gone, even when coldstart was killed with SIGKILL and the project's code blocks its thread;
 * 2. only the environment the caller gives, plus a run id that marks its descendants;
 * 3. on Linux, a hard cap on each process's writable memory (RLIMIT_DATA, set by util-linux's
 *    prlimit, which is executed directly from a fixed path: no shell, nothing from PATH);
 * 4. on Linux, a watchdog on the whole group's resident memory, every 100 ms;
 * 5. SIGTERM at the deadline, SIGKILL after a grace period;
 * 6. SIGKILL to the group, and to any process still carrying the run id, when the run ends, when
 *    coldstart exits, and when coldstart is interrupted (SIGINT, SIGTERM, SIGHUP).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { groupRssMb, processesWithEnv } from "./proc.js";

/** How the supervisor says the command ended by a signal. */
const SIGNAL_MARKER = "__COLDSTART_SIGNAL__";

export interface ContainOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  graceMs: number;
  /** Resident memory the group may use, in MB (above its baseline, once there is one). */
  memoryMb: number;
  /** RLIMIT_DATA of each process, in MB; unset when the runtime needs more address space than that. */
  dataLimitMb?: number;
  /**
   * Text the child prints on stderr once its runtime is up and before project code is loaded: the
   * memory in use then is the runtime's own, and `memoryMb` counts from there. Until then the
   * group may use `startupMemoryMb`.
   */
  baseline?: { marker: string; startupMemoryMb: number };
}

export interface Contained {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  elapsedMs: number;
  /** Why coldstart stopped the run, when it did. */
  stopped?: string;
}

/**
 * The group leader, run by coldstart's own Node with `-e`: starts the command, and kills the whole
 * group when its stdin (a pipe from coldstart) closes. SIGTERM at the deadline is for the command,
 * so the supervisor outlives it and reports how it ended: a signal as a line on stderr.
 */
const SUPERVISOR = `
const [command, ...args] = process.argv.slice(1);
process.on("SIGTERM", () => {});
process.stdin.on("end", () => process.kill(0, "SIGKILL"));
process.stdin.resume();
const child = require("node:child_process").spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
child.on("error", (e) => { process.stderr.write("could not start " + command + ": " + e.message + "\\n"); process.exit(127); });
child.on("exit", (code, signal) => {
  if (signal) process.stderr.write("\\n${SIGNAL_MARKER}" + signal + "\\n");
  process.exit(code ?? 128);
});
`;

const POLL_MS = 100;
const MAX_STDOUT = 16 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;
const PRLIMIT = ["/usr/bin/prlimit", "/bin/prlimit"].find((p) => process.platform === "linux" && existsSync(p));
const groups = process.platform !== "win32";

/** Process groups still running, and the run id in their environment. */
const live = new Map<number, string>();

function killGroup(pgid: number, signal: NodeJS.Signals, runEntry?: string): void {
  try {
    process.kill(groups ? -pgid : pgid, signal);
  } catch {
    // already gone
  }
  for (const pid of runEntry ? processesWithEnv(runEntry) : []) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

function killAll(): void {
  for (const [pgid, entry] of live) killGroup(pgid, "SIGKILL", entry);
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
function onSignal(signal: NodeJS.Signals): void {
  killAll();
  unwatch();
  // With our listener gone, the signal's default action ends coldstart with the usual status.
  process.kill(process.pid, signal);
}

function watch(pgid: number, entry: string): void {
  if (live.size === 0) {
    process.on("exit", killAll);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  live.set(pgid, entry);
}

function unwatch(pgid?: number): void {
  if (pgid !== undefined) live.delete(pgid);
  if (pgid !== undefined && live.size > 0) return;
  process.off("exit", killAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Keeps the last `max` bytes: the measurement is printed last. */
function tail(max: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk: Buffer) {
      chunks.push(chunk);
      size += chunk.length;
      while (size - (chunks[0]?.length ?? 0) >= max) size -= chunks.shift()!.length;
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
  };
}

export function runContained(command: string, args: string[], options: ContainOptions): Promise<Contained> {
  const runEntry = `COLDSTART_MEASURE_RUN=${randomUUID()}`;
  const env = { ...options.env, COLDSTART_MEASURE_RUN: runEntry.split("=")[1]! };
  const limited = PRLIMIT && options.dataLimitMb !== undefined;
  const [file, argv] = limited
    ? [PRLIMIT, [`--data=${Math.round(options.dataLimitMb! * 1024 * 1024)}`, "--core=0", "--", command, ...args]]
    : [command, args];
  const started = performance.now();
  const [lead, leadArgs] = groups ? [process.execPath, ["-e", SUPERVISOR, file, ...argv]] : [file, argv];
  const child = spawn(lead, leadArgs, { cwd: options.cwd, env, detached: groups, stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
  const out = tail(MAX_STDOUT);
  const err = tail(MAX_STDERR);
  let stopped: string | undefined;
  let limitMb = options.baseline ? options.baseline.startupMemoryMb : options.memoryMb;
  let baselineMb: number | undefined;
  let grace: NodeJS.Timeout | undefined;

  const pgid = child.pid;
  if (pgid !== undefined) watch(pgid, runEntry);
  const stop = (reason: string, signal: NodeJS.Signals) => {
    if (stopped !== undefined || pgid === undefined) return;
    stopped = reason;
    killGroup(pgid, signal);
    if (signal !== "SIGKILL") grace = setTimeout(() => killGroup(pgid, "SIGKILL", runEntry), options.graceMs);
  };
  const deadline = setTimeout(() => stop(`timed out after ${options.timeoutMs / 1000} s`, "SIGTERM"), options.timeoutMs);
  // The supervisor is coldstart's, not the function's: its memory is not counted.
  const rssNow = () => (pgid === undefined ? undefined : groupRssMb(pgid, groups ? pgid : undefined));
  const watchdog = setInterval(() => {
    const rss = rssNow();
    if (rss === undefined) return;
    if (rss > limitMb) {
      const over = baselineMb === undefined ? `${Math.round(limitMb)} MB` : `its ${options.memoryMb} MB (above the runtime's own ${Math.round(baselineMb)} MB)`;
      stop(`used ${Math.round(rss)} MB of memory, more than ${over}; stopped`, "SIGKILL");
    }
  }, POLL_MS);
  child.stdout.on("data", (c: Buffer) => out.add(c));
  let recent = "";
  child.stderr.on("data", (c: Buffer) => {
    err.add(c);
    const marker = options.baseline?.marker;
    if (!marker || baselineMb !== undefined) return;
    // Read as it arrives, before later output (the project's) can push it out of the kept tail.
    recent = (recent + c.toString("latin1")).slice(-(marker.length + c.length));
    const rss = recent.includes(marker) ? rssNow() : undefined;
    if (rss === undefined) return;
    baselineMb = rss;
    limitMb = rss + options.memoryMb;
  });
  child.stdin.on("error", () => {});

  return new Promise((resolve) => {
    let done = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(grace);
      clearInterval(watchdog);
      // The run is over: whatever it started goes with it.
      if (pgid !== undefined) {
        killGroup(pgid, "SIGKILL", runEntry);
        unwatch(pgid);
      }
      const elapsedMs = performance.now() - started;
      // A process outside the group could hold the pipes open; do not wait for it.
      const closed = new Promise((r) => child.once("close", r));
      void Promise.race([closed, new Promise((r) => setTimeout(r, 2000).unref())]).then(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        child.stdin.destroy();
        const said = err.text();
        const ended = new RegExp(`\\n${SIGNAL_MARKER}(SIG[A-Z0-9]+)\\n$`).exec(said);
        const stderr = ended ? said.slice(0, ended.index) : said;
        resolve({ stdout: out.text(), stderr, exitCode, signal: (ended?.[1] as NodeJS.Signals | undefined) ?? signal, elapsedMs, ...(stopped ? { stopped } : {}) });
      });
    };
    child.once("exit", finish);
    child.once("error", (error) => {
      stopped ??= `could not be started: ${error.message}`;
      finish(null, null);
    });
  });
}

/**
 * How a run's memory was held, for the line that says where a measurement came from. Only Linux has
 * the /proc watchdog; elsewhere only V8's heap limit (Node functions) applies.
 */
export function memoryNote(memoryMb: number, how: { heap: boolean; above?: string }): string {
  if (process.platform === "linux") return `limited to ${memoryMb} MB${how.above ? ` ${how.above}` : ""}`;
  return how.heap ? `V8 heap limited to ${memoryMb} MB; other memory is not limited on ${process.platform}` : `memory not limited on ${process.platform}`;
}
