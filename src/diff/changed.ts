import { realpathSync } from "node:fs";
import path from "node:path";
import type { Finding } from "../audit/types.js";
import type { FunctionInfo } from "../project/types.js";
import { openGit, resolveBase } from "./git.js";
import { changedLineSets, workingTreeChanges } from "./worktree.js";

/** Files whose change can change any function: settings, manifests, lockfiles, compiler options. */
const PROJECT_WIDE = /(?:^|\/)(?:coldstart\.config\.json|package\.json|package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml|yarn\.lock|bun\.lockb?|tsconfig(?:\.[^/]*)?\.json|jsconfig\.json)$/;

export interface ChangedScope {
  base: { ref: string; commit: string };
  /** Changed files, relative to the audited folder. */
  files: string[];
  select: (fn: FunctionInfo, reached: readonly string[]) => boolean;
  keep?: (finding: Finding) => boolean;
}

/**
 * What `audit --changed` audits: a function whose reachable first-party files, entry or declaring
 * config changed since the base, or every function when a project-wide file changed. With
 * `lines`, findings are kept only on changed lines (a new file is changed throughout).
 */
export async function changedScope(dir: string, ref: string | undefined, env: NodeJS.ProcessEnv, lines: boolean): Promise<ChangedScope> {
  const root = realpathSync(dir);
  const git = await openGit(root, env);
  const base = await resolveBase(git, ref, env);
  const top = realpathSync(git.top);
  const fromTop = (rel: string) => path.relative(root, path.join(top, rel)).split(path.sep).join("/");
  const changes = await workingTreeChanges(git, base.commit);
  const files = changes.files.map(fromTop);
  const changed = new Set(files);
  const everything = files.some((f) => PROJECT_WIDE.test(f));
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join("/");
  const scope: ChangedScope = {
    base,
    files,
    select: (fn, reached) => everything || changed.has(fn.config.file) || changed.has(rel(fn.entry)) || reached.some((abs) => changed.has(rel(abs))),
  };
  if (lines) {
    const byFile = new Map([...(await changedLineSets(git, changes))].map(([file, set]) => [fromTop(file), set]));
    scope.keep = (f: Finding) => changed.has(f.file) && (!byFile.has(f.file) || f.line === 0 || byFile.get(f.file)!.has(f.line));
  }
  return scope;
}
