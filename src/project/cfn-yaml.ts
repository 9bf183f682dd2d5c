import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type ScalarTag, type CollectionTag } from "yaml";
import type { LocatedDocument, Position } from "./located.js";
import { indentFlowContinuations } from "./yaml-flow-indent.js";

export type YamlResult = { ok: true; doc: LocatedDocument } | { ok: false; message: string; line: number; column: number };

const INTRINSICS = [
  "Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "FindInMap",
  "ImportValue", "Base64", "Cidr", "GetAZs", "Condition", "Transform", "ToJsonString", "Length",
];

/** CloudFormation short-form tags, kept as written so the value walk can turn them into intrinsics. */
const cfnTags: Array<ScalarTag | CollectionTag> = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: "seq", resolve: (value: unknown) => value } as unknown as CollectionTag,
  { tag: `!${name}`, collection: "map", resolve: (value: unknown) => value } as unknown as CollectionTag,
]);

/**
 * Parses YAML with CloudFormation tags (`!Ref X` becomes `{ Ref: "X" }`) and keeps key positions.
 * Flow collections indented the way PyYAML (SAM CLI, cfn-lint) tolerates are accepted; any other
 * error is the first one of the text as written.
 */
export function parseCfnYaml(text: string): YamlResult {
  const result = parseOnce(text, []);
  if (result.ok || result.code !== "BAD_INDENT") return result;
  const lenient = indentFlowContinuations(text);
  const retry = lenient ? parseOnce(lenient.text, lenient.shift) : undefined;
  return retry?.ok ? retry : result;
}

/** `shift[i]`: columns added in front of line i + 1, taken off again in reported positions. */
function parseOnce(text: string, shift: number[]): YamlResult & { code?: string } {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, customTags: cfnTags, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), line: 0, column: 0 };
  }
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: Math.max(1, col - (shift[line - 1] ?? 0)) };
  };
  const first = doc.errors[0];
  if (first) {
    return { ok: false, code: first.code, message: first.message.split("\n")[0]!, ...position(first.pos[0]) };
  }
  const toValue = (node: unknown): unknown => {
    if (isAlias(node)) return toValue(node.resolve(doc));
    if (isScalar(node)) return intrinsic(node.tag, node.value);
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        out[key] = toValue(pair.value);
      }
      return intrinsic(node.tag, out);
    }
    if (isSeq(node)) return intrinsic(node.tag, node.items.map(toValue));
    return null;
  };
  const positionOf = (path: Array<string | number>): Position | undefined => {
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
    for (const part of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(part));
        if (!pair) return undefined;
        offset = (pair.key as Node | null)?.range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof part === "number") {
        node = node.items[part];
        offset = (node as Node | undefined)?.range?.[0];
      } else return undefined;
    }
    return offset === undefined ? undefined : position(offset);
  };
  return { ok: true, doc: { value: toValue(doc.contents), positionOf } };
}

function intrinsic(tag: string | undefined, value: unknown): unknown {
  if (!tag || !tag.startsWith("!") || tag.startsWith("!!")) return value;
  const name = tag.slice(1);
  if (name === "Ref" || name === "Condition") return { [name]: value };
  if (name === "GetAtt" && typeof value === "string") {
    const dot = value.indexOf(".");
    return { "Fn::GetAtt": dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}
