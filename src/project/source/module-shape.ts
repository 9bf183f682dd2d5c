import type { ts as TS } from "ts-morph";
import { loadTs, parseSource } from "./typescript.js";

/** What a framework needs to know of a source file, read without running it. */
export interface ModuleShape {
  /** The file's directive prologue: `"use client"` or `"use server"`. */
  directive: "use client" | "use server" | undefined;
  /** Exported names (`default` included), in source order. */
  exports: string[];
  /** Whether the default export is an async function. */
  defaultAsync: boolean;
  /** Whether a function inside the file starts with `"use server"` (an inline server action or server function). */
  inlineUseServer: boolean;
  /** Exported names whose value is built by a call to one of the `calls` asked for (`createServerFn().handler(...)`). */
  exportsCalling: string[];
  /** Exported names that are, or wrap, a function starting with `"use server"` (`query(async () => { "use server"; ... })`). */
  serverExports: string[];
}

const DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use (client|server)\1/;

/** The directive prologue alone, without parsing: `"use client"`, `"use server"` or nothing. */
export function directiveOf(text: string): ModuleShape["directive"] {
  const m = DIRECTIVE.exec(text);
  return m ? (`use ${m[2]}` as ModuleShape["directive"]) : undefined;
}

export async function moduleShape(fileName: string, text: string, calls: readonly string[] = []): Promise<ModuleShape> {
  const ts = await loadTs();
  const sf = parseSource(ts, fileName, text);
  const exports: string[] = [];
  const exportsCalling: string[] = [];
  const serverExports: string[] = [];
  let defaultAsync = false;
  const isAsync = (node: TS.Node | undefined): boolean =>
    node !== undefined && (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
    (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
  const local = (name: string): TS.Node | undefined => {
    for (const s of sf.statements) {
      if (ts.isFunctionDeclaration(s) && s.name?.text === name) return s;
      if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d.initializer;
      }
    }
    return undefined;
  };
  const calling = (node: TS.Node | undefined): boolean => {
    if (!node || calls.length === 0) return false;
    let found = false;
    const visit = (n: TS.Node): void => {
      if (found) return;
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && calls.includes(n.expression.text)) found = true;
      else if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  };
  const add = (name: string, value: TS.Node | undefined) => {
    exports.push(name);
    if (calling(value)) exportsCalling.push(name);
    if (value && hasInlineUseServer(ts, value)) serverExports.push(name);
  };
  for (const s of sf.statements) {
    const mods = ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined;
    const exported = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    const isDefault = mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false;
    if (exported && ts.isFunctionDeclaration(s)) {
      add(isDefault ? "default" : (s.name?.text ?? "default"), s);
      if (isDefault) defaultAsync = isAsync(s);
    } else if (exported && ts.isClassDeclaration(s)) add(isDefault ? "default" : (s.name?.text ?? "default"), undefined);
    else if (exported && ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name.text, d.initializer);
    } else if (ts.isExportAssignment(s)) {
      add("default", s.expression);
      defaultAsync = isAsync(s.expression) || (ts.isIdentifier(s.expression) && isAsync(local(s.expression.text)));
    } else if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause) && !s.isTypeOnly) {
      for (const el of s.exportClause.elements) {
        const value = s.moduleSpecifier ? undefined : local((el.propertyName ?? el.name).text);
        add(el.name.text, value);
        if (el.name.text === "default") defaultAsync = isAsync(value);
      }
    }
  }
  return { directive: directiveOf(text), exports, defaultAsync, inlineUseServer: hasInlineUseServer(ts, sf), exportsCalling, serverExports };
}

function hasInlineUseServer(ts: typeof TS, root: TS.Node): boolean {
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isFunctionLike(n) && "body" in n && n.body && ts.isBlock(n.body)) {
      const first = (n.body).statements[0];
      if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use server") {
        found = true;
        return;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(root);
  return found;
}
