import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../e2e/_helpers.js";

export const projectsDir = path.join(repoRoot, "fixtures/projects");

export interface ExpectedFinding {
  ruleId: string;
  severity: "error" | "warning" | "info";
  file: string;
  line: number;
  column: number;
  function: string;
  /** Every function that reaches a problem in a shared module, when several do (one finding for all). */
  functions?: string[];
}

export interface RealisticProject {
  name: string;
  dir: string;
  expected: ExpectedFinding[];
}

/** Every fixtures/projects/<name>/ that states its findings in expected.json. */
export function realisticProjects(): RealisticProject[] {
  return readdirSync(projectsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(projectsDir, e.name, "expected.json")))
    .map((e) => {
      const dir = path.join(projectsDir, e.name);
      const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as ExpectedFinding[];
      return { name: e.name, dir, expected };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs coldstart in-process (see ../_main.ts): what these tests check is the reports, not the process. */
export { runMain as cli } from "../_main.js";
