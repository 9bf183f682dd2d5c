import type { CollectionTag, ScalarTag } from "yaml";
import { oversize, type ParseFailure } from "./limits.js";
import type { LocatedDocument, Position } from "./located.js";
import { aliasTargets, composeBounded, offsetFinder, readValue, YamlLimit } from "./yaml-bounded.js";
import { indentFlowContinuations } from "./yaml-flow-indent.js";
import { yaml } from "./yaml-lib.js";

export type YamlResult = { ok: true; doc: LocatedDocument } | ParseFailure;

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
 * error is the first one of the text as written. Size, nesting and aliases are bounded (limits.ts).
 */
export function parseCfnYaml(text: string): YamlResult {
  const big = oversize(text);
  if (big) return big;
  const result = parseOnce(text, []);
  if (result.ok || result.code !== "BAD_INDENT") return result;
  const lenient = indentFlowContinuations(text);
  const retry = lenient ? parseOnce(lenient.text, lenient.shift) : undefined;
  return retry?.ok ? retry : result;
}

/** `shift[i]`: columns added in front of line i + 1, taken off again in reported positions. */
function parseOnce(text: string, shift: number[]): YamlResult & { code?: string } {
  const lineCounter = new (yaml().LineCounter)();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: Math.max(1, col - (shift[line - 1] ?? 0)) };
  };
  try {
    const composed = composeBounded(text, { lineCounter, customTags: cfnTags, uniqueKeys: false, prettyErrors: false });
    if ("error" in composed) {
      const { code, message, pos } = composed.error;
      return { ok: false, code, message: message.split("\n")[0]!, ...position(pos[0]) };
    }
    const doc = composed.doc;
    const targets = aliasTargets(doc);
    const offsetOf = offsetFinder(doc, targets);
    const value = readValue(doc, targets, intrinsic);
    return {
      ok: true,
      doc: {
        value,
        positionOf: (path) => {
          const offset = offsetOf(path);
          return offset === undefined ? undefined : position(offset);
        },
      },
    };
  } catch (error) {
    if (error instanceof YamlLimit) return error.failure(position(error.offset));
    return { ok: false, message: error instanceof Error ? error.message : String(error), line: 0, column: 0 };
  }
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
