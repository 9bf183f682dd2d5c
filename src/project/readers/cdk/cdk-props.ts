/** CDK construct props read statically: spreads, `const`s in enclosing scopes, constructor parameters. */
import type { ts as TS } from "ts-morph";
import { propertyName, unwrap } from "../../source/typescript.js";

export interface Src {
  sf: TS.SourceFile;
  abs: string;
}

/** An expression with what its names mean: its file, and the constructor arguments in scope. */
export interface Ref {
  expr: TS.Expression;
  src: Src;
  env: Env;
  /** The property the value was last read from, when a name led to it: where it is written. */
  via?: { node: TS.Node; src: Src };
}

/** A constructor's parameters bound to the arguments it was called with; "absent" = not passed. */
export type Env = Map<TS.ParameterDeclaration, Ref | "absent">;

/** One property: its value, and the property node where it is written (for findings). */
export interface Prop {
  value: Ref;
  node: TS.Node;
  src: Src;
}

/**
 * An object's properties as JavaScript would merge them. `unknown` = a spread that cannot be read
 * may have replaced it (what was written before is kept in `shadowed`); `open` = keys not listed
 * may come from such a spread.
 */
export interface Props {
  known: Map<string, Prop | "unknown">;
  open: boolean;
  shadowed: Map<string, Prop>;
}

const MAX_DEPTH = 12;

export const emptyProps = (): Props => ({ known: new Map(), open: false, shadowed: new Map() });
export const opaqueProps = (): Props => ({ known: new Map(), open: true, shadowed: new Map() });

export function propOf(props: Props, key: string): Prop | "unknown" | undefined {
  return props.known.get(key) ?? (props.open ? "unknown" : undefined);
}

/** A property whose value can be read (not replaced by a spread that cannot). */
export function known(props: Props, key: string): Prop | undefined {
  const p = propOf(props, key);
  return p === "unknown" ? undefined : p;
}

/** The value as written last, even when a later spread that cannot be read may replace it. */
export function written(props: Props, key: string): Prop | undefined {
  return known(props, key) ?? props.shadowed.get(key);
}

/** The object literal `ref` evaluates to, with spreads merged; undefined when it cannot be read. */
export function readProps(ts: typeof TS, ref: Ref | "absent", depth = 0): Props | undefined {
  if (ref === "absent") return emptyProps();
  const target = depth > MAX_DEPTH ? undefined : follow(ts, ref, depth + 1);
  if (target === "absent") return emptyProps();
  if (!target || !ts.isObjectLiteralExpression(target.expr)) return undefined;
  const { src, env } = target;
  const props = emptyProps();
  for (const p of target.expr.properties) {
    if (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) {
      const key = propertyName(ts, p.name);
      const expr = ts.isPropertyAssignment(p) ? p.initializer : p.name;
      if (key !== undefined) props.known.set(key, { value: { expr, src, env }, node: p, src });
      else mergeInto(props, opaqueProps());
    } else if (ts.isSpreadAssignment(p)) {
      mergeInto(props, readProps(ts, { expr: p.expression, src, env }, depth + 1) ?? opaqueProps());
    }
  }
  return props;
}

function mergeInto(into: Props, from: Props): void {
  if (from.open) {
    for (const [key, value] of into.known) {
      if (from.known.has(key)) continue;
      if (value !== "unknown") into.shadowed.set(key, value);
      into.known.set(key, "unknown");
    }
    into.open = true;
  }
  for (const [key, value] of from.shadowed) into.shadowed.set(key, value);
  for (const [key, value] of from.known) {
    into.known.set(key, value);
    if (value !== "unknown") into.shadowed.delete(key);
  }
}

/**
 * Follows names to what they stand for: a `const` initializer, a constructor argument, a property
 * of an object read that way, or the right side of `??` when the left is not set. Anything else is
 * returned as written; undefined means the name cannot be read (an import, a `let`, a parameter of
 * a plain function).
 */
