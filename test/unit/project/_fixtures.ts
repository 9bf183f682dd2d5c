import path from "node:path";
import { fileURLToPath } from "node:url";
import { discoverProject } from "../../../src/project/discover.js";
import type { FunctionInfo, Project } from "../../../src/project/types.js";

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/discovery");

export function fixture(name: string): string {
  return path.join(fixturesDir, name);
}

export async function discoverFixture(name: string): Promise<Project> {
  return discoverProject(fixture(name));
}

export function byId(project: Project, id: string): FunctionInfo {
  const fn = project.functions.find((f) => f.id === id);
  if (!fn) throw new Error(`no function ${id}; found: ${project.functions.map((f) => f.id).join(", ")}`);
  return fn;
}
