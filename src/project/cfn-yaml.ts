import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type ScalarTag, type CollectionTag } from "yaml";

export interface LocatedDocument {
  value: unknown;
  /** 1-based line of the key (or item) at a path, or undefined. */
  lineOf(path: Array<string | number>): number | undefined;
}

export type YamlResult = { ok: true; doc: LocatedDocument } | { ok: false; message: string; line: number; column: number };

const INTRINSICS = [
  "Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "FindInMap",
  "ImportValue", "Base64", "Cidr", "GetAZs", "Condition", "Transform", "ToJsonString", "Length",
];

/** CloudFormation short-form tags, kept as written so the value walk can turn them into intrinsics. */
const cfnTags: Array<ScalarTag | CollectionTag> = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value } as ScalarTag,
  { tag: `!${name}`, collection: "seq", resolve: (value: unknown) => value } as unknown as CollectionTag,
  { tag: `!${name}`, collection: "map", resolve: (value: unknown) => value } as unknown as CollectionTag,
]);

/** Parses YAML with CloudFormation tags (`!Ref X` becomes `{ Ref: "X" }`) and keeps key lines. */
export function parseCfnYaml(text: string): YamlResult {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, customTags: cfnTags, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), line: 0, column: 0 };
  }
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    return { ok: false, message: first.message.split("\n")[0]!, line: pos.line, column: pos.col };
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
  const lineOf = (path: Array<string | number>): number | undefined => {
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
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return { ok: true, doc: { value: toValue(doc.contents), lineOf } };
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
