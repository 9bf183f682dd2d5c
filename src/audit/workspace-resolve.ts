/**
 * Monorepos before `npm install`: an import of a workspace package (`@acme/db`) resolves to that
 * package's source in the workspace, through its package.json `exports`, `source`, `module`,
 * `main` or `types`, or the `src/index.ts` convention, so its code is bundled and checked like the
 * function's own. Only names that are workspace packages, and only files the boundary allows.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { OnResolveResult, Plugin, PluginBuild } from "esbuild";
import type { Boundary } from "../project/source/boundary.js";
import { bareRoot } from "../project/source/specifiers.js";

const SOURCE = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/**
 * Build folders, whose files usually have their source under src/ (`dist/index.js` <- `src/index.ts`),
 * or at the same path without the folder when tsc compiled the package from its root (`outDir: "dist"`
 * with `rootDir: "."`: `dist/src/index.js` <- `src/index.ts`).
 */
const BUILT = /^(dist|build|lib|out|esm|cjs)\//;

type Manifest = Record<string, unknown>;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export function workspacePlugin(workspaces: ReadonlyMap<string, string>, boundary: Boundary, conditions: string[]): Plugin {
  const names = [...workspaces.keys()];
  const manifests = new Map<string, Manifest | undefined>();
  const manifest = (dir: string): Manifest | undefined => {
    if (!manifests.has(dir)) {
      let value: Manifest | undefined;
      try {
        value = boundary.refuse(path.join(dir, "package.json")) ? undefined : (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest);
      } catch {
        value = undefined;
      }
      manifests.set(dir, value);
    }
    return manifests.get(dir);
  };
  // Every importer of `@acme/db` asks again, and each answer tries up to ~40 paths: answered once per subpath.
  const found = new Map<string, string | undefined>();
  const resolve = (dir: string, sub: string): string | undefined => {
    const key = `${dir}\0${sub}`;
    if (!found.has(key)) found.set(key, resolveInPackage(dir, sub, manifest(dir), conditions, boundary));
    return found.get(key);
  };
  return {
    name: "coldstart-workspaces",
    setup(build) {
      if (names.length === 0) return;
      const filter = new RegExp(`^(?:${names.map(escape).join("|")})(?:/.*)?$`);
      const asEsbuild = asEsbuildResolves(build);
      build.onResolve({ filter }, (args) => {
        const name = bareRoot(args.path);
        const dir = workspaces.get(name);
        if (!dir) return undefined;
        const sub = args.path === name ? "." : `.${args.path.slice(name.length)}`;
        const file = resolve(dir, sub);
        // Unresolved: esbuild tries node_modules, and a package that is not there is left external as not installed.
        return file ? asEsbuild(file) : undefined;
      });
    },
  };
}

/**
 * A file as esbuild's own resolver names it: its real path, and side-effect free when its
 * package.json says so (`"sideEffects": false` or a list that leaves it out). esbuild takes these
 * from whichever import of a file it resolves first, and a path handed back by a plugin carries
 * neither, so a file that is also imported by relative path (`@acme/ui/icons` and the package's
 * own `./icons`) was tree-shaken one way or the other depending on which answer came first: the
 * same project gave different bundles from run to run (dubinc/dub: 4-22 of 514 gzip sizes, 2026-12-06).
 * Asked once per file and build. What a plugin's answer cannot carry, the file's tsconfig (JSX
 * settings) and package.json "type", a file reached both ways still takes from the first import.
 */
function asEsbuildResolves(build: PluginBuild): (file: string) => Promise<OnResolveResult> {
  const answers = new Map<string, Promise<OnResolveResult>>();
  return (file) => {
    let answer = answers.get(file);
    if (!answer) {
      // Relative to its folder, so no plugin's filter (`/opt/` layers, workspace names) takes it.
      answer = build.resolve(`./${path.basename(file)}`, { kind: "import-statement", resolveDir: path.dirname(file) }).then((r) =>
        r.errors.length === 0 && !r.external && r.namespace === "file" && r.path ? { path: r.path, sideEffects: r.sideEffects } : { path: file },
      );
      answers.set(file, answer);
    }
    return answer;
  };
}

