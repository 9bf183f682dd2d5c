import path from "node:path";
import { ignoreGlob } from "./glob.js";

export interface Ignored {
  /** The .gitignore that ignores it, relative to the root. */
  file: string;
  pattern: string;
}

/**
 * Whether git ignores `rel` (relative to `root`, forward slashes), by a .gitignore in the root or in
 * a folder on the way to it: build output is usually ignored, so its absence is not a defect.
 * Negated patterns (`!keep`) are honoured in order, as git reads them.
 */
export function gitignored(root: string, rel: string, read: (abs: string) => string | undefined): Ignored | undefined {
  const parts = rel.split("/");
  let found: Ignored | undefined;
  for (let depth = 0; depth < parts.length; depth++) {
    const dir = parts.slice(0, depth).join("/");
    const file = dir ? `${dir}/.gitignore` : ".gitignore";
    const text = read(path.join(root, file));
    if (text === undefined) continue;
    const below = parts.slice(depth).join("/");
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith("#")) continue;
      const negated = line.startsWith("!");
      const pattern = (negated ? line.slice(1) : line).replace(/^\//, "");
      if (!pattern || !ignoreGlob(pattern).test(below)) continue;
      found = negated ? undefined : { file, pattern: line };
    }
  }
  return found;
}
