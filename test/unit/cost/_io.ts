import { PassThrough } from "node:stream";
import type { Io } from "../../../src/cli/ui.js";

export function captureIo(cwd = process.cwd()) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += String(c)));
  stderr.on("data", (c) => (err += String(c)));
  const io: Io = { stdin: new PassThrough(), stdout, stderr, env: {}, cwd, interactive: false, color: false, debug: false };
  return { io, out: () => out, err: () => err };
}
