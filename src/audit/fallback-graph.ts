import { statSync } from "node:fs";
import path from "node:path";
import { SOURCE_EXTENSIONS } from "../project/source/extensions.js";

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"'\n]*)["']/gm;
const EXTENSIONS = SOURCE_EXTENSIONS;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Relative specifier -> file, the way TypeScript-aware bundlers do (`./a.js` may be `./a.ts`). */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, "");
  const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find(isFile);
}

/**
 * When esbuild cannot bundle a function, rules still get its first-party files: relative imports
 * followed from the entry with a plain text scan (the parser is error-tolerant; esbuild is not).
 */
export function scanRelativeGraph(entry: string, text: (abs: string) => string | undefined): { files: string[]; parent: Map<string, string> } {
  const files = [entry];
  const parent = new Map<string, string>();
  const seen = new Set(files);
  for (let i = 0; i < files.length && files.length < 5000; i++) {
    const source = text(files[i]!);
    if (source === undefined) continue;
    for (const m of source.matchAll(SPECIFIER)) {
      const target = resolveRelative(files[i]!, m[1]!);
      if (!target || seen.has(target) || target.includes(`${path.sep}node_modules${path.sep}`)) continue;
      seen.add(target);
      parent.set(target, files[i]!);
      files.push(target);
    }
  }
  return { files, parent };
}
