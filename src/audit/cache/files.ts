import * as z from "zod";
import { sha256, slotOf, type CacheStore } from "./store.js";

/**
 * Facts computed from one file's text alone, kept between runs by the text's content hash: whether
 * each rule's prescan matches it, and facts a rule draws from its syntax tree (FileCache.fact). A
 * prescan decides which files a rule reads at all; on a large project the tests cost more than
 * anything else a run with one file changed does, and an unchanged text gives the same answers, so
 * an unchanged file is neither tested again nor parsed for what a fact already says.
 */
export interface FileFacts {
  /** Whether `pattern` matches `text`: remembered from an earlier run for the same text, else tested. */
  matches(text: string, pattern: RegExp): boolean;
  /** What an earlier run stored as fact `name` of this text (unchecked: the caller validates it), or undefined. */
  fact(text: string, name: string): unknown;
  remember(text: string, name: string, value: unknown): void;
  /** Whether an earlier run stored anything of this very text. */
  knows(text: string): boolean;
  /** Writes what this run knew of the texts it looked at (and only those: an edited file's old text is dropped). */
  save(): void;
}

/** One entry for the whole project: one file per text would cost a write per file on the first run. */
const SLOT = slotOf("file facts");
const HASH = z.string().regex(/^[0-9a-f]{64}$/);
const entrySchema = z.object({
  patterns: z.array(z.string()),
  /** Content hash -> one character per pattern: "1" matches, "0" does not, "-" (or none, past the end) not tested. */
  texts: z.record(HASH, z.string().regex(/^[01-]*$/)),
  /** Content hash -> fact name -> value (checked against the fact's own schema when used). */
  facts: z.record(HASH, z.record(z.string(), z.unknown())),
});

/** The key of a pattern: its source and flags (a prescan has no `g` or `y`, so a test has no state). */
function keyOf(pattern: RegExp): string {
  return `/${pattern.source}/${pattern.flags}`;
}

/** Reads the stored entry on first use: a run the whole-result cache answers never needs it. */
export function fileFacts(store: CacheStore): FileFacts {
  let facts: FileFacts | undefined;
  const loaded = () => (facts ??= load(store));
  return {
    matches: (text, pattern) => loaded().matches(text, pattern),
    fact: (text, name) => loaded().fact(text, name),
    remember: (text, name, value) => loaded().remember(text, name, value),
    knows: (text) => loaded().knows(text),
    save: () => facts?.save(),
  };
}

interface Known {
  answers: Array<boolean | undefined>;
  facts: Record<string, unknown>;
}

function load(store: CacheStore): FileFacts {
  const stored = store.read("file", SLOT, entrySchema);
  const patterns = stored?.patterns ?? [];
  const index = new Map(patterns.map((p, i) => [p, i]));
  /** What this run knows of each text it looked at, by content hash. */
  const known = new Map<string, Known>();
  const hashes = new Map<string, string>();
  let changed = false;
  const hashOf = (text: string): string => {
    let hash = hashes.get(text);
    if (hash === undefined) hashes.set(text, (hash = sha256(text)));
    return hash;
  };
  const knownOf = (text: string): Known => {
    const hash = hashOf(text);
    let k = known.get(hash);
    if (!k) {
      const was = stored?.texts[hash];
      const facts = stored?.facts[hash];
      k = { answers: [...(was ?? "")].map((c) => (c === "-" ? undefined : c === "1")), facts: { ...facts } };
      known.set(hash, k);
      // A text the stored entry does not know: the entry is rewritten with it.
      if (was === undefined && facts === undefined) changed = true;
    }
    return k;
  };
  return {
    matches(text, pattern) {
      const key = keyOf(pattern);
      let i = index.get(key);
      if (i === undefined) {
        index.set(key, (i = patterns.length));
        patterns.push(key);
      }
      const { answers } = knownOf(text);
      const answer = answers[i];
      if (answer !== undefined) return answer;
      changed = true;
      return (answers[i] = pattern.test(text));
    },
    fact: (text, name) => knownOf(text).facts[name],
    knows(text) {
      const hash = hashOf(text);
      return stored?.texts[hash] !== undefined || stored?.facts[hash] !== undefined;
    },
    remember(text, name, value) {
      knownOf(text).facts[name] = value;
      changed = true;
    },
    save() {
      // Unchanged answers for the very texts the entry holds: nothing to write.
      if (!changed && known.size === Object.keys(stored?.texts ?? {}).length) return;
      const texts: Record<string, string> = {};
      const facts: Record<string, Record<string, unknown>> = {};
      for (const [hash, k] of [...known].sort(([a], [b]) => (a < b ? -1 : 1))) {
        texts[hash] = Array.from({ length: k.answers.length }, (_, i) => (k.answers[i] === undefined ? "-" : k.answers[i] ? "1" : "0")).join("");
        if (Object.keys(k.facts).length > 0) facts[hash] = k.facts;
      }
      store.write("file", SLOT, { patterns, texts, facts });
    },
  };
}
