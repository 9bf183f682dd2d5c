import { anyChar, GlobBuilder, notSlash, readGlob, type ReadAtom } from "./glob-nfa.js";

/**
 * Glob matching for vercel.json `functions` keys and workspace patterns: `*`, `**`, `?`, `{a,b}`
 * and `[...]`, on forward-slash paths. Node 20 has no stable glob matcher.
 */
function projectGlob(glob: string): (relPath: string) => boolean {
  const g = new GlobBuilder();
  const run = g.matcher(readGlob(g, glob, readAtom));
  // vercel.json may hold thousands of globs, each tried on every file: most are told apart by the
  // text before their first wildcard, without running the automaton.
  const prefix = /^[^*?[{},]*/.exec(glob)![0];
  return (relPath) => relPath.startsWith(prefix) && run(relPath);
}

const readAtom: ReadAtom = (g, glob, i) => {
  const c = glob[i]!;
  if (c === "*" && glob[i + 1] === "*") {
    // `**/` at a segment start is any number of whole folders (`(?:[^/]+/)*`); elsewhere, anything.
    if ((i === 0 || glob[i - 1] === "/") && glob[i + 2] === "/") {
      const folder = g.seq([g.char(notSlash), g.star(g.char(notSlash)), g.literal("/")]);
      return { fragment: g.star(folder), end: i + 3 };
    }
    return { fragment: g.star(g.char(anyChar)), end: i + 2 };
  }
  if (c === "*") return { fragment: g.star(g.char(notSlash)), end: i + 1 };
  if (c === "?") return { fragment: g.char(notSlash), end: i + 1 };
  if (c === "[") {
    const close = glob.indexOf("]", i + 1);
    if (close !== -1) return { fragment: g.char(characterClass(glob.slice(i + 1, close))), end: close + 1 };
  }
  const ch = String.fromCodePoint(glob.codePointAt(i)!);
  return { fragment: g.literal(ch), end: i + ch.length };
};

/**
 * `[abc]`, `[a-z]`, `[!a]` / `[^a]` as a regular expression reads them (backslashes are plain
 * characters). An empty class matches nothing, its negation anything; a backwards range nothing.
 */
function characterClass(body: string): (c: string) => boolean {
  const negated = body.startsWith("!") || body.startsWith("^");
  const chars = [...(negated ? body.slice(1) : body)];
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < chars.length; i++) {
    const from = chars[i]!.codePointAt(0)!;
    if (chars[i + 1] === "-" && i + 2 < chars.length) {
      ranges.push([from, chars[i + 2]!.codePointAt(0)!]);
      i += 2;
    } else ranges.push([from, from]);
  }
  return (c) => ranges.some(([lo, hi]) => c.codePointAt(0)! >= lo && c.codePointAt(0)! <= hi) !== negated;
}

const cache = new Map<string, (relPath: string) => boolean>();

export function matchesGlob(relPath: string, glob: string): boolean {
  let test = cache.get(glob);
  if (!test) {
    test = projectGlob(glob.replace(/^\.\//, "").replace(/^\//, ""));
    cache.set(glob, test);
  }
  return test(relPath);
}
