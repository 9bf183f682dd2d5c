import path from "node:path";
import { parseCfnYaml } from "./formats/cfn-yaml.js";
import { isRecord } from "./context.js";
import { listFiles, readText, type Problem } from "./files.js";
import type { Boundary } from "./source/boundary.js";
import { isWorkspaceMember, joinPatterns, packageJsonPatterns, pnpmPatterns } from "./source/workspace-members.js";
import { parseJsonc } from "./formats/jsonc.js";
import { failureMessage } from "./formats/limits.js";

/** Workspace patterns from package.json `workspaces` (array or `{ packages }`) and pnpm-workspace.yaml. */
export async function workspacePatterns(
  root: string,
  packageJson: Record<string, unknown> | undefined,
  problems: Problem[],
  boundary: Boundary,
): Promise<string[] | undefined> {
  let patterns = packageJsonPatterns(packageJson);
  const pnpm = await readText(path.join(root, "pnpm-workspace.yaml"), boundary);
  if (pnpm.ok) {
    // The bounded YAML reader of templates; pnpm files hold no CloudFormation tags for it to turn.
    const parsed = parseCfnYaml(pnpm.text);
    if (!parsed.ok) {
      problems.push({ message: failureMessage("pnpm-workspace.yaml", parsed, "is not valid YAML"), at: { file: "pnpm-workspace.yaml", line: parsed.line, ...(parsed.column > 0 ? { column: parsed.column } : {}) } });
    } else {
      patterns = joinPatterns(patterns, pnpmPatterns(parsed.doc.value));
    }
  }
  return patterns;
}

/** Folders (relative) holding a package.json that the workspace patterns select. */
export function selectWorkspaceDirs(packageDirs: string[], patterns: string[]): string[] {
  return packageDirs.filter((dir) => isWorkspaceMember(dir, patterns));
}

/** The packages of the workspace at `wsRoot`: [name, absolute folder] for each member with a name. */
export async function memberPackages(wsRoot: string, boundary: Boundary): Promise<Array<readonly [string, string]>> {
  const ignored: Problem[] = [];
  const rootPkg = await readPackageJson(path.join(wsRoot, "package.json"), ignored, "package.json", boundary);
  const patterns = await workspacePatterns(wsRoot, rootPkg, ignored, boundary);
  if (!patterns) return [];
  const { files } = listFiles(wsRoot, boundary);
  const dirs = selectWorkspaceDirs(files.filter((f) => path.posix.basename(f) === "package.json").map((f) => path.posix.dirname(f)), patterns);
  const out: Array<readonly [string, string]> = [];
  for (const dir of dirs) {
    const pkg = await readPackageJson(path.join(wsRoot, dir, "package.json"), ignored, `${dir}/package.json`, boundary);
    if (typeof pkg?.name === "string") out.push([pkg.name, path.join(wsRoot, dir)] as const);
  }
  return out;
}

export async function readPackageJson(abs: string, problems: Problem[], relFile: string, boundary: Boundary): Promise<Record<string, unknown> | undefined> {
  const result = await readText(abs, boundary);
  if (!result.ok) {
    if (!result.missing) problems.push({ message: result.message, at: { file: relFile, line: 0 } });
    return undefined;
  }
  const parsed = parseJsonc(result.text);
  if (!parsed.ok) {
    problems.push({ message: failureMessage("package.json", parsed, "is not valid"), at: { file: relFile, line: parsed.line, column: parsed.column } });
    return undefined;
  }
  return isRecord(parsed.doc.value) ? parsed.doc.value : undefined;
}

