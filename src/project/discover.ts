import path from "node:path";
import { ADAPTERS } from "./adapters/index.js";
import { InputError } from "../errors.js";
import { addConfigFile, createContext } from "./context.js";
import { listFiles, type FileList, type Problem } from "./files.js";
import { createBoundary, type Boundary } from "./source/boundary.js";
import { TEST_FOLDER } from "./source/extensions.js";
import { sstFrameworkApps } from "./readers/sst/sst-apps.js";
import { applyBuildScripts } from "./readers/lambda/build-script.js";
import type { Platform, Project } from "./types.js";
import { memberPackages, readPackageJson, selectWorkspaceDirs, workspacePatterns } from "./workspaces.js";
import { promises as fs } from "node:fs";

/**
 * Finds every function under `root` without running any project code. Broken configuration
 * becomes `problems`; only a missing or unreadable root folder throws.
 */
export interface DiscoverOptions {
  /** coldstart config `platform` (for ".") and `packages.<dir>.platform`: where framework apps deploy when their config does not say. */
  platforms?: Record<string, Platform>;
  /** The boundary of `root`, when the caller has one already (the audit's: each path is judged once per run). */
  boundary?: Boundary;
  /** `listFiles(root, boundary)`, when the caller walked the project already with that boundary (the audit cache does). */
  listing?: FileList;
}

export async function discoverProject(root: string, options: DiscoverOptions = {}): Promise<Project> {
  const absRoot = path.resolve(root);
  let stat;
  try {
    stat = await fs.stat(absRoot);
  } catch {
    throw new InputError(`${root} does not exist.`, { hint: "Pass the folder of a Vercel, Workers or Lambda project." });
  }
  if (!stat.isDirectory()) throw new InputError(`${root} is not a folder.`, { hint: "Pass the project folder, not a file." });

  const problems: Problem[] = [];
  const boundary = options.boundary ?? createBoundary(absRoot);
  const { files: allFiles, refused } = options.listing ?? listFiles(absRoot, boundary);
  const rootPackageJson = await readPackageJson(path.join(absRoot, "package.json"), problems, "package.json", boundary);
  const packageDirs = allFiles.filter((f) => path.posix.basename(f) === "package.json").map((f) => path.posix.dirname(f));
  const patterns = await workspacePatterns(absRoot, rootPackageJson, problems, boundary);
  // With declared workspaces they define the packages; without, any folder with a package.json
  // is audited as its own package (a repo with a web app and an infra folder side by side).
  const pkgDirs = (patterns ? selectWorkspaceDirs(packageDirs, patterns) : packageDirs.filter((d) => d !== "."))
    .sort((a, b) => b.length - a.length);

  const owned = new Map<string, string[]>([[".", []]]);
  for (const dir of pkgDirs) owned.set(dir, []);
  const pkgDirSet = new Set(pkgDirs);
  const ownerOf = (file: string): string => {
    for (let dir = path.posix.dirname(file); dir !== "."; dir = path.posix.dirname(dir)) if (pkgDirSet.has(dir)) return dir;
    return ".";
  };
  for (const file of allFiles) {
    const owner = ownerOf(file);
    owned.get(owner)!.push(owner === "." ? file : file.slice(owner.length + 1));
  }
  const deployed = await sstFrameworkApps(absRoot, allFiles, boundary);
  const ordered = [...owned].sort(([a], [b]) => (a === "." ? -1 : b === "." ? 1 : a.localeCompare(b)));
  // Packages are independent: scan them concurrently, then merge in a stable order.
  const contexts = await Promise.all(
    ordered.map(async ([dir, files]) => {
      const pkgRoot = dir === "." ? absRoot : path.join(absRoot, dir);
      const pkgJson = dir === "." ? rootPackageJson : await readPackageJson(path.join(pkgRoot, "package.json"), problems, `${dir}/package.json`, boundary);
      // The user's config says where an app deploys; else an SST app that deploys it does.
      const ctx = createContext(absRoot, pkgRoot, files, pkgJson, boundary, options.platforms?.[dir] ?? deployed.get(dir)?.platform, deployed.get(dir));
      if (pkgJson) addConfigFile(ctx, path.join(pkgRoot, "package.json"), "package-json");
      for (const adapter of ADAPTERS) {
        if (!adapter.detect(ctx)) continue;
        ctx.recognised.set(adapter.id, adapter.kind);
        await adapter.discover(ctx);
      }
      // Lambda code a build script of the package bundles: measured as that script bundles it.
      await applyBuildScripts(ctx);
      const by = ctx.deployedBy;
      if (by && ![...ctx.recognised.values()].includes("framework")) {
        ctx.notes.push({ message: `${by.name} (${by.component}) deploys the app in ${dir === "." ? "this folder" : dir} to ${by.platform === "aws-lambda" ? "AWS Lambda" : by.platform}, but coldstart has no reader for its framework, so its routes are not audited`, at: by.at });
      }
      return ctx;
    }),
  );

  const project: Project = {
    root: absRoot,
    functions: [],
    configFiles: [],
    packages: [absRoot, ...pkgDirs.map((d) => path.join(absRoot, d)).sort()],
    problems,
    notes: [],
  };
  for (const link of refused) {
    project.notes!.push({ message: `${link.why}, so it was not followed (coldstart reads only inside the project)`, at: { file: link.rel, line: 0 } });
  }
  // Members of a declared workspace only: the root package's own name (often an npm package's, as
  // in a Hono example named "hono") is not something its code imports from itself.
  const members = patterns ? contexts.filter((c) => c.pkgRoot !== absRoot) : [];
  const named = members.flatMap((c) => (typeof c.packageJson?.name === "string" ? [[c.packageJson.name, c.pkgRoot] as const] : []));
  // Audited on its own, a workspace member still imports its siblings.
  const enclosing = boundary.roots[0] !== boundary.root ? await memberPackages(boundary.roots[0]!, boundary) : [];
  project.workspacePackages = Object.fromEntries([...enclosing, ...named]);
  const ids = new Set<string>();
  for (const ctx of contexts) {
    for (const fn of ctx.functions) {
      // Every reader checks the paths it resolves; this is the net under all of them.
      const why = boundary.refuse(fn.entry);
      if (why) {
        project.problems.push({ message: `the entry of ${fn.id} ${why}; coldstart reads only files inside the project, so it is not audited`, at: fn.config });
        continue;
      }
      let id = fn.id;
      for (let i = 2; ids.has(id); i++) id = `${fn.id}~${i}`;
      ids.add(id);
      project.functions.push({ ...fn, id });
    }
    project.configFiles.push(...ctx.configFiles);
    for (const problem of ctx.problems) {
      // A test's sample config is not what the project deploys: a broken one is worth knowing, not a config error.
      if (TEST_FOLDER.test(problem.at.file)) project.notes!.push({ ...problem, message: `${problem.message} (a test's file, not the project's deploy configuration)` });
      else project.problems.push(problem);
    }
    project.notes!.push(...ctx.notes);
  }
  // Files are read in parallel; sort so the report is the same on every run.
  project.problems.sort((a, b) => (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : a.at.line - b.at.line));
  return project;
}

/** What discovery looks for, for the message when a folder holds no functions. */
export function describeSearch(): string[] {
  return [...ADAPTERS.map((a) => `${a.name}: ${a.reads}`), "Monorepos: package.json workspaces and pnpm-workspace.yaml packages"];
}
