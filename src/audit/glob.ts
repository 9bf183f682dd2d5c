/**
 * Minimal glob matching for `ignore` patterns: `**` (any folders), `*` (within a segment), `?`,
 * `{a,b}`. Patterns match relative, forward-slash paths; a pattern without a slash matches a
 * file or folder name at any depth, as in .gitignore.
 */
export function globToRegExp(pattern: string): RegExp {
  let p = pattern.trim().replace(/^\.\//, "");
  if (p.endsWith("/")) p += "**";
  const anchored = p.includes("/");
  let out = "";
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "*" && p[i + 1] === "*") {
      const slash = p[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      out += ")";
    } else if (c === "," && braces > 0) out += "|";
    else out += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${anchored ? "" : "(?:.*/)?"}${out}(?:/.*)?$`);
}

export function matcher(patterns: string[] | undefined): (relPath: string) => boolean {
  const res = (patterns ?? []).map(globToRegExp);
  return (relPath) => res.some((re) => re.test(relPath));
}
