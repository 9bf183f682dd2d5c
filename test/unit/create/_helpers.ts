import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Io } from "../../../src/cli/ui.js";
import { main } from "../../../src/cli/main.js";

export const fixtureTemplates = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixture-templates");

export { tempDir } from "../_temp-dirs.js";

export interface Captured {
  io: Io;
  stdout: () => string;
  stderr: () => string;
}

/** An Io with in-memory streams; not interactive unless asked. */
export function captureIo(overrides: Partial<Io> = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on("data", (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on("data", (chunk: Buffer) => err.push(chunk.toString()));
  const io: Io = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { PATH: process.env.PATH ?? "" },
    cwd: process.cwd(),
    interactive: false,
    color: false,
    debug: false,
    ...overrides,
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

/** Every file under a folder, relative, sorted, with its contents. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, r);
      else files[r] = `${statSync(full).mode & 0o777}:${readFileSync(full, "base64")}`;
    }
  };
  walk(dir, "");
  return files;
}

/** Runs `coldstart create` in-process through main(), the one exit-code boundary. */
export async function create(args: string[], captured: Captured) {
  const code = await main(["create", ...args], { io: captured.io });
  process.exitCode = undefined;
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}
