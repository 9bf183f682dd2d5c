/**
 * Glob matching in time proportional to path length × pattern length. Globs used to be turned into
 * regular expressions, and `*a*a*a*a*a*ab` against a long path made the regex engine backtrack for
 * minutes (picomatch, also regex-based, does the same). Here a pattern becomes a small automaton
 * (Thompson's construction) and a path is run through all its states at once, so nothing is ever
 * retried. Built without recursion, so no pattern can exhaust the stack either.
 */

/** One character test; `undefined` marks a state that moves on without reading a character. */
type Test = ((c: string) => boolean) | undefined;

/** A piece of automaton with one way in and one dangling way out (`exit`'s next state, set later). */
export interface Fragment {
  start: number;
  exit: number;
}

export class GlobBuilder {
  private readonly tests: Test[] = [];
  private readonly next: number[][] = [];

  private state(test: Test): number {
    this.tests.push(test);
    this.next.push([]);
    return this.tests.length - 1;
  }

  private link(from: number, to: number): void {
    this.next[from]!.push(to);
  }

  /** Matches nothing but the empty string. */
  empty(): Fragment {
    const s = this.state(undefined);
    return { start: s, exit: s };
  }

  char(test: (c: string) => boolean): Fragment {
    const s = this.state(test);
    return { start: s, exit: s };
  }

  literal(text: string): Fragment {
    return this.seq([...text].map((c) => this.char((x) => x === c)));
  }

  seq(parts: Fragment[]): Fragment {
    if (parts.length === 0) return this.empty();
    for (let i = 1; i < parts.length; i++) this.link(parts[i - 1]!.exit, parts[i]!.start);
    return { start: parts[0]!.start, exit: parts[parts.length - 1]!.exit };
  }

  alt(options: Fragment[]): Fragment {
    const split = this.state(undefined);
    const join = this.state(undefined);
    for (const o of options) {
      this.link(split, o.start);
      this.link(o.exit, join);
    }
    return { start: split, exit: join };
  }

  /** Zero or more times. */
  star(body: Fragment): Fragment {
    const loop = this.state(undefined);
    const exit = this.state(undefined);
    this.link(loop, body.start);
    this.link(body.exit, loop);
    this.link(loop, exit);
    return { start: loop, exit };
  }

  optional(body: Fragment): Fragment {
    const split = this.state(undefined);
    const exit = this.state(undefined);
    this.link(split, body.start);
    this.link(body.exit, exit);
    this.link(split, exit);
    return { start: split, exit };
  }

  /** Whether a whole string takes `whole` from its start to its exit. */
  matcher(whole: Fragment): (text: string) => boolean {
    const accept = this.state(undefined);
    this.link(whole.exit, accept);
    const tests = this.tests;
    const next = this.next;
    const seen = new Int32Array(tests.length).fill(-1);
    let round = 0;
    // Adds `from` and every state reachable from it without reading, keeping those that read.
    const close = (from: number, into: number[]): boolean => {
      let accepted = false;
      const stack = [from];
      while (stack.length > 0) {
        const s = stack.pop()!;
        if (seen[s] === round) continue;
        seen[s] = round;
        if (s === accept) accepted = true;
        if (tests[s]) into.push(s);
        else for (const n of next[s]!) stack.push(n);
      }
      return accepted;
    };
    return (text) => {
      let current: number[] = [];
      round++;
      let accepted = close(whole.start, current);
      for (const c of text) {
        const after: number[] = [];
        round++;
        accepted = false;
        for (const s of current) {
          if (!tests[s]!(c)) continue;
          for (const n of next[s]!) if (close(n, after)) accepted = true;
        }
        if (after.length === 0 && !accepted) return false;
        current = after;
      }
      return accepted;
    };
  }
}

/** How a glob dialect reads everything but braces: the fragment at `i` and where the next token starts. */
export type ReadAtom = (g: GlobBuilder, pattern: string, i: number) => { fragment: Fragment; end: number };

type Token = { kind: "atom"; fragment: Fragment } | { kind: "{" | "," | "}"; at: number };

/**
 * The body of a glob: atoms from `readAtom`, and `{a,b}` alternatives, nested. A `{` without its
 * `}` (and the commas it would have owned), or a `}` or `,` outside braces, is a literal character.
 */
export function readGlob(g: GlobBuilder, pattern: string, readAtom: ReadAtom): Fragment {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "{" || c === "," || c === "}") {
      tokens.push({ kind: c, at: i });
      i++;
    } else {
      const { fragment, end } = readAtom(g, pattern, i);
      tokens.push({ kind: "atom", fragment });
      i = end;
    }
  }
  // Pair the braces first, so that the unpaired ones can be read as text.
  const paired = new Set<number>();
  const open: number[] = [];
  const owner = new Map<number, number>();
  tokens.forEach((t, i) => {
    if (t.kind === "{") open.push(i);
    else if (t.kind === "," && open.length > 0) owner.set(i, open[open.length - 1]!);
    else if (t.kind === "}" && open.length > 0) {
      paired.add(open.pop()!);
      paired.add(i);
    }
  });
  const frames: Array<{ before: Fragment[]; options: Fragment[] }> = [];
  let parts: Fragment[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === "atom") parts.push(t.fragment);
    else if (t.kind === "{" && paired.has(i)) {
      frames.push({ before: parts, options: [] });
      parts = [];
    } else if (t.kind === "," && paired.has(owner.get(i) ?? -1)) {
      frames[frames.length - 1]!.options.push(g.seq(parts));
      parts = [];
    } else if (t.kind === "}" && paired.has(i)) {
      const frame = frames.pop()!;
      const group = g.alt([...frame.options, g.seq(parts)]);
      parts = [...frame.before, group];
    } else parts.push(g.literal(pattern[t.at]!));
  });
  return g.seq(parts);
}

/** Characters the regular expressions' `.` matched: all but line terminators. */
export const anyChar = (c: string): boolean => c !== "\n" && c !== "\r" && c !== "\u2028" && c !== "\u2029";
export const notSlash = (c: string): boolean => c !== "/";
