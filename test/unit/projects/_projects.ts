import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { coldstart, repoRoot } from "../../e2e/_helpers.js";

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

/** Runs the built CLI; a missing dist/ is a setup problem, not a test result. */
export async function cli(args: string[]) {
  const run = await coldstart(args);
  const stderr = String(run.stderr);
  if (stderr.includes("ERR_MODULE_NOT_FOUND")) throw new Error(`dist/ is missing or being rebuilt: ${stderr}`);
  return { exitCode: run.exitCode, stdout: String(run.stdout), stderr };
}

