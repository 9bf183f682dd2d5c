/**
 * An Astro component's server code is its frontmatter, between the leading `---` fences; Astro
 * compiles it into the component's render function, which runs per request for an on-demand page.
 * These views give the bundler and the checks TypeScript with every frontmatter line where it is
 * written and the template blanked. No TypeScript parser is needed: imports are found with a
 * small scanner that knows strings, comments and brackets.
 */

interface Fences {
  lines: string[];
  /** Line index of the opening and closing fences; `close` is lines.length when it is missing. */
  open: number;
  close: number;
}

function fences(text: string): Fences | undefined {
  const lines = text.split("\n");
  let open = 0;
  while (open < lines.length && lines[open]!.trim() === "") open++;
  if (open >= lines.length || !/^---\s*$/.test(lines[open]!.replace(/\r$/, ""))) return undefined;
  let close = open + 1;
  while (close < lines.length && !/^\s*---/.test(lines[close]!)) close++;
  return { lines, open, close };
}

const blank = (line: string): string => (line.endsWith("\r") ? "\r" : "");

/** The frontmatter alone, at its lines; everything else blank. Top-level `return` stays (a parser reads past it). */
export function astroFrontmatter(text: string): string {
  const f = fences(text);
  if (!f) return text.split("\n").map(blank).join("\n");
  return f.lines.map((line, i) => (i > f.open && i < f.close ? line : blank(line))).join("\n");
}

const OPENER = "export default async function $$render(Astro: any) {";

/**
 * The frontmatter as a module: imports stay at the top level, the rest becomes the body of the
 * default export (the render function, so a client made there is made per request), with the
 * `export` keyword dropped from its declarations. Imports written after other code are moved up
 * to the opener's line (Astro hoists them too), so only their line numbers are approximate.
 */
export function astroModule(text: string): string {
  const f = fences(text);
  if (!f) return [`${OPENER}}`, ...text.split("\n").slice(1).map(blank)].join("\n");
  const out = f.lines.map(blank);
  const body = f.lines.slice(f.open + 1, f.close).join("\n");
  const { leadingEnd, late, exports } = scan(body);
  const chars = body.split("");
  const moved: string[] = [];
  for (const [from, to] of late) {
    moved.push(body.slice(from, to).replace(/\s*\n\s*/g, " "));
    for (let k = from; k < to; k++) if (chars[k] !== "\n" && chars[k] !== "\r") chars[k] = " ";
  }
  for (const at of exports) for (let k = at; k < at + "export".length; k++) chars[k] = " ";
  // Imports may end without a semicolon (ASI at the newline): a `;` keeps the opener a statement of its own.
  const ended = (code: string) => (/;\s*$/.test(code) ? code : `${code};`);
  const opener = `${moved.length ? `${moved.map(ended).join(" ")} ` : ""}${OPENER}`;
  const front = leadingEnd === 0 ? chars.join("") : ended(chars.slice(0, leadingEnd).join("")) + " " + opener + chars.slice(leadingEnd).join("");
  front.split("\n").forEach((line, k) => (out[f.open + 1 + k] = line));
  if (leadingEnd === 0) out[f.open] = opener;
  if (f.close < f.lines.length) out[f.close] = "}";
  else out[out.length - 1] += "}";
  return out.join("\n");
}

interface Scan {
  /** Where the leading run of import declarations ends (0: the body starts with code). */
  leadingEnd: number;
  /** Import declarations after other code: [from, to) offsets. */
  late: Array<[number, number]>;
  /** Offsets of `export` keywords that start top-level statements. */
  exports: number[];
}

