import path from "node:path";
import { colors, writeLine, type Io } from "../cli/ui.js";
import { unifiedDiff } from "../add/diff.js";
import { planAdd } from "../add/index.js";
import { ADD_KINDS, type AddKind } from "../add/types.js";
import { writeChanges } from "../add/write.js";
import { UsageError } from "../errors.js";

export async function run(options: Record<string, unknown>, io: Io): Promise<number> {
  const kind = options.kind;
  if (typeof kind !== "string" || !(ADD_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown kind "${String(kind)}": expected ${ADD_KINDS.join(", ")}.`);
  const root = path.resolve(io.cwd, typeof options.dir === "string" ? options.dir : ".");
  const plan = await planAdd(root, kind as AddKind, typeof options.name === "string" ? options.name : undefined);
  const c = colors(io);
  if (options.dryRun) {
    for (const change of plan.changes) writeLine(io.stdout, unifiedDiff(change.path, change.before, change.after));
    writeLine(io.stdout, `Dry run: would change ${plan.changes.length} file${plan.changes.length === 1 ? "" : "s"} in the ${plan.project}. Nothing was written.`);
    return 0;
  }
  await writeChanges(root, plan.changes);
  for (const change of plan.changes) writeLine(io.stdout, `${c.green("✔")} ${change.before === undefined ? "created" : "updated"} ${change.path}`);
  for (const note of plan.notes) writeLine(io.stdout, `Next: ${note}`);
  return 0;
}
