import type { Alias, CST, Document, DocumentOptions, LineCounter, Node, Pair, ParseOptions, SchemaOptions, YAMLParseError } from "yaml";
import { yaml } from "./yaml-lib.js";
import { limitFailure, MAX_ALIAS_VALUES, MAX_NESTING, tooDeep, type ParseFailure } from "./limits.js";
import type { Position } from "./located.js";

/**
 * YAML read within bounds. The `yaml` library composes documents recursively (out of stack about
 * 800 levels down, and near that point V8 may even abort the process), and its Alias.resolve()
 * walks the whole document on every call. So nesting is measured on the flat token tree first,
 * aliases are resolved from one index, and their expansion is counted.
 */

/** A bound hit: where, and the failure to report once the caller has turned the offset into a position. */
export class YamlLimit extends Error {
  constructor(
    readonly offset: number,
    readonly failure: (at: Position) => ParseFailure,
  ) {
    super("YAML limit");
  }
}

type Options = ParseOptions & DocumentOptions & SchemaOptions & { lineCounter: LineCounter };
type OnError = (source: unknown, code: string, message: string, warning?: boolean) => void;

/** Thrown through the composer at its first error. */
class FirstError extends Error {}

/**
 * parseDocument() up to its first error, which is all that is reported: a file of a million stray
 * `]` made a million error objects (about 20 µs each). Text nested deeper than MAX_NESTING throws a
 * YamlLimit instead of being composed.
 */
export function composeBounded(text: string, options: Options): { doc: Document.Parsed } | { error: YAMLParseError } {
  const { Composer, Parser } = yaml();
  const tokens = [...new Parser(options.lineCounter.addNewLine).parse(text)];
  const deep = deepestCollection(tokens);
  if (deep !== undefined) throw new YamlLimit(deep, (at) => tooDeep(at));
  // The composer reports through its private onError, and files stray tokens' errors directly in
  // its private error list: watching both is the only way to stop early. A collection catches what
  // is thrown inside it and reports again, so only the first report is kept. Should a later `yaml`
  // rename either, composing runs to the end as parseDocument() does: slower, still correct.
  const composer = new Composer(options);
  const inside = composer as unknown as { onError: OnError; errors?: YAMLParseError[] };
  const report = inside.onError;
  let first: YAMLParseError | undefined;
  inside.onError = (source, code, message, warning) => {
    // Warnings are never reported: not even made (a file of unknown tags has one per tag).
    if (warning) return;
    if (first) throw new FirstError();
    report(source, code, message);
    first = inside.errors?.at(-1);
    if (first) throw new FirstError();
  };
  function* untilError(): Generator<CST.Token> {
    for (const token of tokens) {
      if ((inside.errors?.length ?? 0) > 0) return;
      yield token;
      if (token.type === "error") return;
    }
  }
  let doc: Document.Parsed | undefined;
  try {
    for (const next of composer.compose(untilError(), true, text.length)) {
      if (doc) return { error: doc.errors[0] ?? multipleDocs(next.range[0]) };
      doc = next;
    }
  } catch (error) {
    if (!(error instanceof FirstError) || !first) throw error;
    // An error past the first document: parseDocument() would report the second document first.
    return { error: doc ? (doc.errors[0] ?? multipleDocs(first.pos[0])) : first };
  }
  return doc!.errors[0] ? { error: doc!.errors[0] } : { doc: doc! };
}

