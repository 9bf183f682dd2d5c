import type { Io } from "../cli/ui.js";
import { UsageError } from "../errors.js";
import type { Answers, CreateFlags } from "./options.js";
import type { Reporter } from "./reporter.js";

export async function promptAnswers(_flags: CreateFlags, _io: Io): Promise<Answers> {
  throw new UsageError("interactive mode is not ready yet; pass --yes with --target.");
}

export function clackReporter(_io: Io): Reporter {
  throw new UsageError("interactive mode is not ready yet; pass --yes with --target.");
}
