import type { ts as TS } from "ts-morph";
import { lineOf, literalValue, loadTs, parseSource, parseWalkable, propertyName, unwrap } from "../../source/typescript.js";

export interface Located<T> {
  value: T;
  line: number;
  column: number;
}

/** What a route, middleware or API file exports that decides how it runs. */
export interface SegmentConfig {
  /** `export const runtime = "edge"`. */
  runtime?: Located<string>;
  /** `export const config = { runtime: "edge" }` (pages router, middleware, Vercel functions). */
  configRuntime?: Located<string>;
  maxDuration?: Located<number>;
  configMaxDuration?: Located<number>;
  regions?: Located<string[]>;
}

/**
 * Reads the exported segment config without running the file. A text pre-scan skips the parse for
 * files that cannot contain one; only literal values count (Next.js requires them to be static).
 */
export async function readSegmentConfig(fileName: string, text: string): Promise<SegmentConfig> {
  if (!/\b(runtime|maxDuration|config|preferredRegion|regions)\b/.test(text) || !/\bexport\b/.test(text)) return {};
  const ts = await loadTs();
  // A tree too deep to walk is left to the engine, which reports it once for every check.
  const parsed = parseWalkable(ts, () => parseSource(ts, fileName, text));
  if (!("sf" in parsed)) return {};
  const { sf } = parsed;
  const out: SegmentConfig = {};
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || !decl.initializer) continue;
      const name = decl.name.text;
      const init = unwrap(ts, decl.initializer);
      const value = literalValue(ts, init);
      const at = lineOf(sf, decl);
      if (name === "runtime" && typeof value === "string") out.runtime = { value, ...at };
      else if (name === "maxDuration" && typeof value === "number") out.maxDuration = { value, ...at };
      else if (name === "preferredRegion") {
        const regions = stringList(ts, init);
        if (regions) out.regions = { value: regions, ...at };
      } else if (name === "config" && ts.isObjectLiteralExpression(init)) readConfigObject(ts, sf, init, out);
    }
  }
  return out;
}

function readConfigObject(ts: typeof TS, sf: TS.SourceFile, obj: TS.ObjectLiteralExpression, out: SegmentConfig): void {
  for (const prop of obj.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const key = propertyName(ts, prop.name);
    const value = literalValue(ts, prop.initializer);
    const at = lineOf(sf, prop);
    if (key === "runtime" && typeof value === "string") out.configRuntime = { value, ...at };
    else if (key === "maxDuration" && typeof value === "number") out.configMaxDuration = { value, ...at };
    else if (key === "regions") {
      const regions = stringList(ts, prop.initializer);
      if (regions) out.regions = { value: regions, ...at };
    }
  }
}

function stringList(ts: typeof TS, node: TS.Expression): string[] | undefined {
  const e = unwrap(ts, node);
  const single = literalValue(ts, e);
  if (typeof single === "string") return [single];
  if (!ts.isArrayLiteralExpression(e)) return undefined;
  const values = e.elements.map((el) => literalValue(ts, el));
  return values.every((v): v is string => typeof v === "string") ? values : undefined;
}
