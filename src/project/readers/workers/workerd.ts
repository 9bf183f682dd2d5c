import { existsSync } from "node:fs";
import path from "node:path";
import { readText } from "../../files.js";
import type { Boundary } from "../../source/boundary.js";

/**
 * The newest compatibility date the project's workerd accepts. workerd versions are
 * `1.YYYYMMDD.N`: the installed workerd wins; failing that, the one wrangler or miniflare pins.
 * Looks in node_modules from `dir` upward to the audited root and on to the repository top
 * (hoisted installs in monorepos).
 */
export async function findWorkerdMaxDate(dir: string, root: string, boundary: Boundary): Promise<string | undefined> {
  const readJson = (abs: string) => readJsonIn(abs, boundary);
  for (const folder of ancestors(dir, root)) {
    const installed = await readJson(path.join(folder, "node_modules/workerd/package.json"));
    const date = dateOfVersion(installed?.version);
    if (date) return date;
  }
  for (const folder of ancestors(dir, root)) {
    for (const pkg of ["wrangler", "miniflare"]) {
      const manifest = await readJson(path.join(folder, "node_modules", pkg, "package.json"));
      const deps = manifest?.dependencies;
      const date = dateOfVersion(typeof deps === "object" && deps !== null ? (deps as Record<string, unknown>).workerd : undefined);
      if (date) return date;
    }
  }
  return undefined;
}

export function dateOfVersion(version: unknown): string | undefined {
  if (typeof version !== "string") return undefined;
  const match = /(?:^|[^\d])1\.(\d{4})(\d{2})(\d{2})\.\d+/.exec(version);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

function* ancestors(dir: string, root: string): Generator<string> {
  let current = path.resolve(dir);
  const top = path.resolve(root);
  let pastRoot = false;
  for (;;) {
    yield current;
    if (current === top) pastRoot = true;
    // Above the audited folder, stop at the repository top.
    if (pastRoot && existsSync(path.join(current, ".git"))) return;
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function readJsonIn(abs: string, boundary: Boundary): Promise<Record<string, unknown> | undefined> {
  const result = await readText(abs, boundary);
  if (!result.ok) return undefined;
  try {
    const value: unknown = JSON.parse(result.text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
