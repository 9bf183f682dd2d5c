import { existsSync } from "node:fs";
import path from "node:path";
import { readText } from "../../files.js";
import type { Boundary } from "../../source/boundary.js";
import type { WorkersTool } from "../../types.js";

const TOOLS: Array<WorkersTool["name"]> = ["wrangler", "@cloudflare/vitest-pool-workers", "@cloudflare/vite-plugin"];

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

/**
 * The local Workers tools of the project: each installed one with the miniflare it runs (its own
 * nested copy, the exact version it pins, or the hoisted one), else the range package.json declares.
 */
export async function findWorkersTools(dir: string, root: string, boundary: Boundary): Promise<WorkersTool[]> {
  const readJson = (abs: string) => readJsonIn(abs, boundary);
  const tools: WorkersTool[] = [];
  for (const name of TOOLS) {
    let found: WorkersTool | undefined;
    for (const folder of ancestors(dir, root)) {
      const manifest = await readJson(path.join(folder, "node_modules", name, "package.json"));
      if (typeof manifest?.version !== "string") continue;
      const nested = await readJson(path.join(folder, "node_modules", name, "node_modules/miniflare/package.json"));
      const pinned = stringIn(manifest.dependencies, "miniflare");
      let miniflare = typeof nested?.version === "string" ? nested.version : pinned && /^\d+\.\d+\.\d+$/.test(pinned) ? pinned : undefined;
      for (const up of miniflare ? [] : ancestors(folder, root)) {
        const hoisted = await readJson(path.join(up, "node_modules/miniflare/package.json"));
        if (typeof hoisted?.version === "string") {
          miniflare = hoisted.version;
          break;
        }
      }
      found = { name, version: manifest.version, installed: true, miniflare };
      break;
    }
    for (const folder of found ? [] : ancestors(dir, root)) {
      const pkg = await readJson(path.join(folder, "package.json"));
      const range = stringIn(pkg?.devDependencies, name) ?? stringIn(pkg?.dependencies, name);
      if (range) {
        found = { name, version: range, installed: false, miniflare: undefined };
        break;
      }
    }
    if (found) tools.push(found);
  }
  return tools;
}

function stringIn(record: unknown, key: string): string | undefined {
  if (typeof record !== "object" || record === null) return undefined;
  const value = (record as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
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
