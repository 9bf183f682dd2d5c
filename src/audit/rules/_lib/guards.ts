import { ts } from "ts-morph";

/**
 * What the conditions around a piece of code test. Like Next.js's edge check, a test names what it
 * guards but not which way (`typeof setImmediate === "function"` and `!==` both guard it).
 */
export interface Guard {
  /** Inside a branch on `process.env.NEXT_RUNTIME`. */
  runtime: boolean;
  /** Inside a branch on any `typeof` check (feature detection). */
  typeofCheck: boolean;
  /** Names a test mentions: `Buffer`, `process.version`, `setImmediate` (also from `globalThis.setImmediate`, `"setImmediate" in globalThis`). */
  symbols: ReadonlySet<string>;
}

export const UNGUARDED: Guard = { runtime: false, typeofCheck: false, symbols: new Set() };

const GLOBAL_OBJECTS = new Set(["globalThis", "global", "self", "window"]);

export function dottedName(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) {
    const left = dottedName(node.expression);
    return left === undefined ? undefined : `${left}.${node.name.text}`;
  }
  return undefined;
}

/** The guard for code that runs only after `test` was checked. */
export function extendGuard(guard: Guard, test: ts.Expression): Guard {
  let runtime = guard.runtime;
  let typeofCheck = guard.typeofCheck;
  const symbols = new Set(guard.symbols);
  const addName = (name: string) => {
    const parts = name.split(".");
    if (name === "process.env.NEXT_RUNTIME") runtime = true;
    if (parts.length === 1 || parts[0] !== "process") symbols.add(parts[0]!);
    if (parts.length > 1 && GLOBAL_OBJECTS.has(parts[0]!)) symbols.add(parts[1]!);
    if (parts.length > 1 && parts[0] === "process") symbols.add(`process.${parts[1]}`);
  };
  const scan = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isTypeOfExpression(node)) typeofCheck = true;
    if (ts.isStringLiteral(node) && ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.InKeyword) {
      symbols.add(node.text);
    }
    const name = dottedName(node);
    if (name !== undefined) {
      addName(name);
      return;
    }
    ts.forEachChild(node, scan);
  };
  scan(test);
  return { runtime, typeofCheck, symbols };
}

/** Whether a use of `name` (`Buffer`, `process.version`) is guarded. */
export function guards(guard: Guard, name: string): boolean {
  if (guard.runtime || guard.symbols.has(name)) return true;
  const dot = name.indexOf(".");
  return dot > 0 && guard.symbols.has(name.slice(0, dot));
}

/** Whether a module load (`require`, `import()`) is guarded: by NEXT_RUNTIME or a feature check. */
export function guardsModuleLoad(guard: Guard): boolean {
  return guard.runtime || guard.typeofCheck;
}

/** A statement after which the rest of the block does not run (`return`, `throw`, or a block ending so). */
export function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}
