import path from "node:path";
import { readText, relativeTo, type Problem } from "./files.js";
import type { ConfigFileInfo, FunctionInfo, SourceLocation } from "./types.js";

/** What each detector gets for one package: its files, and where to put what it finds. */
export interface ScanContext {
  /** The audited folder (absolute). */
  root: string;
  /** The package being scanned (absolute). */
  pkgRoot: string;
  /** Files of the package, relative to pkgRoot, forward slashes, build output skipped. */
  files: string[];
  packageJson: Record<string, unknown> | undefined;
  functions: FunctionInfo[];
  configFiles: ConfigFileInfo[];
  problems: Problem[];
  notes: Problem[];
}

export function createContext(
  root: string,
  pkgRoot: string,
  files: string[],
  packageJson: Record<string, unknown> | undefined,
): ScanContext {
  return { root, pkgRoot, files, packageJson, functions: [], configFiles: [], problems: [], notes: [] };
}

export function loc(ctx: ScanContext, abs: string, line: number, column?: number): SourceLocation {
  const at: SourceLocation = { file: relativeTo(ctx.root, abs), line };
  if (column !== undefined) at.column = column;
  return at;
}

export function addProblem(ctx: ScanContext, abs: string, line: number, message: string, column?: number): void {
  ctx.problems.push({ message, at: loc(ctx, abs, line, column) });
}

/** Reads a file as text; a failure becomes a problem at the file and returns undefined. */
export function addNote(ctx: ScanContext, abs: string, line: number, message: string): void {
  ctx.notes.push({ message, at: loc(ctx, abs, line) });
}

export async function readOrReport(ctx: ScanContext, abs: string): Promise<string | undefined> {
  const result = await readText(abs);
  if (result.ok) return result.text;
  addProblem(ctx, abs, 0, result.message);
  return undefined;
}

export function addConfigFile(ctx: ScanContext, abs: string, kind: ConfigFileInfo["kind"]): void {
  if (!ctx.configFiles.some((c) => c.path === abs)) ctx.configFiles.push({ path: abs, kind });
}

export function pkgPath(ctx: ScanContext, rel: string): string {
  return path.join(ctx.pkgRoot, rel);
}

/** Function ids must be unique; a clash (two configs naming one entry) gets a numeric suffix. */
export function uniqueId(ctx: ScanContext, id: string, taken: ReadonlySet<string> = new Set()): string {
  const used = (candidate: string) => taken.has(candidate) || ctx.functions.some((f) => f.id === candidate);
  if (!used(id)) return id;
  for (let i = 2; ; i++) if (!used(`${id}~${i}`)) return `${id}~${i}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
