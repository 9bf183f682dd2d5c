import path from "node:path";
import { exists, isFile, relativeTo } from "../../files.js";
import type { Boundary } from "../../source/boundary.js";
import { BUILD_DIRS as OUTPUT_DIRS, COMPILED_DIRS, SOURCE_EXTENSIONS, SOURCE_FILE } from "../../source/extensions.js";

const BUILD_DIRS = COMPILED_DIRS;

/** `src/handlers/orders.handler` -> file part `src/handlers/orders`, export `handler`. */
export function splitHandler(handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf(".");
  const slash = handler.lastIndexOf("/");
  if (dot <= slash) return { file: handler, exportName: "handler" };
  return { file: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/** `base` itself if it names a file, else `base` with the first source extension that exists. */
export async function withSourceExtension(base: string, boundary: Boundary): Promise<string | undefined> {
  if (SOURCE_FILE.test(base) && (await isFile(base, boundary))) return base;
  // A handler in built JS (`dist/app.js`) usually has its TypeScript source beside the build.
  const stripped = base.replace(/\.[cm]?js$/, "");
  for (const ext of SOURCE_EXTENSIONS) {
    if (await isFile(stripped + ext, boundary)) return stripped + ext;
  }
  return undefined;
}

export interface EntryQuery {
  /** Folder the code path is relative to (the template's folder). */
  baseDir: string;
  /** CodeUri / Code / package folder, relative to baseDir. */
  codeDir: string | undefined;
  handlerFile: string;
  /** `Metadata.BuildProperties.EntryPoints`, relative to the code folder. */
  entryPoints?: string[];
  /** Folders not to look above when guessing the source of built code. */
  packageRoot: string;
  /** The audited folder, for the paths messages name. */
  root?: string;
  boundary: Boundary;
}

export interface ResolvedEntry {
  entry: string | undefined;
  tried: string[];
  /** Why the code the config names may not be read (it leaves the project), when it may not. */
  refused?: string;
  /** The build output folder the handler is in, when that folder does not exist: written by a build that has not run. */
  unbuilt?: string;
}

/** What to say when a handler's source was not found: where it was looked for, or that it leaves the project. */
export function entryProblem(resolved: ResolvedEntry, what: string, root: string, tried = resolved.tried): string {
  if (resolved.refused) return `${what} ${resolved.refused}; coldstart reads only files inside the project, so it is not audited`;
  if (resolved.unbuilt) {
    return `${what} is build output in ${resolved.unbuilt}/, which does not exist until the project's build writes it, and no source was found beside it, so its code is not audited (its configuration is). Run the build before the audit to check its code`;
  }
  return `${what} has no source file (looked for ${tried.map((t) => relativeTo(root, t)).join(", ")} with ${SOURCE_EXTENSIONS.join("/")})`;
}

/**
 * Finds the source file a handler runs: the esbuild entry point when the template names one,
 * else the handler path under the code folder; when the code folder is build output, the
 * same path under the package's `src/` or root.
 */
export async function resolveLambdaEntry(q: EntryQuery): Promise<ResolvedEntry> {
  let codeRoot = path.resolve(q.baseDir, q.codeDir ?? ".");
  const refused = q.boundary.refuse(codeRoot) ?? q.boundary.refuse(path.resolve(codeRoot, q.handlerFile));
  if (refused) return { entry: undefined, tried: [], refused };
  // CodeUri may name a single file (SAM zips it alone): the handler is relative to its folder.
  if (await isFile(codeRoot, q.boundary)) codeRoot = path.dirname(codeRoot);
  const tried: string[] = [];
  const attempt = async (base: string) => {
    tried.push(base);
    return withSourceExtension(base, q.boundary);
  };
  if (q.entryPoints && q.entryPoints.length > 0) {
    const wanted = path.posix.basename(q.handlerFile);
    const ordered = [...q.entryPoints].sort((a, b) => Number(stem(b) === wanted) - Number(stem(a) === wanted));
    for (const ep of ordered) {
      const found = (await attempt(path.resolve(codeRoot, ep))) ?? (await attempt(path.resolve(q.baseDir, ep)));
      if (found) return { entry: found, tried };
    }
  }
  const direct = await attempt(path.resolve(codeRoot, q.handlerFile));
  if (direct) return { entry: direct, tried };
  // The code folder or the handler path may go through build output (`dist/`, `.build/`):
  // look for the same path without it, at the package root and under src/.
  const relCode = path.relative(q.packageRoot, codeRoot).split(path.sep).filter((part) => part !== "");
  const handlerParts = q.handlerFile.split("/");
  if ([...relCode, ...handlerParts].some((part) => BUILD_DIRS.has(part))) {
    const withoutBuild = [...relCode, ...handlerParts].filter((part) => !BUILD_DIRS.has(part) && part !== ".");
    const handlerOnly = handlerParts.filter((part) => !BUILD_DIRS.has(part) && part !== ".");
    for (const candidate of [
      path.join(q.packageRoot, ...withoutBuild),
      path.join(q.packageRoot, "src", ...withoutBuild),
      path.join(q.packageRoot, "src", ...handlerOnly),
      path.join(q.packageRoot, ...handlerOnly),
    ]) {
      const found = await attempt(candidate);
      if (found) return { entry: found, tried };
    }
    // The first build folder on the way to the handler, when it is not there: nothing has been built yet.
    const parts = [...relCode, ...handlerParts];
    const at = parts.findIndex((part) => OUTPUT_DIRS.has(part));
    const folder = path.join(q.packageRoot, ...parts.slice(0, at + 1));
    if (at >= 0 && !(await exists(folder, q.boundary))) return { entry: undefined, tried, unbuilt: path.relative(q.root ?? q.packageRoot, folder).split(path.sep).join("/") };
  }
  return { entry: undefined, tried };
}

function stem(file: string): string {
  return path.posix.basename(file).replace(/\.[^.]+$/, "");
}
