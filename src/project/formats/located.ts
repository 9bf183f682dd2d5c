/** A 1-based line and column in a config file. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed config file's value, and where each key (or list item) at a path is written. */
export interface LocatedDocument<T = unknown> {
  value: T;
  positionOf: (path: Array<string | number>) => Position | undefined;
}

/**
 * 1-based line and column of character offsets in `text`. The line starts are found once, so
 * asking for every function's position in a large file stays linear.
 */
export function offsetPositions(text: string): (offset: number) => Position {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    const end = Math.min(offset, text.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= end) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: end - starts[lo]! + 1 };
  };
}
