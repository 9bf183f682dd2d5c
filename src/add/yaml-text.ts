// Line-level helpers for inserting a block into YAML as text, so every byte outside the insertion
// stays as written (comments, quoting, anchors); callers parse the result again to check the edit.

const indentOf = (line: string) => /^ */.exec(line)![0].length;
const blankOrComment = (line: string) => line.trim() === "" || line.trimStart().startsWith("#");

/** The indentation of the first key under the (1-based) key line, or undefined when none follows. */
export function childIndent(lines: string[], keyLine: number): string | undefined {
  const parent = indentOf(lines[keyLine - 1] ?? "");
  for (const line of lines.slice(keyLine)) {
    if (blankOrComment(line)) continue;
    const match = /^( +)[A-Za-z0-9_${}"'.-]+:/.exec(line);
    return match && match[1]!.length > parent ? match[1] : undefined;
  }
  return undefined;
}

/**
 * The line index just after the block under the (1-based) key line: before the next line at the key's
 * indentation or less, and before the blank lines and the comments at that indentation above it
 * (they belong to the next key).
 */
export function endOfBlock(lines: string[], keyLine: number): number {
  const parent = indentOf(lines[keyLine - 1] ?? "");
  let next = lines.length;
  for (let i = keyLine; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!blankOrComment(line) && indentOf(line) <= parent) {
      next = i;
      break;
    }
  }
  let end = next;
  const belongsToNext = (line: string) => line.trim() === "" || (line.trimStart().startsWith("#") && indentOf(line) <= parent);
  while (end > keyLine && belongsToNext(lines[end - 1] ?? "")) end--;
  return end;
}

/** A block of `key:` + body lines at `indent`, the body indented one more step (`step`). */
export function yamlBlock(key: string, body: string, indent: string, step: string): string {
  return `${indent}${key}:\n${body.replace(/^/gm, indent + step).replace(/^\s+$/gm, "")}`;
}
