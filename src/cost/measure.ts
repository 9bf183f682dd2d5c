import type { Io } from "../cli/ui.js";
import type { Project } from "../project/types.js";
import type { Measured } from "./assumptions.js";

export async function measureProject(_project: Project, _options: { runs: number; io: Io }): Promise<Map<string, Measured>> {
  throw new Error("not yet");
}
