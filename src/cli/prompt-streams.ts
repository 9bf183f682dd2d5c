import type { Readable, Writable } from "node:stream";
import type { Io } from "./ui.js";

/** What every clack prompt and message of a run gets. */
export interface PromptStreams {
  input: Readable;
  output: Writable;
  /** Aborted when the input ends: a prompt given it returns clack's cancel symbol. */
  signal: AbortSignal;
}

const ends = new WeakMap<object, AbortSignal>();

/**
 * Ctrl-D on an empty line makes readline close and pause the input, which clack does not notice:
 * the prompt would wait forever and Node would exit 13 without a word. A closed stdin is the same.
 * Both cancel the prompt instead (exit 130, "Cancelled."), and every later prompt of the run.
 */
export function promptStreams(io: Pick<Io, "stdin" | "stdout">): PromptStreams {
  return { input: io.stdin as unknown as Readable, output: io.stdout as unknown as Writable, signal: endOfInput(io.stdin) };
}

function endOfInput(input: NodeJS.ReadableStream): AbortSignal {
  const known = ends.get(input);
  if (known) return known;
  const abort = new AbortController();
  input.once("end", () => abort.abort());
  input.on("keypress", (_text: unknown, key: { ctrl?: boolean; name?: string } | undefined) => {
    // readline sees the key first: it closes on an empty line, and otherwise only deletes a character.
    if (key?.ctrl && key.name === "d") setImmediate(() => input.isPaused() && abort.abort());
  });
  ends.set(input, abort.signal);
  return abort.signal;
}
