import { ts } from "ts-morph";
import { timeoutOptions, type Bound } from "./timeout-options.js";
import { isExported, resolve, type Decl } from "./timeout-scope.js";
import { isBrowserOnly } from "./browser-only.js";

export type Client = "fetch" | "undici" | "axios" | "got" | "ky" | "ofetch";

/** An outbound HTTP call found in a file, and whether something bounds how long it can wait. */
export interface OutboundCall {
  node: ts.CallExpression;
  client: Client;
  /** As written, e.g. `fetch`, `axios.get`, `api.post`. */
  callee: string;
  bound: Bound;
}

/** An `axios.create`, `got.extend` or `ky.create` instance without a default timeout that other files can use. */
export interface LooseInstance {
  node: ts.CallExpression;
  client: Client;
  name: string;
  bound: Bound;
}

export interface TimeoutFacts {
  calls: OutboundCall[];
  looseInstances: LooseInstance[];
  /** `axios.defaults.timeout = …` is set in this file (it applies to every axios call in the process). */
  setsAxiosDefault: boolean;
}

const FETCH_MODULES = new Set(["node-fetch", "cross-fetch", "isomorphic-fetch", "undici"]);
const AXIOS_URL_CONFIG = new Set(["get", "delete", "head", "options", "getUri"]);
const AXIOS_URL_DATA_CONFIG = new Set(["post", "put", "patch", "postForm", "putForm", "patchForm"]);
const GOT_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "stream", "paginate"]);
const KY_METHODS = new Set(["get", "post", "put", "patch", "delete", "head"]);
const INSTANCE_FACTORIES: Record<string, Set<string>> = { axios: new Set(["create"]), got: new Set(["extend"]), ky: new Set(["create", "extend"]), ofetch: new Set(["create"]) };
/** ofetch (`$fetch` in Nuxt and Nitro, where it is a global): `ofetch(url, options)`, `ofetch.raw(url, options)`; `.native` is the platform's fetch. */
const OFETCH_METHODS = new Set(["raw"]);

type Binding = { client: Client; role: "module" | "fetch" | "request" } | { client: Client; role: "instance"; bound: Bound };

const cache = new WeakMap<ts.SourceFile, TimeoutFacts>();

export function timeoutFacts(sf: ts.SourceFile): TimeoutFacts {
  let facts = cache.get(sf);
  if (!facts) {
    facts = walk(sf);
    cache.set(sf, facts);
  }
  return facts;
}

function importBinding(d: Extract<Decl, { kind: "import" }>): Binding | undefined {
  const { module, imported } = d;
  if (module === "ofetch") {
    return imported === "ofetch" || imported === "$fetch" || imported === "default" ? { client: "ofetch", role: "module" } : undefined;
  }
  if (module === "axios" || module === "got" || module === "ky") {
    return imported === "default" || imported === "*" ? { client: module, role: "module" } : undefined;
  }
  if (!FETCH_MODULES.has(module)) return undefined;
  if (module === "undici") {
    // undici's fetch is the same implementation as Node's global fetch.
    if (imported === "fetch") return { client: "fetch", role: "fetch" };
    if (imported === "request") return { client: "undici", role: "request" };
    return imported === "*" || imported === "default" ? { client: "undici", role: "module" } : undefined;
  }
  return imported === "default" || imported === "fetch" ? { client: "fetch", role: "fetch" } : undefined;
}

