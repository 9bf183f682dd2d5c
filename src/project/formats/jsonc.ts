import { createScanner, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { MAX_NESTING, oversize, tooDeep, type ParseFailure } from "./limits.js";
import { offsetPositions, type LocatedDocument } from "./located.js";

export type JsoncResult = { ok: true; doc: LocatedDocument } | ParseFailure;

/**
 * Parses JSON with comments and trailing commas, keeping offsets for locations. Oversized or too
 * deeply nested text is refused first: jsonc-parser builds and reads its tree recursively.
 */
export function parseJsonc(text: string): JsoncResult {
  const big = oversize(text);
  if (big) return big;
  const positionAt = offsetPositions(text);
  const deep = deepestOffset(text);
  if (deep !== undefined) return tooDeep(positionAt(deep));
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first || !tree) {
    const pos = positionAt(first?.offset ?? 0);
    const what = first ? printParseErrorCode(first.error) : "EmptyDocument";
    return { ok: false, message: `invalid JSON (${describe(what)})`, ...pos };
  }
  const find = propertyFinder();
  return {
    ok: true,
    doc: {
      value: getNodeValue(tree),
      /** The key's position for properties, the value's for list items. */
      positionOf(path) {
        let node: Node | undefined = tree;
        for (const segment of path) node = node && find(node, segment);
        if (!node) return undefined;
        const anchor: Node = node.parent?.type === "property" ? node.parent : node;
        return positionAt(anchor.offset);
      },
    },
  };
}

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** The offset of the first `{` or `[` deeper than MAX_NESTING, found with jsonc-parser's (flat) scanner. */
function deepestOffset(text: string): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind: number = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      if (++depth > MAX_NESTING) return scanner.getTokenOffset();
    } else if ((kind === CLOSE_BRACE || kind === CLOSE_BRACKET) && depth > 0) depth--;
  }
  return undefined;
}

/**
 * A step along a path: the value of the first property with that key (as jsonc-parser's
 * findNodeAtLocation does), or the list item. Each object's keys are indexed on first use, so
 * looking up every function of a large template stays linear.
 */
function propertyFinder(): (node: Node, segment: string | number) => Node | undefined {
  const indexes = new WeakMap<Node, Map<string, Node>>();
  return (node, segment) => {
    if (typeof segment === "number") return node.type === "array" ? node.children?.[segment] : undefined;
    if (node.type !== "object") return undefined;
    let index = indexes.get(node);
    if (!index) {
      index = new Map();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value && property.children!.length === 2 && typeof key.value === "string" && !index.has(key.value)) index.set(key.value, value);
      }
      indexes.set(node, index);
    }
    return index.get(segment);
  };
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
