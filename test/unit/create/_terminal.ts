import { PassThrough, Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import type { Io } from "../../../src/cli/ui.js";

export const KEYS = { down: "\x1b[B", right: "\x1b[C", enter: "\r", ctrlC: "\x03", backspace: "\x7f" };

/**
 * A terminal clack can draw on: keystrokes are pushed into stdin, the screen is kept as plain text.
 * `expectPrompt` waits for a prompt to appear after the last one answered, then types.
 */
export function mockTerminal(overrides: Partial<Io> = {}) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  let screen = "";
  let onDraw = () => {};
  const stdout = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        screen += stripVTControlCharacters(String(chunk));
        onDraw();
        done();
      },
    }),
    { isTTY: true, columns: 100, rows: 40 },
  );
  let seen = 0;

  async function expectPrompt(text: string, ...keys: string[]): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`prompt "${text}" never appeared; screen:\n${screen.slice(seen)}`)), 5000);
      const check = () => {
        const at = screen.indexOf(text, seen);
        if (at < 0) return;
        seen = at + text.length;
        clearTimeout(timer);
        onDraw = () => {};
        resolve();
      };
      onDraw = check;
      check();
    });
    for (const key of keys) {
      stdin.write(key);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  const io: Io = {
    stdin,
    stdout,
    stderr: new PassThrough(),
    env: { PATH: process.env.PATH ?? "" },
    cwd: process.cwd(),
    interactive: true,
    color: false,
    debug: false,
    ...overrides,
  };
  return { io, expectPrompt, screen: () => screen };
}
