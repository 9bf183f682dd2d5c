import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Whether a Node version satisfies an `engines.node` range: `||` alternatives of space-separated
 * comparators (>=, >, <=, <, ^, ~, =, bare or x-ranges). Anything it cannot read counts as met.
 */
export function meetsRange(version: string, range: string | undefined): boolean {
  if (!range?.trim()) return true;
  const v = parts(version);
  return range.split("||").some((alternative) =>
    alternative.trim().replace(/(>=|<=|[<>=^~])\s+/g, "$1").split(/\s+/).filter(Boolean).every((comparator) => meets(v, comparator)),
  );
}

function parts(version: string): number[] {
  return version.replace(/^v/, "").split(".").map((n) => Number.parseInt(n, 10) || 0);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function meets(v: number[], comparator: string): boolean {
  const m = /^(>=|<=|[<>=^~])?v?((?:\d+|[xX*])(?:\.(?:\d+|[xX*]))*)$/.exec(comparator);
  if (!m) return true;
  const given = m[2]!.split(".").filter((p) => /^\d+$/.test(p)).map(Number);
  const b = [given[0] ?? 0, given[1] ?? 0, given[2] ?? 0];
  const c = compare(v, b);
  switch (m[1]) {
    case ">=": return c >= 0;
    case ">": return c > 0;
    case "<=": return c <= 0;
    case "<": return c < 0;
    case "^": return c >= 0 && v[0] === b[0];
    case "~": return c >= 0 && v[0] === b[0] && (given.length < 2 || v[1] === b[1]);
    default: return given.every((n, i) => v[i] === n);
  }
}

/** `node --version` of each binary asked about, once per run. */
const versions = new Map<string, Promise<string | undefined>>();

function versionOf(binary: string): Promise<string | undefined> {
  let known = versions.get(binary);
  if (!known) {
    // A node found on PATH may be the project's (node_modules/.bin): it gets no secrets from the environment.
    known = run(binary, ["-p", "process.versions.node"], { timeout: 10_000, env: { PATH: process.env.PATH ?? "" } }).then((r) => r.stdout.trim(), () => undefined);
    versions.set(binary, known);
  }
  return known;
}

/** This Node if it meets the range, else the first `node` on PATH that does. */
export async function findNode(range: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; version: string } | undefined> {
  if (meetsRange(process.versions.node, range)) return { path: process.execPath, version: process.versions.node };
  const seen = new Set<string>([process.execPath]);
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, process.platform === "win32" ? "node.exe" : "node");
    if (seen.has(candidate) || !existsSync(candidate)) continue;
    seen.add(candidate);
    const version = await versionOf(candidate);
    if (version && meetsRange(version, range)) return { path: candidate, version };
  }
  return undefined;
}
