import { applyEdits, findNodeAtLocation, modify, parseTree, type JSONPath } from "jsonc-parser";

/**
 * Appends `value` to the list at `path` in JSON/JSONC text, inserting only new bytes: after the
 * list's last element (on its own line, at that element's indentation, when it has one), or as a new
 * property through jsonc-parser when the list or its parent is missing. Comments and the layout of
 * everything else are untouched.
 */
export function appendToJsonList(text: string, path: JSONPath, value: unknown): string {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const list = tree && findNodeAtLocation(tree, path);
  const oneLine = JSON.stringify(value, null, 1).replace(/\n\s*/g, " ").replace(/\{ /g, "{ ").replace(/ \}/g, " }");
  if (!list || list.type !== "array") {
    const formattingOptions = { insertSpaces: !/\n\t/.test(text), tabSize: /\n( +)\S/.exec(text)?.[1]?.length ?? 2, eol: "\n" };
    return applyEdits(text, modify(text, path, [value], { formattingOptions }));
  }
  const last = list.children?.at(-1);
  if (!last) {
    // `[]` becomes `[<value>]`.
    const open = list.offset + 1;
    return `${text.slice(0, open)}${oneLine}${text.slice(open)}`;
  }
  const end = last.offset + last.length;
  const lineStart = text.lastIndexOf("\n", last.offset) + 1;
  const before = text.slice(lineStart, last.offset);
  if (!/^\s*$/.test(before)) return `${text.slice(0, end)}, ${oneLine}${text.slice(end)}`;
  // On its own line: the new element goes on the next line, after any comment that ends this one
  // (the comment stays with the element it was written for). A trailing comma stays where it is.
  const newline = text.indexOf("\n", end);
  const rest = newline === -1 ? "" : text.slice(end, newline);
  const comma = rest.trimStart().startsWith(",");
  if (newline !== -1 && /^\s*,?\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(rest)) {
    return `${text.slice(0, end)}${comma ? "" : ","}${rest}\n${before}${oneLine}${comma ? "," : ""}${text.slice(newline)}`;
  }
  return `${text.slice(0, end)},\n${before}${oneLine}${text.slice(end)}`;
}
