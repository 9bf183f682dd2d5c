import type { ts as TS } from "ts-morph";
import { lineOf, literalValue, loadTs, parseSource, propertyName, unwrap } from "./typescript.js";

/** A value written in a module, where it is written; `value` is undefined when it is not a literal. */
export interface Written {
  value: string | number | boolean | string[] | undefined;
  line: number;
  column: number;
}

/** What a route module exports, read without running it. */
export interface ModuleExports {
  /** Every exported name, `default` included. */
  names: string[];
  /** `export const <name> = <literal>`: prerender, ssr, runtime. */
  values: Map<string, Written>;
  /** `export const <name> = { key: <literal> }`: a route's `config`, each key where it is written. */
  objects: Map<string, Map<string, Written>>;
}

/** Reads a module's exports statically (TypeScript's parser; nothing runs). */
export async function readModuleExports(fileName: string, text: string): Promise<ModuleExports> {
  const ts = await loadTs();
  const sf = parseSource(ts, fileName, text);
  const out: ModuleExports = { names: [], values: new Map(), objects: new Map() };
  const exported = (node: TS.Statement) => ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of sf.statements) {
    if (ts.isExportAssignment(statement)) out.names.push("default");
    else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const el of statement.exportClause.elements) out.names.push(el.name.text);
    } else if (!exported(statement)) continue;
    else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) continue;
        const name = decl.name.text;
        out.names.push(name);
        if (!decl.initializer) continue;
        const init = unwrap(ts, decl.initializer);
        if (ts.isObjectLiteralExpression(init)) out.objects.set(name, readObject(ts, sf, init));
        else out.values.set(name, written(ts, sf, decl, init));
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      const isDefault = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      out.names.push(isDefault ? "default" : statement.name.text);
    }
  }
  return out;
}

/** The literal keys of an object literal (`{ runtime: "edge", regions: ["fra1"] }`), each where it is written. */
export function readObject(ts: typeof TS, sf: TS.SourceFile, obj: TS.ObjectLiteralExpression): Map<string, Written> {
  const out = new Map<string, Written>();
  for (const prop of obj.properties) {
    if (!ts.isPropertyAssignment(prop)) continue;
    const key = propertyName(ts, prop.name);
    if (key !== undefined) out.set(key, written(ts, sf, prop, prop.initializer));
  }
  return out;
}

function written(ts: typeof TS, sf: TS.SourceFile, at: TS.Node, init: TS.Expression): Written {
  const e = unwrap(ts, init);
  let value: Written["value"] = literalValue(ts, e);
  if (value === undefined && ts.isArrayLiteralExpression(e)) {
    const items = e.elements.map((el) => literalValue(ts, el));
    if (items.every((v): v is string => typeof v === "string")) value = items;
  }
  return { value, ...lineOf(sf, at) };
}
