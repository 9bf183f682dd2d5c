import path from "node:path";
import { writeLine, type Io } from "../cli/ui.js";
import { parseFlags } from "../scaffold/options.js";
import { createProject } from "../scaffold/create.js";
import { formatTemplateList, loadTemplates } from "../scaffold/registry.js";
import { templatesRoot } from "../scaffold/templates.js";

export async function run(options: Record<string, unknown>, io: Io): Promise<number> {
  const flags = parseFlags(options);
  if (flags.list) {
    const templates = loadTemplates(templatesRoot()).map(({ name, platform, description }) => ({ name, platform, description }));
    writeLine(io.stdout, flags.json ? JSON.stringify(templates, null, 2) : formatTemplateList(templates));
    return 0;
  }
  // The example commands in messages should match what was typed: `npm create coldstart` runs bin/create-coldstart.js.
  const bin = path.basename(process.argv[1] ?? "") === "create-coldstart.js" ? "create-coldstart" : "coldstart";
  return createProject(flags, io, bin);
}
