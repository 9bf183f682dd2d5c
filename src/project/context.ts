import { readText, relativeTo, type Problem } from "./files.js";
import type { Boundary } from "./source/boundary.js";
import type { DeployedBy } from "./readers/sst/sst-apps.js";
import type { ConfigFileInfo, FunctionInfo, Platform, SourceLocation } from "./types.js";

/** What each detector gets for one package: its files, and where to put what it finds. */
export interface ScanContext {
  /** The audited folder (absolute). */
  root: string;
  /** The package being scanned (absolute). */
  pkgRoot: string;
  /** Files of the package, relative to pkgRoot, forward slashes, build output skipped. */
  files: string[];
  packageJson: Record<string, unknown> | undefined;
  /** Every path read from the project goes through it. */
  boundary: Boundary;
  /** Where a framework app in this package deploys when its own config does not say (coldstart config `platform`, or an SST app's component). */
  platformHint: Platform | undefined;
  /** The infrastructure app that deploys this package's framework app (`new sst.aws.Nextjs(...)` pointing here), if one does. */
  deployedBy?: DeployedBy;
  /** Config files an adapter has taken as its own (a framework app's wrangler config): others leave them alone. */
  claimed: Set<string>;
  /** Adapters that recognised this package so far (id -> kind), in the order they ran. */
  recognised: Map<string, "framework" | "platform-config">;
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
  boundary: Boundary,
  platformHint?: Platform,
  deployedBy?: DeployedBy,
): ScanContext {
  const ctx: ScanContext = { root, pkgRoot, files, packageJson, boundary, platformHint, claimed: new Set(), recognised: new Map(), functions: [], configFiles: [], problems: [], notes: [] };
  if (deployedBy) ctx.deployedBy = deployedBy;
  return ctx;
}

/** Where something is written: a position, a bare line (column unknown), or unknown (line 0). */
export type Where = { line: number; column?: number } | number | undefined;

export function loc(ctx: ScanContext, abs: string, where: Where): SourceLocation {
  const at: SourceLocation = { file: relativeTo(ctx.root, abs), line: typeof where === "number" ? where : (where?.line ?? 0) };
  if (typeof where === "object" && where.column !== undefined && where.column > 0) at.column = where.column;
  return at;
}

export function addProblem(ctx: ScanContext, abs: string, where: Where, message: string): void {
  ctx.problems.push({ message, at: loc(ctx, abs, where) });
}

export function addNote(ctx: ScanContext, abs: string, where: Where, message: string): void {
  ctx.notes.push({ message, at: loc(ctx, abs, where) });
}

/** Reads a file as text; a failure becomes a problem at the file and returns undefined. */
export async function readOrReport(ctx: ScanContext, abs: string): Promise<string | undefined> {
  const result = await readText(abs, ctx.boundary);
  if (result.ok) return result.text;
  addProblem(ctx, abs, 0, result.message);
  return undefined;
}

export function addConfigFile(ctx: ScanContext, abs: string, kind: ConfigFileInfo["kind"]): void {
  if (!ctx.configFiles.some((c) => c.path === abs)) ctx.configFiles.push({ path: abs, kind });
}

/** The ids in each context's `functions`, added to as the list grows (ids never change once pushed). */
const knownIds = new WeakMap<FunctionInfo[], { counted: number; ids: Set<string> }>();

/** Function ids must be unique; a clash (two configs naming one entry) gets a numeric suffix. */
export function uniqueId(ctx: ScanContext, id: string, taken: ReadonlySet<string> = new Set()): string {
  // An index rather than a scan of the list: a template may declare thousands of functions.
  let known = knownIds.get(ctx.functions);
  if (!known) knownIds.set(ctx.functions, (known = { counted: 0, ids: new Set() }));
  for (; known.counted < ctx.functions.length; known.counted++) known.ids.add(ctx.functions[known.counted]!.id);
  const ids = known.ids;
  const used = (candidate: string) => taken.has(candidate) || ids.has(candidate);
  if (!used(id)) return id;
  for (let i = 2; ; i++) if (!used(`${id}~${i}`)) return `${id}~${i}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
