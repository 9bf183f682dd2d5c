import { stripVTControlCharacters } from "node:util";

/**
 * Word-wraps one line to `width` columns, continuation lines indented like the first line's
 * leading spaces plus `hang`. Words are never cut: a word longer than the width gets a line of its
 * own, so nothing is lost. ANSI colour codes count as zero width. No width: the line as it is.
 */
export function wrapLine(line: string, width: number | undefined, hang = 0): string[] {
  if (width === undefined || visibleLength(line) <= width) return [line];
  const indent = /^ */.exec(stripVTControlCharacters(line))![0].length;
  const pad = " ".repeat(Math.min(indent + hang, Math.floor(width / 2)));
  const words = line.slice(indent).split(" ");
  const out: string[] = [];
  let current = " ".repeat(indent);
  let currentLength = indent;
  let empty = true;
  for (const word of words) {
    const length = visibleLength(word);
    if (!empty && currentLength + 1 + length > width) {
      out.push(current);
      current = pad;
      currentLength = pad.length;
      empty = true;
    }
    current += empty ? word : ` ${word}`;
    currentLength += empty ? length : length + 1;
    empty = false;
  }
  out.push(current);
  return out;
}

/** Every line of `lines` wrapped (see wrapLine); lines may contain newlines. */
export function wrapAll(lines: string[], width: number | undefined, hang = 0): string[] {
  return lines.flatMap((line) => line.split("\n")).flatMap((line) => wrapLine(line, width, hang));
}

function visibleLength(text: string): number {
  return stripVTControlCharacters(text).length;
}
