import { PassThrough, Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import type { Io } from "../../../src/cli/ui.js";

export const KEY = { up: "\x1b[A", down: "\x1b[B", left: "\x1b[D", right: "\x1b[C", enter: "\r", ctrlC: "\x03" };

/** A fake terminal: keystrokes go in through `stdin`, everything drawn is kept as plain text. */
export function fakeTerminal() {
  const stdin = new PassThrough();
  let screen = "";
  const waiters: Array<{ text: string; from: number; resolve: () => void }> = [];
  const stdout = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        screen += stripVTControlCharacters(String(chunk));
        for (const w of [...waiters]) {
          if (screen.indexOf(w.text, w.from) >= 0) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
        done();
      },
    }),
    { isTTY: true, columns: 100, rows: 40 },
  );
  let cursor = 0;
  /** Waits until `text` is drawn (after the previous wait point), then types `keys`. */
  async function answer(text: string, ...keys: string[]): Promise<void> {
    const from = cursor;
    await new Promise<void>((resolve, reject) => {
      if (screen.indexOf(text, from) >= 0) return resolve();
      const timer = setTimeout(() => reject(new Error(`never saw "${text}"; screen:\n${screen}`)), 5000);
      waiters.push({ text, from, resolve: () => (clearTimeout(timer), resolve()) });
    });
    cursor = screen.indexOf(text, from) + text.length;
    for (const key of keys) {
      stdin.write(key);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const io: Io = {
    stdin: Object.assign(stdin, { isTTY: true, setRawMode: () => stdin }),
    stdout,
    stderr: new PassThrough(),
    env: {},
    cwd: process.cwd(),
    interactive: true,
    color: false,
    debug: false,
  };
  return { io, answer, screen: () => screen };
}
