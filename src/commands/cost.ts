import { UsageError } from "../errors.js";
import type { Io } from "../cli/ui.js";

export async function run(_options: Record<string, unknown>, _io: Io): Promise<number> {
  throw new UsageError("'cost' is not built yet.");
}
