/**
 * A map kept while an audit runs: open() starts it (or joins the one open), and it is dropped when
 * every opener has called the function open() returned. Outside a run, `current` is undefined.
 */
export interface RunShare<V> {
  readonly current: Map<string, V> | undefined;
  open(): () => void;
}

export function runShare<V>(): RunShare<V> {
  let map: Map<string, V> | undefined;
  let openers = 0;
  return {
    get current() {
      return map;
    },
    open() {
      openers++;
      map ??= new Map();
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        if (--openers === 0) map = undefined;
      };
    },
  };
}
