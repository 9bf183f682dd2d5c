import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InputError } from "../errors.js";
import { MANIFEST, readTemplate, type Template } from "./registry.js";

export interface RemoteSource {
  url: string;
  /** A folder inside the repository holding the template; "" for its root. */
  subdir: string;
  ref: string | undefined;
}

/**
 * `user/repo[/path][#ref]` (GitHub) or a git URL (`https://…`, `ssh://…`, `git@host:…`, `file://…`)
 * with an optional fragment: `#ref`, `#path:<folder>` or `#ref&path:<folder>` (pnpm's spelling for a
 * folder inside a git dependency); undefined for a built-in template's name.
 */
export function parseRemote(spec: string): RemoteSource | undefined {
  const hash = spec.indexOf("#");
  const base = hash === -1 ? spec : spec.slice(0, hash);
  const fragment = hash === -1 ? [] : spec.slice(hash + 1).split("&");
  const pathPart = fragment.find((part) => part.startsWith("path:"));
  const refs = fragment.filter((part) => part !== pathPart && part !== "");
  if (refs.length > 1) throw new InputError(`"${spec.slice(hash + 1)}" names more than one ref; use #<ref>&path:<folder>.`);
  const ref = refs[0];
  if (ref !== undefined && !/^[\w./-]+$/.test(ref)) throw new InputError(`"${ref}" is not a git branch, tag or commit.`);
  if (/^(?:https?|ssh|git|file):\/\//.test(base) || /^[\w.-]+@[\w.-]+:/.test(base)) {
    return { url: base, subdir: folder(pathPart === undefined ? "" : pathPart.slice("path:".length)), ref };
  }
  if (pathPart !== undefined) throw new InputError(`"#path:" is for git URLs; with GitHub shorthand write the folder after the repository (user/repo/folder#ref).`);
  const github = /^([\w.-]+)\/([\w.-]+)((?:\/[\w.-]+)*)$/.exec(base);
  if (!github) return undefined;
  return { url: `https://github.com/${github[1]}/${github[2]}.git`, subdir: folder((github[3] ?? "").slice(1)), ref };
}

/** A folder inside the repository, relative, without `..`; "" for its root. */
function folder(subdir: string): string {
  const clean = subdir.replace(/^\/+|\/+$/g, "");
  if (clean.split("/").some((part) => part === ".." || part === ".") || !/^[\w./-]*$/.test(clean)) throw new InputError(`"${subdir}" is not a folder inside the repository.`);
  return clean;
}

/**
 * Fetches a remote template with git into a temporary folder: a shallow clone, no prompts for
 * credentials, no hooks, symbolic links checked out as plain files (and never copied: create reads
 * regular files only). Nothing from the repository runs. The folder must hold a manifest like the
 * built-in templates. `dispose` removes the clone.
 */
export async function fetchRemoteTemplate(spec: string, source: RemoteSource, env: NodeJS.ProcessEnv): Promise<{ template: Template; dispose: () => Promise<void> }> {
  const { execa } = await import("execa");
  const dir = await mkdtemp(path.join(tmpdir(), "coldstart-template-"));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const clone = await execa(
    "git",
    ["-c", "core.symlinks=false", "-c", "core.hooksPath=/dev/null", "clone", "--quiet", "--depth", "1", ...(source.ref ? ["--branch", source.ref] : []), "--", source.url, dir],
    { env: { ...env, GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "" }, reject: false, stdin: "ignore", timeout: 120_000 },
  );
  if (clone.failed) {
    await dispose();
    const why = (clone as { code?: string }).code === "ENOENT" ? "git is not installed" : String(clone.stderr).trim().split("\n").pop() || `git exited with ${clone.exitCode ?? "?"}`;
    throw new InputError(`could not fetch the template ${spec} from ${source.url}: ${why}.`, { hint: "Check the name, the ref and your network; remote templates are fetched with git." });
  }
  // The clone's own history is not part of the project.
  await rm(path.join(dir, ".git"), { recursive: true, force: true });
  const root = path.join(dir, source.subdir);
  const name = spec.replace(/#.*$/, "");
  let template: Template | undefined;
  try {
    template = readTemplate(root, name);
  } catch (error) {
    await dispose();
    throw error;
  }
  if (!template) {
    await dispose();
    throw new InputError(`${spec} is not a coldstart template: it has no ${MANIFEST} (description and platform) in ${source.subdir || "its root"}.`);
  }
  return { template, dispose };
}
