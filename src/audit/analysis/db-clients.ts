import { ts } from "ts-morph";

/** Database and cache drivers whose clients hold connections, identified by where they are imported from. */
export type Driver = "prisma" | "pg" | "mysql2" | "mongodb" | "ioredis" | "redis" | "postgres" | "drizzle";

export interface ClientSite {
  /** The `new X(...)` or `x(...)` that constructs the client. */
  node: ts.NewExpression | ts.CallExpression;
  driver: Driver;
  /** `new Pool()`, `createPool()`, `postgres()`, as written for messages. */
  what: string;
  /** The package it comes from, as imported: `pg`, `mysql2/promise`, `@prisma/client`. */
  from: string;
  /** A pool (pg Pool, mysql2 createPool) rather than one connection. */
  pool: boolean;
  /** Plain TCP SQL drivers: they cannot run on the Vercel Edge Runtime and need Hyperdrive on Workers. */
  tcp: boolean;
}

interface Ctor {
  driver: Driver;
  /** Exported name, `default` for the module's default export. */
  name: string;
  call: "new" | "call";
  pool?: boolean;
  tcp?: boolean;
}

const MYSQL: Ctor[] = [
  { driver: "mysql2", name: "createConnection", call: "call", tcp: true },
  { driver: "mysql2", name: "createPool", call: "call", pool: true, tcp: true },
  { driver: "mysql2", name: "createPoolCluster", call: "call", pool: true, tcp: true },
];
const DRIZZLE: Ctor[] = [{ driver: "drizzle", name: "drizzle", call: "call", tcp: true }];

const BY_MODULE: Record<string, Ctor[]> = {
  pg: [
    { driver: "pg", name: "Pool", call: "new", pool: true, tcp: true },
    { driver: "pg", name: "Client", call: "new", tcp: true },
  ],
  mysql2: MYSQL,
  "mysql2/promise": MYSQL,
  mongodb: [{ driver: "mongodb", name: "MongoClient", call: "new" }],
  ioredis: [
    { driver: "ioredis", name: "default", call: "new" },
    { driver: "ioredis", name: "Redis", call: "new" },
    { driver: "ioredis", name: "Cluster", call: "new" },
  ],
  redis: [
    { driver: "redis", name: "createClient", call: "call" },
    { driver: "redis", name: "createCluster", call: "call" },
  ],
  "@redis/client": [{ driver: "redis", name: "createClient", call: "call" }],
  postgres: [{ driver: "postgres", name: "default", call: "call", tcp: true }],
  // Given a connection string or `{ connection }`, these drizzle entry points open a pool themselves.
  "drizzle-orm/node-postgres": DRIZZLE,
  "drizzle-orm/mysql2": DRIZZLE,
  "drizzle-orm/postgres-js": DRIZZLE,
};

const PRISMA: Ctor[] = [{ driver: "prisma", name: "PrismaClient", call: "new" }];

/** `@prisma/client`, or a client generated to a custom output (`./generated/prisma`, `@/generated/prisma/client`). */
function ctorsOf(specifier: string): Ctor[] | undefined {
  if (specifier === "@prisma/client" || /(?:^|\/)(?:generated\/prisma|\.prisma)(?:\/client)?(?:\.[mc]?[jt]s)?$/.test(specifier)) return PRISMA;
  return BY_MODULE[specifier];
}

/**
 * Whether a file's text may construct one of these clients (the rules' cheap pre-scan): it quotes a
 * driver module, or names `PrismaClient`, which every construction of a Prisma client spells (named,
 * aliased, `prisma.PrismaClient` on a namespace or default import), whatever path it was generated to.
 * Files that only use a client (`prisma.link.findMany()`) or import Prisma's types are not read.
 */
