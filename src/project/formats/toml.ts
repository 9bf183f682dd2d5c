import { parse, TomlError } from "smol-toml";
import { MAX_NESTING, oversize, tooDeep, type ParseFailure } from "./limits.js";
import type { LocatedDocument } from "./located.js";
import { tomlPositionFinder } from "./toml-lines.js";

export type TomlResult = { ok: true; doc: LocatedDocument<Record<string, unknown>> } | ParseFailure;

/**
 * Parses TOML within the bounds of limits.ts: smol-toml counts bracket nesting itself (`maxDepth`),
 * but dotted keys and table headers (`a.b.c = 1`, `[a.b.c]`) nest without brackets, so the value's
 * depth is measured too.
 */
export function parseToml(text: string): TomlResult {
  const big = oversize(text);
  if (big) return big;
  let value: Record<string, unknown>;
  try {
    value = parse(text, { maxDepth: MAX_NESTING });
  } catch (error) {
    if (!(error instanceof TomlError)) {
      return { ok: false, message: error instanceof Error ? error.message.split("\n")[0]! : String(error), line: 0, column: 0 };
    }
    const at = { line: error.line, column: error.column };
    if (/excessively nested/.test(error.message)) return tooDeep(at);
    return { ok: false, message: error.message.split("\n")[0]!, ...at };
  }
  if (nestedDeeperThan(value, MAX_NESTING)) return tooDeep({ line: 1, column: 1 });
  const find = tomlPositionFinder(text);
  return { ok: true, doc: { value, positionOf: (p) => find(p.map(String)) } };
}

/** Whether plain objects and arrays in `value` nest deeper than `max`, without recursing. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null || item instanceof Date) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
