/**
 * Which folders a workspace's patterns (package.json `workspaces`, pnpm-workspace.yaml `packages`)
 * make members: included by a pattern and excluded by none of the `!` ones. Shared by discovery and
 * the boundary, which gives a folder its workspace's files only when the workspace lists it.
 */
import { matchesGlob } from "./glob.js";

const clean = (p: string) => p.replace(/^\.\//, "").replace(/\/+$/, "");

/** Whether `dir` (relative to the workspace root, "/"-separated) is a member. */
export function isWorkspaceMember(dir: string, patterns: readonly string[]): boolean {
  if (dir === "" || dir === ".") return false;
  const include = patterns.filter((p) => !p.startsWith("!")).map(clean);
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => clean(p.slice(1)));
  return include.some((g) => matchesGlob(dir, g)) && !exclude.some((g) => matchesGlob(dir, g));
}

/** Whether `dir`, or a folder above it within the workspace, is a member (a member's subfolder belongs to it). */
export function isInWorkspaceMember(dir: string, patterns: readonly string[]): boolean {
  const parts = dir.split("/");
  return parts.some((_, i) => isWorkspaceMember(parts.slice(0, i + 1).join("/"), patterns));
}

/** The patterns of pnpm-workspace.yaml's `packages`, from its parsed value. */
export function pnpmPatterns(value: unknown): string[] | undefined {
  const packages = typeof value === "object" && value !== null ? (value as { packages?: unknown }).packages : undefined;
  return Array.isArray(packages) ? packages.filter((p): p is string => typeof p === "string") : undefined;
}

/** Both lists together: undefined when neither file declares a workspace. */
export function joinPatterns(...lists: Array<string[] | undefined>): string[] | undefined {
  const given = lists.filter((l): l is string[] => l !== undefined);
  return given.length === 0 ? undefined : given.flat();
}

/** The patterns of package.json `workspaces` (an array, or `{ packages }`). */
export function packageJsonPatterns(pkg: unknown): string[] | undefined {
  const ws = typeof pkg === "object" && pkg !== null ? (pkg as { workspaces?: unknown }).workspaces : undefined;
  const list = Array.isArray(ws) ? ws : typeof ws === "object" && ws !== null && Array.isArray((ws as { packages?: unknown }).packages) ? (ws as { packages: unknown[] }).packages : undefined;
  return list?.filter((p): p is string => typeof p === "string");
}