export function follow(ts: typeof TS, ref: Ref, depth = 0): Ref | "absent" | undefined {
  const e = unwrap(ts, ref.expr);
  if (depth > MAX_DEPTH) return undefined;
  if (ts.isIdentifier(e)) {
    if (e.text === "undefined") return "absent";
    const found = lookup(ts, e, ref);
    return found === undefined || found === "absent" ? found : follow(ts, found, depth + 1);
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    // `props.memorySize ?? 1024`: the default applies when the caller passes nothing.
    const left = follow(ts, { ...ref, expr: e.left }, depth + 1);
    return left === "absent" ? follow(ts, { ...ref, expr: e.right }, depth + 1) : left;
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    // `entry: this.handlerPath`, a field of the stack or construct class with its value written beside it.
    const initializer = classField(ts, e);
    return initializer ? follow(ts, { ...ref, expr: initializer }, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
    const owner = readProps(ts, { ...ref, expr: e.expression }, depth + 1);
    const prop = owner ? propOf(owner, e.name.text) : "unknown";
    if (prop === undefined) return "absent";
    const value = prop === "unknown" ? undefined : follow(ts, prop.value, depth + 1);
    return typeof value === "object" && prop !== "unknown" ? { ...value, via: value.via ?? prop } : value;
  }
  return { ...ref, expr: e };
}

/**
 * The initializer of the instance field `this.<name>` reads, in the class around it (`readonly
 * entryPath = path.join(__dirname, "../lambda/index.ts")`), when nothing in that class assigns the field
 * again. Undefined when `this` is not the class's instance there (inside a `function`) or the field has
 * no initializer.
 */
function classField(ts: typeof TS, access: TS.PropertyAccessExpression): TS.Expression | undefined {
  let node: TS.Node | undefined = access.parent;
  for (; node && !ts.isClassLike(node); node = node.parent) {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) return undefined;
  }
  if (!node) return undefined;
  const name = access.name.text;
  const isStatic = (m: TS.ClassElement) => ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((k) => k.kind === ts.SyntaxKind.StaticKeyword);
  const field = node.members.find((m): m is TS.PropertyDeclaration => ts.isPropertyDeclaration(m) && !isStatic(m) && propertyName(ts, m.name) === name);
  if (!field?.initializer) return undefined;
  let assigned = false;
  const visit = (n: TS.Node): void => {
    if (assigned) return;
    const target = ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment ? unwrap(ts, n.left) : undefined;
    if (target && ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword && target.name.text === name) assigned = true;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
  return assigned ? undefined : field.initializer;
}

/** A value to evaluate: the followed expression when the name leads somewhere, else as written. */
export function valueOf(ts: typeof TS, ref: Ref): Ref {
  const target = follow(ts, ref);
  return typeof target === "object" ? target : ref;
}

/** Where `id` is declared, walking out through enclosing functions, blocks and the file. */
function lookup(ts: typeof TS, id: TS.Identifier, at: Ref): Ref | "absent" | undefined {
  const name = id.text;
  for (let node: TS.Node | undefined = id.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node)) {
      const param = node.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name);
      if (param) {
        const bound = at.env.get(param);
        if (bound === undefined) return undefined;
        if (bound !== "absent") return bound;
        return param.initializer ? { expr: param.initializer, src: at.src, env: at.env } : "absent";
      }
    }
    if (!ts.isSourceFile(node) && !ts.isBlock(node) && !ts.isModuleBlock(node)) continue;
    for (const statement of node.statements) {
      const declared = declaredIn(ts, statement, name);
      if (declared === "other") return undefined;
      if (declared) return declared.initializer ? { expr: declared.initializer, src: at.src, env: at.env } : undefined;
    }
  }
  return undefined;
}

/** The `const` declaring `name` in a statement; "other" when it is declared some other way. */
function declaredIn(ts: typeof TS, statement: TS.Statement, name: string): TS.VariableDeclaration | "other" | undefined {
  if (ts.isVariableStatement(statement)) {
    const decl = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (!decl) return undefined;
    return statement.declarationList.flags & ts.NodeFlags.Const ? decl : "other";
  }
  if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name?.text === name) return "other";
  if (ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    const bindings = clause.namedBindings;
    if (clause.name?.text === name) return "other";
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return "other";
    if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((el) => el.name.text === name)) return "other";
  }
  return undefined;
}
