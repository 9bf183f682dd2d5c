/** wrangler v1 configs (`type = "webpack"`, `node_compat`, `[site]`, `[build.upload]`, no `main`): what they set, and the entry v1 used. */
import path from "node:path";
import { isRecord, loc, type ScanContext } from "../../context.js";
import { isFile, readText } from "../../files.js";
import { parseJsonc } from "../../formats/jsonc.js";
import type { LegacyWranglerSetting, SourceLocation } from "../../types.js";

type Inherited = (key: string) => { value: unknown; path: string[] } | undefined;

/** `[build.upload] rules`: wrangler v1's module rules (wrangler 2 and later read the top-level `rules`). */
export function legacyRules(inherited: Inherited): unknown {
  const build = inherited("build");
  return build && isRecord(build.value) && isRecord(build.value.upload) ? build.value.upload.rules : undefined;
}

/** The wrangler v1 settings of one section, each located where it is written. */
export function legacySettings(inherited: Inherited, at: (p: string[]) => SourceLocation): LegacyWranglerSetting[] {
  const out: LegacyWranglerSetting[] = [];
  const add = (key: LegacyWranglerSetting["key"], found: { value: unknown; path: string[] } | undefined, shown = found?.value) => {
    if (found && found.value !== undefined && found.value !== false) out.push({ key, value: typeof shown === "string" ? shown : JSON.stringify(shown) ?? "", at: at(found.path) });
  };
  add("type", inherited("type"));
  add("webpack_config", inherited("webpack_config"));
  add("node_compat", inherited("node_compat"));
  const site = inherited("site");
  if (site && isRecord(site.value)) {
    add("site", site, site.value.bucket);
    if (site.value["entry-point"] !== undefined) add("site.entry-point", { value: site.value["entry-point"], path: [...site.path, "entry-point"] });
  }
  const build = inherited("build");
  if (build && isRecord(build.value) && build.value.upload !== undefined) add("build.upload", { value: build.value.upload, path: [...build.path, "upload"] }, "");
  add("kv-namespaces", inherited("kv-namespaces"), "");
  return out;
}

/**
 * The entry wrangler v1 deployed when `main` was not a setting yet: `[build.upload] main` in its
 * `dir` (dist/ by default), the `[site]` entry-point folder's package.json `main` or index.js
 * (workers-site by default), else the package.json `main` (or `module`) beside the config, or index.js.
 */
export async function legacyMain(ctx: ScanContext, configAbs: string, inherited: Inherited, at: (p: string[]) => SourceLocation): Promise<{ value: string; from: string; at: SourceLocation } | undefined> {
  const dir = path.dirname(configAbs);
  const build = inherited("build");
  const upload = build && isRecord(build.value) && isRecord(build.value.upload) ? build.value.upload : undefined;
  if (upload && typeof upload.main === "string") {
    const uploadDir = typeof upload.dir === "string" ? upload.dir : "dist";
    return { value: path.posix.join(uploadDir, upload.main), from: "[build.upload] main", at: at([...build!.path, "upload", "main"]) };
  }
  const site = inherited("site");
  const siteEntry = site && isRecord(site.value) ? (typeof site.value["entry-point"] === "string" ? site.value["entry-point"] : "workers-site") : undefined;
  const folder = siteEntry ?? ".";
  // The entry is a guess from the whole config, not from one key: findings about it go to the file's first line.
  const where = loc(ctx, configAbs, 1);
  const pkgAbs = path.join(dir, folder, "package.json");
  const pkg = await readText(pkgAbs, ctx.boundary);
  const parsed = pkg.ok ? parseJsonc(pkg.text) : undefined;
  // wrangler v1 took a service worker's entry from `main`, and a modules Worker's from `module`.
  const pkgValue = parsed?.ok && isRecord(parsed.doc.value) ? parsed.doc.value : {};
  const key = ["main", "module"].find((k) => typeof pkgValue[k] === "string");
  if (key) return { value: path.posix.join(folder, pkgValue[key] as string), from: `${path.posix.join(folder, "package.json")} \`${key}\``, at: where };
  if (await isFile(path.join(dir, folder, "index.js"), ctx.boundary)) return { value: path.posix.join(folder, "index.js"), from: "wrangler v1's default index.js", at: where };
  return undefined;
}
