import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

export interface PlannedFile {
  /** Relative to the project folder, with forward slashes. */
  path: string;
  contents: Buffer;
  mode: number;
}

/** Left behind when someone runs a template in place; never part of a scaffold. */
const SKIP = new Set(["node_modules", ".DS_Store"]);

/** `_gitignore` becomes `.gitignore` (npm drops .gitignore files when publishing). */
export function outputName(name: string): string {
  return name === "_gitignore" ? ".gitignore" : name;
}

export interface FileRules {
  /** Skipped: the template's manifest. */
  skip?: string;
  /** Template path -> project path, besides `_gitignore`. */
  rename?: Record<string, string>;
  /** Template path -> an extra copy at another project path. */
  copy?: Record<string, string>;
}

/** Reads a template folder and renders every text file; nothing is written. */
export async function planFiles(templateDir: string, values: Record<string, string>, rules: FileRules = {}): Promise<PlannedFile[]> {
  const files: PlannedFile[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIP.has(entry.name) || (rel === "" && entry.name === rules.skip)) continue;
      const source = path.join(dir, entry.name);
      const relSource = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const target = rules.rename?.[relSource] ?? (rel === "" ? outputName(entry.name) : `${rel}/${outputName(entry.name)}`);
      if (entry.isDirectory()) {
        await walk(source, target);
      } else if (entry.isFile()) {
        const [raw, info] = await Promise.all([readFile(source), stat(source)]);
        const file = { path: target, contents: render(raw, values), mode: info.mode & 0o777 };
        files.push(file);
        const copy = rules.copy?.[relSource];
        if (copy !== undefined) files.push({ ...file, path: copy });
      }
    }
  }
  await walk(templateDir, "");
  return files;
}

export function isBinary(contents: Buffer): boolean {
  return contents.subarray(0, 8000).includes(0);
}

/** Replaces `{{key}}` for known keys only, so other double braces in a template survive. */
export function render(contents: Buffer, values: Record<string, string>): Buffer {
  if (isBinary(contents)) return contents;
  const text = contents.toString("utf8");
  const out = text.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
  return out === text ? contents : Buffer.from(out, "utf8");
}