function multipleDocs(offset: number): YAMLParseError {
  return new (yaml().YAMLParseError)([offset, offset + 1], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()");
}

/** The offset of the first collection deeper than MAX_NESTING, walking the token tree without recursion. */
function deepestCollection(tokens: CST.Token[]): number | undefined {
  const stack: Array<[CST.Token, number]> = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === "document" && token.value) stack.push([token.value, depth]);
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    if (depth + 1 > MAX_NESTING) return token.offset;
    for (const item of token.items) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/** The key of a pair as text, the way positions and values name it. */
export function keyText(pair: Pair): string {
  return yaml().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/**
 * Each alias's target as Alias.resolve() finds it (the last node with that anchor before the
 * alias, in document order), from one walk instead of one walk per alias.
 */
export function aliasTargets(doc: Document.Parsed): Map<Alias, Node> {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yaml();
  const targets = new Map<Alias, Node>();
  const anchors = new Map<string, Node>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
    } else if (isMap(node) || isSeq(node) || isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, node);
      if (isScalar(node)) continue;
      const items: unknown[] = node.items;
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (isPair(item)) stack.push(item.value, item.key);
        else stack.push(item);
      }
    }
  }
  return targets;
}

/**
 * The document as plain values; `tagged` sees each tagged node's tag and value. An alias inside the
 * value it names, values nested too deep through aliases, or aliases adding more than
 * MAX_ALIAS_VALUES values throw a YamlLimit.
 */
export function readValue(doc: Document.Parsed, targets: Map<Alias, Node>, tagged: (tag: string | undefined, value: unknown) => unknown): unknown {
  const { isAlias, isMap, isScalar, isSeq } = yaml();
  let budget = MAX_ALIAS_VALUES;
  const open = new Set<unknown>();
  // `alias`: where the outermost alias being expanded is written, reported when the budget runs out.
  const read = (node: unknown, depth: number, alias: number | undefined): unknown => {
    if (isAlias(node)) {
      const target = targets.get(node);
      const offset = node.range?.[0] ?? 0;
      if (target && open.has(target)) {
        throw new YamlLimit(offset, (at) => limitFailure(`has an alias (*${node.source}) inside the value it names, which makes that value endless, so it was not read. Remove the self-reference.`, at));
      }
      // A scalar costs what its alias does; only collections multiply.
      if (isScalar(target)) return tagged(target.tag, target.value);
      if (depth > MAX_NESTING) throw new YamlLimit(offset, (at) => tooDeep(at, " through aliases"));
      return target ? read(target, depth, alias ?? offset) : null;
    }
    if (alias !== undefined && --budget < 0) {
      throw new YamlLimit(alias, (at) =>
        limitFailure(`has aliases that expand to more than ${MAX_ALIAS_VALUES.toLocaleString("en-US")} values (a "billion laughs"), so it was not read. Write the values out, or nest fewer aliases.`, at),
      );
    }
    if (isScalar(node)) return tagged(node.tag, node.value);
    if (!isMap(node) && !isSeq(node)) return null;
    open.add(node);
    let value: unknown;
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) out[keyText(pair)] = read(pair.value, depth + 1, alias);
      value = out;
    } else value = node.items.map((item) => read(item, depth + 1, alias));
    open.delete(node);
    return tagged(node.tag, value);
  };
  return read(doc.contents, 0, undefined);
}

/**
 * The offset of the key (or list item) at `path`, following aliases. Each map's keys are indexed on
 * first use (the first pair with a key wins), so looking up every function of a large template
 * stays linear.
 */
export function offsetFinder(doc: Document.Parsed, targets: Map<Alias, Node>): (path: Array<string | number>) => number | undefined {
  const { isAlias, isMap, isSeq } = yaml();
  const indexes = new WeakMap<object, Map<string, Pair>>();
  const pairIn = (map: { items: Pair[] }, key: string): Pair | undefined => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = keyText(pair);
        if (!index.has(key)) index.set(key, pair);
      }
      indexes.set(map, index);
    }
    return index.get(key);
  };
  return (path) => {
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
    for (const part of path) {
      if (isAlias(node)) node = targets.get(node);
      if (isMap(node)) {
        const pair = pairIn(node, String(part));
        if (!pair) return undefined;
        offset = (pair.key as Node | null)?.range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof part === "number") {
        node = node.items[part];
        offset = (node as Node | undefined)?.range?.[0];
      } else return undefined;
    }
    return offset;
  };
}