function walk(sf: ts.SourceFile): TimeoutFacts {
  const facts: TimeoutFacts = { calls: [], looseInstances: [], setsAxiosDefault: false };
  const bindings = new Map<ts.Node, Binding | undefined>();
  /** Instance names whose `.defaults.timeout` is assigned somewhere in the file. */
  const defaultsSet = new Set<string>();

  const bindingOf = (id: ts.Identifier): Binding | undefined => {
    const d = resolve(id.text, id);
    if (!d) {
      if (id.text === "fetch") return { client: "fetch", role: "fetch" };
      // Nuxt and Nitro provide ofetch as the global `$fetch`.
      return id.text === "$fetch" ? { client: "ofetch", role: "module" } : undefined;
    }
    if (d.kind === "import") return importBinding(d);
    if (d.kind !== "var") return undefined;
    if (bindings.has(d.decl)) return bindings.get(d.decl);
    bindings.set(d.decl, undefined);
    const init = d.decl.initializer;
    let found: Binding | undefined;
    // const api = axios.create({ timeout: 5000 }) / got.extend(...) / ky.create(...)
    if (init && ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && ts.isIdentifier(init.expression.expression)) {
      const base = bindingOf(init.expression.expression);
      const method = init.expression.name.text;
      if (base && (base.role === "module" || base.role === "instance") && INSTANCE_FACTORIES[base.client]?.has(method)) {
        const own = timeoutOptions(base.client, init.arguments[0]);
        const inherited = base.role === "instance" && base.bound.kind === "bounded";
        found = { client: base.client, role: "instance", bound: inherited && own.kind !== "unbounded" ? base.bound : own };
      }
    }
    bindings.set(d.decl, found);
    return found;
  };

  const record = (node: ts.CallExpression, client: Client, callee: string, options: ts.Expression | undefined, input?: ts.Expression, instance?: string) => {
    if (client === "fetch" && input && isBundledAsset(input)) return;
    facts.calls.push({ node, client, callee, bound: timeoutOptions(client, options, input, instance) });
  };

  const visitCall = (node: ts.CallExpression) => {
    const callee = node.expression;
    const args = node.arguments;
    if (ts.isIdentifier(callee)) {
      const b = bindingOf(callee);
      if (!b) return;
      if (b.role === "fetch") record(node, b.client, callee.text, args[1], args[0]);
      else if (b.role === "request") record(node, "undici", callee.text, args[1]);
      else if (b.role === "module" && b.client !== "undici") record(node, b.client, callee.text, configArg(b.client, args));
      else if (b.role === "instance") recordInstanceCall(node, b, callee.text, configArg(b.client, args));
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const target = callee.expression;
    if (ts.isIdentifier(target) && (target.text === "globalThis" || target.text === "self" || target.text === "window") && method === "fetch" && !resolve(target.text, target)) {
      record(node, "fetch", `${target.text}.fetch`, args[1], args[0]);
      return;
    }
    if (!ts.isIdentifier(target)) return;
    const b = bindingOf(target);
    if (!b) return;
    const shown = `${target.text}.${method}`;
    if (b.client === "ofetch" && method === "native") {
      record(node, "fetch", shown, args[1], args[0]);
      return;
    }
    if (b.client === "undici") {
      if (b.role === "module" && method === "fetch") record(node, "fetch", shown, args[1], args[0]);
      else if (b.role === "module" && method === "request") record(node, "undici", shown, args[1]);
      return;
    }
    const options = methodConfigArg(b.client, method, args);
    if (options === null) return;
    if (b.role === "module") record(node, b.client, shown, options);
    else if (b.role === "instance") recordInstanceCall(node, b, shown, options);
  };

  const recordInstanceCall = (node: ts.CallExpression, b: Binding & { role: "instance" }, callee: string, options: ts.Expression | undefined) => {
    const own = timeoutOptions(b.client, options, undefined, callee.split(".")[0]);
    // A per-call setting wins over the instance default (ky's `timeout: false` included).
    const bound = own.kind === "absent" ? b.bound : own;
    facts.calls.push({ node, client: b.client, callee, bound: bound.kind === "absent" && b.client === "ky" ? { kind: "bounded", how: "ky's 10 s default" } : bound });
  };

  const visit = (node: ts.Node): void => {
    // A call the server never makes (a form's onSubmit in a route component) holds no function up.
    if (isBrowserOnly(node)) return;
    if (ts.isCallExpression(node)) visitCall(node);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // axios.defaults.timeout = 5000 / api.defaults.timeout = 5000
      const left = node.left;
      if (
        ts.isPropertyAccessExpression(left) && left.name.text === "timeout" && ts.isPropertyAccessExpression(left.expression) &&
        left.expression.name.text === "defaults" && ts.isIdentifier(left.expression.expression) &&
        !(ts.isNumericLiteral(node.right) && Number(node.right.text) === 0)
      ) {
        const owner = left.expression.expression;
        const b = bindingOf(owner);
        if (b?.client === "axios" && b.role === "module") facts.setsAxiosDefault = true;
        else if (b?.client === "axios") defaultsSet.add(owner.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // Instances nothing in this file calls still matter when other modules import them.
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer && ts.isCallExpression(d.initializer)) bindingOf(d.name);
  }

  if (defaultsSet.size > 0) {
    for (const call of facts.calls) {
      const owner = call.callee.split(".")[0]!;
      if (call.client === "axios" && call.bound.kind !== "bounded" && defaultsSet.has(owner) && call.callee.includes(".")) {
        call.bound = { kind: "bounded", how: `${owner}.defaults.timeout` };
      }
    }
  }
  for (const [decl, b] of bindings) {
    if (!b || b.role !== "instance" || b.bound.kind === "bounded" || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) continue;
    if (b.client === "ky" && b.bound.kind === "absent") continue;
    if (defaultsSet.has(decl.name.text) || !isExported(decl)) continue;
    facts.looseInstances.push({ node: decl.initializer as ts.CallExpression, client: b.client, name: decl.name.text, bound: b.bound });
  }
  return facts;
}

/** The config of `axios(config)`, `axios(url, config)`, `got(url, options)`, `got({ url })`, `ky(url, options)`. */
function configArg(client: Client, args: ts.NodeArray<ts.Expression>): ts.Expression | undefined {
  const first = args[0];
  if (first && ts.isObjectLiteralExpression(first) && client !== "ky" && client !== "ofetch") return first;
  return args[1];
}

/** The options argument of a method call, undefined when absent, null when the method is not a request. */
function methodConfigArg(client: Client, method: string, args: ts.NodeArray<ts.Expression>): ts.Expression | undefined | null {
  if (client === "axios") {
    if (method === "request") return args[0];
    if (AXIOS_URL_CONFIG.has(method) && method !== "getUri") return args[1];
    if (AXIOS_URL_DATA_CONFIG.has(method)) return args[2];
    return null;
  }
  if (client === "got") return GOT_METHODS.has(method) ? configArg(client, args) : null;
  if (client === "ky") return KY_METHODS.has(method) ? args[1] : null;
  if (client === "ofetch") return OFETCH_METHODS.has(method) ? args[1] : null;
  return null;
}

/**
 * `fetch(new URL("./font.ttf", import.meta.url))`: the bundler ships the file with the function
 * (the @vercel/og pattern), so nothing goes over the network.
 */
function isBundledAsset(input: ts.Expression): boolean {
  if (!ts.isNewExpression(input) || !ts.isIdentifier(input.expression) || input.expression.text !== "URL") return false;
  const [spec, base] = input.arguments ?? [];
  return (
    spec !== undefined && ts.isStringLiteralLike(spec) && /^\.{1,2}\//.test(spec.text) &&
    base !== undefined && ts.isPropertyAccessExpression(base) && base.name.text === "url" && ts.isMetaProperty(base.expression)
  );
}