export const DB_PRESCAN = /["'`](?:pg|mysql2(?:\/promise)?|mongodb|ioredis|redis|@redis\/client|postgres|drizzle-orm\/(?:node-postgres|mysql2|postgres-js))["'`]|PrismaClient/;

type Binding = { module: string; name: string };

function requireOf(node: ts.Expression | undefined): string | undefined {
  if (!node || !ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== "require") return undefined;
  const arg = node.arguments[0];
  return arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

/** Local name -> what it imports, for the driver modules only (ESM imports and top-level `require`). */
function bindings(sf: ts.SourceFile): Map<string, Binding> {
  const out = new Map<string, Binding>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && !s.importClause?.isTypeOnly) {
      const module = s.moduleSpecifier.text;
      if (!ctorsOf(module)) continue;
      const clause = s.importClause;
      if (clause?.name) out.set(clause.name.text, { module, name: "default" });
      const named = clause?.namedBindings;
      if (named && ts.isNamespaceImport(named)) out.set(named.name.text, { module, name: "*" });
      else if (named) for (const el of named.elements) out.set(el.name.text, { module, name: (el.propertyName ?? el.name).text });
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const module = requireOf(d.initializer);
        if (!module || !ctorsOf(module)) continue;
        if (ts.isIdentifier(d.name)) out.set(d.name.text, { module, name: "*" });
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            const prop = el.propertyName ?? el.name;
            if (ts.isIdentifier(el.name) && ts.isIdentifier(prop)) out.set(el.name.text, { module, name: prop.text });
          }
        }
      }
    }
  }
  return out;
}

function match(callee: ts.Expression, call: "new" | "call", imports: Map<string, Binding>): { ctor: Ctor; module: string } | undefined {
  let binding: Binding | undefined;
  let name: string | undefined;
  if (ts.isIdentifier(callee)) {
    binding = imports.get(callee.text);
    name = binding?.name;
  } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    binding = imports.get(callee.expression.text);
    // `pg.Pool` on a default or namespace import; `Redis.Cluster` on ioredis's default export.
    if (binding?.name === "*" || binding?.name === "default") name = callee.name.text;
    if (binding?.name === "default" && binding.module === "ioredis" && name !== "Cluster") name = undefined;
  }
  if (!binding || !name) return undefined;
  const ctors = ctorsOf(binding.module) ?? [];
  // `const postgres = require("postgres")` is the default export itself.
  const wanted = name === "*" && ts.isIdentifier(callee) ? "default" : name;
  const ctor = ctors.find((c) => c.name === wanted && c.call === call);
  return ctor && { ctor, module: binding.module };
}

/** drizzle over a client object (`drizzle(pool)`, `drizzle({ client })`) wraps it; only a URL or connection config opens a pool. */
function drizzleOpensPool(call: ts.CallExpression): boolean {
  const arg = call.arguments[0];
  if (!arg) return false;
  if (ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg)) return true;
  if (ts.isObjectLiteralExpression(arg)) {
    return arg.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === "connection");
  }
  // `drizzle(process.env.DATABASE_URL!)`
  let e: ts.Expression = arg;
  while (ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  return ts.isPropertyAccessExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "env";
}

const cache = new WeakMap<ts.SourceFile, ClientSite[]>();

/** Every place a file constructs a database or cache client, in source order. */
export function clientSites(sf: ts.SourceFile): ClientSite[] {
  let sites = cache.get(sf);
  if (sites) return sites;
  sites = [];
  const imports = bindings(sf);
  if (imports.size > 0) {
    const found = sites;
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
        const hit = match(node.expression, ts.isNewExpression(node) ? "new" : "call", imports);
        if (hit && (hit.ctor.driver !== "drizzle" || drizzleOpensPool(node as ts.CallExpression))) {
          const callee = node.expression.getText(sf);
          found.push({
            node,
            driver: hit.ctor.driver,
            what: ts.isNewExpression(node) ? `new ${callee}()` : `${callee}()`,
            from: hit.module,
            pool: hit.ctor.pool ?? false,
            tcp: hit.ctor.tcp ?? false,
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  cache.set(sf, sites);
  return sites;
}

/** The options object passed to a client constructor, when written inline. */
export function optionsObject(site: ClientSite): ts.ObjectLiteralExpression | undefined {
  const arg = site.node.arguments?.[0];
  return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
}

export function property(obj: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined {
  for (const p of obj.properties) {
    if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name) && p.name.text === name) return p;
  }
  return undefined;
}
