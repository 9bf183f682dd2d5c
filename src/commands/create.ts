import path from "node:path";
import type { Io } from "../cli/ui.js";
import { parseFlags } from "../scaffold/options.js";
import { createProject } from "../scaffold/create.js";

export async function run(options: Record<string, unknown>, io: Io): Promise<number> {
  // The example commands in messages should match what was typed: `npm create coldstart` runs bin/create-coldstart.js.
  const bin = path.basename(process.argv[1] ?? "") === "create-coldstart.js" ? "create-coldstart" : "coldstart";
  return createProject(parseFlags(options), io, bin);
}
