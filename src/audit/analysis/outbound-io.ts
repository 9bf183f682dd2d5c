import { ts } from "ts-morph";
import { timeoutFacts } from "./timeout-calls.js";

/** Packages whose use means a network round trip to a database, cache or storage service. */
const DATA_PACKAGES = [
  "pg", "postgres", "mysql", "mysql2", "mysql2/promise", "@prisma/client", "mongodb", "mongoose", "ioredis", "redis",
  "@redis/client", "@neondatabase/serverless", "@vercel/postgres", "@vercel/kv", "@vercel/blob", "@planetscale/database",
  "@libsql/client", "@upstash/redis", "kysely", "knex", "@supabase/supabase-js", "@aws-sdk/client-dynamodb",
  "@aws-sdk/lib-dynamodb", "@aws-sdk/client-s3", "firebase-admin",
];
const DATA_SET = new Set(DATA_PACKAGES);
const DATA_PREFIXES = ["drizzle-orm/", "@prisma/"];

export const OUTBOUND_PRESCAN = /\bfetch\b|\bofetch\b|\baxios\b|\bgot\b|\bky\b|\bundici\b|["'](?:pg|postgres|mysql2?|mongodb|mongoose|ioredis|redis|kysely|knex|firebase-admin|@(?:prisma|neondatabase|vercel|planetscale|libsql|upstash|supabase|redis|aws-sdk)\/[\w/-]+|drizzle-orm\/[\w/-]+)(?:\/[\w/-]+)?["']/;

export interface OutboundSite {
  node: ts.Node;
  /** `fetch`, `axios.get`, or the package name. */
  what: string;
}

export function isDataPackage(specifier: string): boolean {
  return DATA_SET.has(specifier) || DATA_PREFIXES.some((p) => specifier.startsWith(p));
}

/** The first outbound call (that `keep` accepts) or data-client import in a file, if any. */
export function firstOutbound(sf: ts.SourceFile, keep: (call: ts.Node) => boolean = () => true): OutboundSite | undefined {
  const call = timeoutFacts(sf).calls.find((c) => keep(c.node));
  let found: OutboundSite | undefined = call ? { node: call.node, what: `${call.callee}(…)` } : undefined;
  for (const s of sf.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly) spec = s.moduleSpecifier;
    else if (ts.isVariableStatement(s)) {
      const init = s.declarationList.declarations[0]?.initializer;
      if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require") spec = init.arguments[0];
    }
    if (!spec || !ts.isStringLiteral(spec) || !isDataPackage(spec.text)) continue;
    if (!found || spec.getStart(sf) < found.node.getStart(sf)) found = { node: spec, what: `\`${spec.text}\`` };
    break;
  }
  return found;
}
