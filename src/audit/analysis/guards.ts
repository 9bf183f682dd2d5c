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
  const parts: string[] = [];
  let at = node;
  while (ts.isPropertyAccessExpression(at)) {
    parts.push(at.name.text);
    at = at.expression;
  }
  if (!ts.isIdentifier(at)) return undefined;
  parts.push(at.text);
  return parts.reverse().join(".");
}

/** The guard for code that runs only after `test` was checked. */
export function extendGuard(guard: Guard, test: ts.Expression): Guard {
  let runtime = guard.runtime;
  let typeofCheck = guard.typeofCheck;
  const added = new Set<string>();
  const add = (symbol: string) => {
    if (!guard.symbols.has(symbol)) added.add(symbol);
  };
  const addName = (name: string) => {
    const parts = name.split(".");
    if (name === "process.env.NEXT_RUNTIME") runtime = true;
    if (parts.length === 1 || parts[0] !== "process") add(parts[0]!);
    if (parts.length > 1 && GLOBAL_OBJECTS.has(parts[0]!)) add(parts[1]!);
    if (parts.length > 1 && parts[0] === "process") add(`process.${parts[1]}`);
  };
  const stack: ts.Node[] = [test];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isFunctionLike(node)) continue;
    if (ts.isTypeOfExpression(node)) typeofCheck = true;
    if (ts.isStringLiteral(node) && ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.InKeyword) {
      add(node.text);
    }
    const name = dottedName(node);
    if (name !== undefined) addName(name);
    else ts.forEachChild(node, (child) => void stack.push(child));
  }
  if (added.size === 0 && runtime === guard.runtime && typeofCheck === guard.typeofCheck) return guard;
  return { runtime, typeofCheck, symbols: added.size === 0 ? guard.symbols : new Set([...guard.symbols, ...added]) };
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