const IDENT = /[A-Za-z0-9_$]/;
/** After these, a `/` starts a regular expression rather than a division. */
const REGEX_BEFORE = /[(,=:[!&|?{};+\-*%<>~^]$/;

/** Where a comment starting at `at` ends (a line comment at its newline), or undefined when none starts there. */
function commentEnd(src: string, at: number): number | undefined {
  if (src[at] !== "/") return undefined;
  if (src[at + 1] === "/") {
    const end = src.indexOf("\n", at);
    return end < 0 ? src.length : end;
  }
  if (src[at + 1] !== "*") return undefined;
  const end = src.indexOf("*/", at + 2);
  return end < 0 ? src.length : end + 2;
}

function scan(src: string): Scan {
  const result: Scan = { leadingEnd: 0, late: [], exports: [] };
  let i = 0;
  let depth = 0;
  let leading = true;
  let lineStart = true;
  let last = "";
  const templates: number[] = [];

  const skipString = (quote: string) => {
    i++;
    while (i < src.length && src[i] !== quote && src[i] !== "\n") i += src[i] === "\\" ? 2 : 1;
    i++;
  };
  /** Scans a template literal from after its backquote; returns at `${` (pushing the depth) or after the closing backquote. */
  const skipTemplate = () => {
    while (i < src.length) {
      if (src[i] === "\\") i += 2;
      else if (src[i] === "`") {
        i++;
        return;
      } else if (src[i] === "$" && src[i + 1] === "{") {
        i += 2;
        templates.push(depth);
        depth++;
        return;
      } else i++;
    }
  };
  const word = (at: number) => /^[A-Za-z_$][\w$]*/.exec(src.slice(at))?.[0] ?? "";
  /** An import declaration starting at `at`: its end, after the module string and an optional `with {...}` and `;`. */
  const importEnd = (at: number): number | undefined => {
    const after = src.slice(at + 6);
    if (!/^(\s|\{|\*|["'])/.test(after) || /^\s*\(/.test(after)) return undefined;
    let k = at + 6;
    let sawFrom = /^\s*["']/.test(after);
    while (k < src.length) {
      const c = src[k]!;
      if (c === '"' || c === "'") {
        if (sawFrom) {
          i = k;
          skipString(c);
          k = i;
          const tail = /^[ \t]*(?:(?:with|assert)\s*\{[^}]*\})?[ \t]*;?/.exec(src.slice(k))!;
          return k + tail[0].length;
        }
        i = k;
        skipString(c);
        k = i;
        continue;
      }
      const afterComment = commentEnd(src, k);
      if (afterComment !== undefined) {
        k = afterComment;
        continue;
      }
      if (word(k) === "from" && !IDENT.test(src[k - 1] ?? "")) {
        sawFrom = true;
        k += 4;
        continue;
      }
      k++;
    }
    return undefined;
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === "\n") {
      lineStart = true;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    const afterComment = commentEnd(src, i);
    if (afterComment !== undefined) {
      i = afterComment;
      continue;
    }
    const atLineStart = lineStart;
    lineStart = false;
    if (depth === 0 && atLineStart && /^import\b/.test(src.slice(i)) && !IDENT.test(src[i - 1] ?? "")) {
      const start = i;
      const end = importEnd(i);
      if (end !== undefined) {
        if (leading) result.leadingEnd = end;
        else result.late.push([start, end]);
        i = end;
        last = ";";
        continue;
      }
    }
    if (depth === 0 && atLineStart && /^export\s/.test(src.slice(i))) result.exports.push(i);
    leading = false;
    if (c === '"' || c === "'") {
      skipString(c);
      last = "a";
    } else if (c === "`") {
      i++;
      skipTemplate();
      last = "a";
    } else if (c === "/" && (last === "" || REGEX_BEFORE.test(last) || /^(return|typeof|case|do|else|in|of|await|yield)$/.test(last))) {
      i++;
      let inClass = false;
      while (i < src.length && src[i] !== "\n") {
        if (src[i] === "\\") i++;
        else if (src[i] === "[") inClass = true;
        else if (src[i] === "]") inClass = false;
        else if (src[i] === "/" && !inClass) break;
        i++;
      }
      i++;
      last = "a";
    } else if (c === "{" || c === "(" || c === "[") {
      depth++;
      i++;
      last = c;
    } else if (c === "}" || c === ")" || c === "]") {
      depth = Math.max(0, depth - 1);
      i++;
      last = c;
      if (c === "}" && templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        skipTemplate();
        last = "a";
      }
    } else if (IDENT.test(c)) {
      const w = word(i) || c;
      i += w.length;
      last = w;
    } else {
      i++;
      last = c;
    }
  }
  return result;
}
