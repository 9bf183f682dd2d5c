import { anyChar, GlobBuilder, notSlash, readGlob, type Fragment, type ReadAtom } from "../project/source/glob-nfa.js";

/**
 * Glob matching for `ignore` patterns: `**` (any folders), `*` (within a segment), `?`, `{a,b}`.
 * Patterns match relative, forward-slash paths; a pattern without a slash matches a file or folder
 * name at any depth, as in .gitignore, and a folder's pattern matches everything in it.
 */
export function ignoreGlob(pattern: string): { test(relPath: string): boolean } {
  let p = pattern.trim().replace(/^\.\//, "");
  if (p.endsWith("/")) p += "**";
  const g = new GlobBuilder();
  const parts: Fragment[] = [];
  // Without a slash: any folders in front (`(?:.*/)?` as a regular expression).
  if (!p.includes("/")) parts.push(anyFolders(g));
  parts.push(readGlob(g, p, readAtom));
  // Anything inside a matched folder (`(?:/.*)?`).
  parts.push(g.optional(g.seq([g.literal("/"), g.star(g.char(anyChar))])));
  const test = g.matcher(g.seq(parts));
  return { test };
}

function anyFolders(g: GlobBuilder): Fragment {
  return g.optional(g.seq([g.star(g.char(anyChar)), g.literal("/")]));
}

const readAtom: ReadAtom = (g, p, i) => {
  const c = p[i]!;
  if (c === "*" && p[i + 1] === "*") {
    if (p[i + 2] === "/") return { fragment: anyFolders(g), end: i + 3 };
    return { fragment: g.star(g.char(anyChar)), end: i + 2 };
  }
  if (c === "*") return { fragment: g.star(g.char(notSlash)), end: i + 1 };
  if (c === "?") return { fragment: g.char(notSlash), end: i + 1 };
  const code = p.codePointAt(i)!;
  const ch = String.fromCodePoint(code);
  return { fragment: g.literal(ch), end: i + ch.length };
};

export function matcher(patterns: string[] | undefined): (relPath: string) => boolean {
  const globs = (patterns ?? []).map(ignoreGlob);
  return (relPath) => globs.some((glob) => glob.test(relPath));
}