/** The source file a subpath of a workspace package stands for, or undefined. */
function resolveInPackage(dir: string, sub: string, pkg: Manifest | undefined, conditions: string[], boundary: Boundary): string | undefined {
  const candidates: string[] = [];
  const exportsField = pkg?.exports;
  const target = exportTarget(exportsField, sub);
  if (target !== undefined) candidates.push(...conditionValues(target, ["source", ...conditions, "import", "module", "default", "require", "types"]));
  if (sub === ".") {
    for (const key of ["source", "module", "main", "types", "typings"]) if (typeof pkg?.[key] === "string") candidates.push(pkg[key]);
    candidates.push("src/index", "index");
  } else if (target === undefined) {
    candidates.push(`src/${sub.slice(2)}`, sub.slice(2));
  }
  for (const candidate of candidates) {
    const found = sourceFile(path.resolve(dir, candidate), dir, boundary);
    if (found) return found;
  }
  return undefined;
}

/** `exports["./client"]`, or a `./*` pattern with its star filled in; the whole field when it is a string or conditions for ".". */
function exportTarget(exportsField: unknown, sub: string): unknown {
  if (exportsField === undefined || exportsField === null) return undefined;
  if (typeof exportsField === "string" || Array.isArray(exportsField)) return sub === "." ? exportsField : undefined;
  if (typeof exportsField !== "object") return undefined;
  const map = exportsField as Record<string, unknown>;
  if (!Object.keys(map).some((k) => k.startsWith("."))) return sub === "." ? map : undefined;
  if (map[sub] !== undefined) return map[sub];
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf("*");
    if (star < 0 || !sub.startsWith(key.slice(0, star)) || !sub.endsWith(key.slice(star + 1))) continue;
    const filled = sub.slice(star, sub.length - (key.length - star - 1));
    return replaceStar(value, filled);
  }
  return undefined;
}

function replaceStar(value: unknown, filled: string): unknown {
  if (typeof value === "string") return value.replace(/\*/g, filled);
  if (Array.isArray(value)) return value.map((v) => replaceStar(v, filled));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStar(v, filled)]));
  return value;
}

/** Every path in a conditions object, in the order of `prefer` (then the rest). */
function conditionValues(target: unknown, prefer: string[]): string[] {
  if (typeof target === "string") return [target];
  if (Array.isArray(target)) return target.flatMap((t) => conditionValues(t, prefer));
  if (!target || typeof target !== "object") return [];
  const map = target as Record<string, unknown>;
  const keys = [...prefer.filter((k) => k in map), ...Object.keys(map).filter((k) => !prefer.includes(k))];
  return keys.flatMap((k) => conditionValues(map[k], prefer));
}

/** The file, or its source: `.d.ts` -> `.ts`, `dist/x.js` -> `src/x.ts` (or `x.ts`), an extensionless path or folder -> index. */
function sourceFile(abs: string, dir: string, boundary: Boundary): string | undefined {
  const rel = path.relative(dir, abs).split(path.sep).join("/");
  if (rel.startsWith("..")) return undefined;
  const stems = new Set<string>();
  const stem = rel.replace(/\.d\.[cm]?ts$/, "").replace(/\.[cm]?[jt]sx?$/, "");
  stems.add(stem);
  if (BUILT.test(stem)) {
    stems.add(stem.replace(BUILT, "src/"));
    stems.add(stem.replace(BUILT, ""));
  }
  const tries = [rel, ...[...stems].flatMap((s) => [...SOURCE.map((e) => s + e), ...SOURCE.map((e) => `${s}/index${e}`)])];
  for (const t of tries) {
    if (/\.d\.[cm]?ts$/.test(t)) continue;
    const file = path.join(dir, t);
    if (!boundary.refuse(file) && isFileSync(file)) return file;
  }
  return undefined;
}

function isFileSync(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}
