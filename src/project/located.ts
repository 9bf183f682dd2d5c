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
