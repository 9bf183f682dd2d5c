/** Lambda code written inside a template or CDK app (SAM InlineCode, CloudFormation Code.ZipFile, CDK Code.fromInline). */
import { positionAt } from "../../files.js";
import type { InlineCode } from "../../types.js";

/**
 * Where each line of `code` is written in `source`, searching forward from `from` (the offset of
 * the key that holds it): a YAML block, a quoted string with `\n` escapes, the parts of an
 * `Fn::Join` or a template literal all keep each line's text as written. A line that is not found
 * as written (an escaped quote) is placed where the line before it is.
 */
export function locateInline(file: string, source: string, from: { line: number; column?: number } | undefined, code: string): InlineCode {
  const lines: InlineCode["lines"] = [];
  let cursor = offsetAt(source, from);
  let previous = { line: from?.line ?? 1, column: 1 };
  for (const text of code.split(/\r?\n/)) {
    const lead = /^[ \t]*/.exec(text)![0].length;
    const body = text.slice(lead);
    // `${!Name}` is how Fn::Sub writes a literal `${Name}`.
    const found = body === "" ? -1 : [body, body.replace(/\$\{/g, "${!")].map((b) => source.indexOf(b, cursor)).find((i) => i >= 0) ?? -1;
    if (found >= 0) {
      const at = positionAt(source, found);
      previous = { line: at.line, column: Math.max(1, at.column - lead) };
      cursor = found + body.length;
    } else if (body === "") {
      previous = { line: previous.line + 1, column: 1 };
    }
    lines.push(previous);
  }
  return { file, text: code, lines };
}

function offsetAt(source: string, at: { line: number; column?: number } | undefined): number {
  if (!at) return 0;
  let offset = 0;
  for (let line = 1; line < at.line && offset >= 0; line++) offset = source.indexOf("\n", offset) + 1;
  return Math.max(0, offset) + Math.max(0, (at.column ?? 1) - 1);
}

/**
 * The text of a CloudFormation inline code value: a string, `Fn::Sub` (its `${!x}` escapes undone),
 * or `Fn::Join` of strings (other parts, `!Ref Table` inside a string literal, become empty).
 * Undefined when it is built some other way.
 */
export function cfnInlineText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const sub: unknown = Array.isArray(v["Fn::Sub"]) ? (v["Fn::Sub"] as unknown[])[0] : v["Fn::Sub"];
  if (typeof sub === "string") return sub.replace(/\$\{!/g, "${");
  const join = v["Fn::Join"];
  if (Array.isArray(join) && typeof join[0] === "string" && Array.isArray(join[1])) {
    return join[1].map((part) => (typeof part === "string" ? part : (cfnInlineText(part) ?? ""))).join(join[0]);
  }
  return undefined;
}

/** The entry path a function's inline code is analysed under: beside the file that holds it, never on disk. */
export function inlineEntry(file: string, name: string): string {
  return `${file}#${name.replace(/[^\w.-]/g, "_")}.js`;
}

/** `index.handler` -> `handler`: the file part of an inline function's handler is always its one file. */
export function inlineHandlerExport(handler: string | undefined): string {
  const dot = handler?.lastIndexOf(".") ?? -1;
  return handler && dot >= 0 ? handler.slice(dot + 1) : "handler";
}
