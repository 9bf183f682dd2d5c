import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { positionAt } from "./files.js";
import type { LocatedDocument } from "./located.js";

export type JsoncResult = { ok: true; doc: LocatedDocument } | { ok: false; message: string; line: number; column: number };

/** Parses JSON with comments and trailing commas, keeping offsets for locations. */
export function parseJsonc(text: string): JsoncResult {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first || !tree) {
    const pos = positionAt(text, first?.offset ?? 0);
    const what = first ? printParseErrorCode(first.error) : "EmptyDocument";
    return { ok: false, message: `invalid JSON (${describe(what)})`, ...pos };
  }
  return {
    ok: true,
    doc: {
      value: getNodeValue(tree),
      /** The key's position for properties, the value's for list items. */
      positionOf(path) {
        const node = findNodeAtLocation(tree, path);
        if (!node) return undefined;
        const anchor: Node = node.parent?.type === "property" ? node.parent : node;
        return positionAt(text, anchor.offset);
      },
    },
  };
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
