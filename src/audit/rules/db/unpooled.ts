// Facts: docs/rules/db/unpooled.md (Cloudflare Hyperdrive and TCP sockets docs; Prisma connection management; @vercel/functions attachDatabasePool).
import { ts } from "ts-morph";
import { connectionSource } from "../../analysis/connection-source.js";
import { forwardedParameter, helperCallSites, type Forwarded } from "../../analysis/helper-calls.js";
import { clientSites, DB_PRESCAN, optionsObject, property, type ClientSite } from "../../analysis/db-clients.js";
import { exampleEnvValue, prismaSchemaPath, readDatasource, urlTraits } from "../../analysis/prisma-datasource.js";
import { defineRule } from "../../define-rule.js";
import type { FunctionContext, RawFinding, RuleContext } from "../../types.js";
import { position } from "../../analysis/file-facts.js";
import { alsoReachedBy } from "../../analysis/shared-findings.js";
import { platformDef } from "../../../platforms/index.js";
import * as z from "zod";

/** Connections one instance may hold before the rule speaks up (Lambda runs one request per instance; Fluid a few). */
const DEFAULT_MAX_POOL = 5;
const POOL_SIZE_OPTION: Partial<Record<ClientSite["driver"], string>> = { pg: "max", postgres: "max", mysql2: "connectionLimit" };

function maxPoolSize(ctx: RuleContext): number {
  const v = ctx.settings.maxPoolSize;
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : DEFAULT_MAX_POOL;
}

/** The options argument that carries the pool size: `new Pool({...})`, `createPool({...})`, `postgres(url, {...})`. */
function poolOptions(site: ClientSite): ts.ObjectLiteralExpression | undefined {
  if (site.driver === "postgres") {
    const second = site.node.arguments?.[1];
    return second && ts.isObjectLiteralExpression(second) ? second : optionsObject(site);
  }
  return optionsObject(site);
}

function fluidDisabled(ctx: RuleContext): boolean {
  for (const cfg of ctx.project.configFiles) {
    if (cfg.kind !== "vercel-json") continue;
    try {
      if ((JSON.parse(ctx.text(cfg.path) ?? "{}") as { fluid?: unknown }).fluid === false) return true;
    } catch {
      // A broken vercel.json is reported by discovery.
    }
  }
  return false;
}

/** The name a pool is kept under (`const pool = ...`, `pool ??= ...`, `globalThis.pool = ...`), to match `attachDatabasePool(pool)`. */
function keptAs(node: ts.Node): string | undefined {
  let e: ts.Node = node;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent) || (ts.isBinaryExpression(e.parent) && e.parent.right === e && e.parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken && e.parent.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionEqualsToken)) e = e.parent;
  const p = e.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isBinaryExpression(p) && p.right === e) return p.left.getText().replace(/^.*\./, "");
  return undefined;
}

function attached(site: ClientSite, sf: ts.SourceFile): boolean {
  const name = keptAs(site.node);
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "attachDatabasePool") {
      const arg = n.arguments[0];
      if (arg && (arg === site.node || arg.getText(sf).replace(/^.*\./, "") === name || (arg.pos <= site.node.pos && site.node.end <= arg.end))) found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function siteFinding(ctx: RuleContext, fnCtx: FunctionContext, file: string, node: ts.Node, message: string, fix: string, severity?: RawFinding["severity"]): RawFinding {
  return { message, file: ctx.relative(file), ...position(node.getSourceFile(), node), function: fnCtx.fn.id, chain: fnCtx.chainTo(file), fix: { description: fix }, ...(severity ? { severity } : {}) };
}

function checkWorkers(ctx: RuleContext, fnCtx: FunctionContext, file: string, site: ClientSite, out: RawFinding[]): void {
  if (!site.tcp) return;
  const bindings = fnCtx.fn.workers?.bindings.hyperdrive ?? [];
  const source = connectionSource(site.node.arguments?.[0], bindings);
  if (source.kind === "unknown" && bindings.length > 0) {
    reportDirectCallers(ctx, fnCtx, file, site, bindings, out);
    return;
  }
  if (source.kind === "hyperdrive") return;
  const host = fnCtx.fn.host;
  if (host) {
    // A host that runs workerd without Cloudflare's services (Shopify Oxygen) has no Hyperdrive to offer.
    const fix = "Instead, query the database over HTTP (an HTTP driver such as `neon()` from @neondatabase/serverless or @planetscale/database), or put it behind an API with its own pool.";
    out.push(siteFinding(ctx, fnCtx, file, site.node,
      `\`${site.what}\` (${site.from}) connects straight to the database over TCP from ${host.name}, which has no Hyperdrive to pool connections: every request opens a new connection from the edge to the database's region, paying the TCP, TLS and authentication round trips each time, and a burst of requests exhausts the database's connection limit. ${fix}`,
      fix));
    return;
  }
  const wrangler = fnCtx.fn.workers?.locations.config?.file ?? fnCtx.fn.config.file;
  const what = source.kind === "direct" ? source.what : "";
  const undeclared = what ? undeclaredHyperdrive(site.node.arguments?.[0], what) : undefined;
  if (undeclared && bindings.length === 0) {
    // The code is written for Hyperdrive; only the binding is missing (often left commented out on purpose in a template).
    const fix = `Instead, declare the Hyperdrive configuration in ${wrangler} (\`"hyperdrive": [{ "binding": "${undeclared}", "id": "..." }]\`), so \`env.${undeclared}.connectionString\` is Hyperdrive's pooled connection.`;
    out.push(siteFinding(ctx, fnCtx, file, site.node,
      `\`${site.what}\` (${site.from}) reads \`${what}.connectionString\`, but ${wrangler} binds no Hyperdrive configuration as \`${undeclared}\`: deployed like this, \`${what}\` is undefined and the code cannot connect. ${fix}`,
      fix, "info"));
    return;
  }
  const from = what ? ` (its connection string comes from \`${what}\`, not a Hyperdrive binding)` : "";
  const fix = bindings.length > 0
    ? `Instead, pass the Hyperdrive binding's connection string, \`env.${bindings[0]}.connectionString\`, which ${wrangler} already declares.`
    : `Instead, create a Hyperdrive configuration for the database, add it to ${wrangler} (\`"hyperdrive": [{ "binding": "HYPERDRIVE", "id": "..." }]\`) and pass \`env.HYPERDRIVE.connectionString\`.`;
  out.push(siteFinding(ctx, fnCtx, file, site.node,
    `\`${site.what}\` (${site.from}) connects from the Worker straight to the database over TCP${from}: every request opens a new connection from the edge to the database's region, paying the TCP, TLS and authentication round trips each time, and a burst of requests exhausts the database's connection limit. ${fix}`,
    fix));
}

/**
 * A client built in the project's own helper from its parameter (`makeDb(url)`): unknown there, so the
 * calls of that helper the function reaches are read, one call out. One that passes a plain env var
 * while a Hyperdrive binding is declared is reported where it is written.
 */
function reportDirectCallers(ctx: RuleContext, fnCtx: FunctionContext, file: string, site: ClientSite, bindings: readonly string[], out: RawFinding[]): void {
  const fwd = parameterIn(site.node.arguments?.[0]);
  if (!fwd) return;
  for (const caller of helperCallSites(fnCtx, file, fwd)) {
    const passed = connectionSource(caller.call.arguments[fwd.index], bindings);
    if (passed.kind !== "direct") continue;
    const wrangler = fnCtx.fn.workers?.locations.config?.file ?? fnCtx.fn.config.file;
    const fix = `Instead, pass the Hyperdrive binding's connection string, \`env.${bindings[0]}.connectionString\`, which ${wrangler} already declares.`;
    out.push(siteFinding(ctx, fnCtx, caller.file, caller.call,
      `\`${fwd.helper}(…)\` passes \`${passed.what}\` (not the Hyperdrive binding) as its \`${fwd.param}\` parameter to \`${site.what}\` in ${ctx.relative(file)}:${position(site.node.getSourceFile(), site.node).line}, which connects from the Worker straight to the database over TCP: every request opens a new connection from the edge to the database's region, paying the TCP, TLS and authentication round trips each time, and a burst of requests exhausts the database's connection limit. ${fix}`,
      fix));
  }
}

/** The first parameter of the named function around it that a connection argument is built from (`url`, `{ connectionString: url }`). */
function parameterIn(arg: ts.Expression | undefined): Forwarded | undefined {
  if (!arg) return undefined;
  let found: Forwarded | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && !(ts.isPropertyAssignment(n.parent) && n.parent.name === n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) found = forwardedParameter(n);
    else ts.forEachChild(n, visit);
  };
  visit(arg);
  return found;
}

/**
 * The binding name when the code reads a Hyperdrive binding that the wrangler config does not
 * declare (`env.HYPERDRIVE.connectionString` with the `hyperdrive` entry commented out).
 */
function undeclaredHyperdrive(arg: ts.Expression | undefined, what: string): string | undefined {
  const name = /\benv\.(\w+)$/.exec(what)?.[1];
  if (!name) return undefined;
  const text = arg ? arg.getText(arg.getSourceFile()) : "";
  return /hyperdrive/i.test(name) || text.includes(`${what}.connectionString`) ? name : undefined;
}

function checkPoolSize(ctx: RuleContext, fnCtx: FunctionContext, file: string, site: ClientSite, out: RawFinding[]): void {
  const key = POOL_SIZE_OPTION[site.driver];
  if (!key || (site.driver !== "postgres" && !site.pool)) return;
  const prop = poolOptions(site) && property(poolOptions(site)!, key);
  if (!prop || !ts.isPropertyAssignment(prop) || !ts.isNumericLiteral(prop.initializer)) return;
  const size = Number(prop.initializer.text);
  const limit = maxPoolSize(ctx);
  if (size <= limit) return;
  const { why: per, set } = platformDef(fnCtx.fn).wording.poolSize;
  const fix = `Set \`${key}\` to ${set(limit)} and put a pooler in front of the database (PgBouncer, Supavisor, RDS Proxy or your provider's pooled host).`;
  out.push(siteFinding(ctx, fnCtx, file, prop,
    `\`${key}: ${size}\` lets every instance of this function hold ${size} connections; at 100 concurrent instances that is ${(size * 100).toLocaleString("en-US")}, far beyond a typical Postgres or MySQL limit of 100 to a few hundred, and ${per}. ${fix}`,
    fix));
}

function checkEdge(ctx: RuleContext, fnCtx: FunctionContext, file: string, site: ClientSite, out: RawFinding[]): void {
  if (site.driver === "prisma") return;
  const http = site.driver === "ioredis" || site.driver === "redis" ? "an HTTP client such as @upstash/redis" : site.driver === "mongodb" ? "the MongoDB Atlas Data API or a Node.js function" : "an HTTP driver such as `neon()` from @neondatabase/serverless or @planetscale/database";
  const fix = `Instead, use ${http}, or run this function on the Node.js runtime.`;
  out.push(siteFinding(ctx, fnCtx, file, site.node,
    `\`${site.what}\` (${site.from}) needs TCP sockets, which the Vercel Edge Runtime does not have: the import fails to build or the connection fails at runtime. ${fix}`,
    fix, "error"));
}

function checkFluid(ctx: RuleContext, fnCtx: FunctionContext, file: string, site: ClientSite, out: RawFinding[]): void {
  if (!site.pool || (site.driver !== "pg" && site.driver !== "mysql2")) return;
  if (attached(site, site.node.getSourceFile())) return;
  const fix = `Add \`attachDatabasePool(${keptAs(site.node) ?? "pool"})\` from @vercel/functions right after creating the pool.`;
  out.push(siteFinding(ctx, fnCtx, file, site.node,
    `\`${site.what}\` (${site.from}) is not attached with \`attachDatabasePool\`: under Fluid compute, Vercel suspends idle instances, and a pool it does not know about keeps its idle connections open while suspended, until the database times them out, so connections pile up across instances. ${fix}`,
    fix, "info"));
}

/** Prisma's pool size comes from the datasource URL: read it from the schema and .env.example, once per schema. */
function checkPrisma(ctx: RuleContext, fnCtx: FunctionContext, site: ClientSite, seen: Map<string, RawFinding[]>, out: RawFinding[]): void {
  const options = optionsObject(site);
  if (options && ["adapter", "datasourceUrl", "datasources", "accelerateUrl"].some((k) => property(options, k))) return;
  const schema = prismaSchemaPath(fnCtx.fn.packageRoot, ctx.text);
  if (!schema) return;
  // One schema, one set of findings: later functions using the same client are listed on them.
  const earlier = seen.get(schema);
  if (earlier) {
    for (const f of earlier) alsoReachedBy(f, fnCtx.fn.id);
    return;
  }
  const before = out.length;
  seen.set(schema, []);
  checkDatasource(ctx, fnCtx, schema, out);
  seen.set(schema, out.slice(before));
}

function checkDatasource(ctx: RuleContext, fnCtx: FunctionContext, schema: string, out: RawFinding[]): void {
  const ds = readDatasource(schema, ctx.text);
  if (!ds?.url || !["postgresql", "postgres", "mysql", "cockroachdb", "sqlserver"].includes(ds.provider ?? "")) return;
  const env = ds.url.value.env;
  const documented = env ? exampleEnvValue(env, [...new Set([fnCtx.fn.packageRoot, ctx.project.root])], ctx.text) : undefined;
  const url = env ? documented?.value : ds.url.value.literal;
  const at = env ? documented : ds.url;
  if (!url || !at) return;
  // A placeholder to paste a URL into (`__YOUR_DATABASE_URL__`, `<connection string>`) says nothing about pooling.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return;
  const traits = urlTraits(url);
  if (traits.accelerate) return;
  const where = { file: ctx.relative(at.file), line: at.line, column: at.column, function: fnCtx.fn.id };
  const name = env ?? "The datasource url";
  if (!traits.pooler && traits.connectionLimit === undefined) {
    const fix = "Add `connection_limit=1` to the URL and point it at a pooler (PgBouncer or Supavisor with `pgbouncer=true`, Neon's `-pooler` host, port 6543 on Supabase), or use Prisma Accelerate.";
    out.push({ ...where, message: `${name} in ${where.file} connects Prisma straight to the database without \`connection_limit\`: each serverless instance opens a pool of num_cpus * 2 + 1 connections, so concurrent instances exhaust the database's limit. ${fix}`, fix: { description: fix } });
  }
  if (traits.transactionPooler && !ds.directUrl) {
    const fix = "Add `directUrl = env(\"DIRECT_URL\")` to the datasource, set to the database's direct (non-pooled) URL, so `prisma migrate` bypasses the pooler.";
    out.push({
      file: ctx.relative(schema), line: ds.block.line, column: ds.block.column, function: fnCtx.fn.id,
      message: `The datasource in ${ctx.relative(schema)} goes through a transaction pooler (${name}) but has no \`directUrl\`: \`prisma migrate\` needs a session connection for its advisory locks and DDL, and fails or hangs through the pooler. ${fix}`,
      fix: { description: fix },
    });
  }
}

export default defineRule({
  meta: {
    id: "db/unpooled",
    description: "Database connection that bypasses a connection pooler (Hyperdrive, PgBouncer, Prisma connection_limit)",
    defaultSeverity: "warning",
    platforms: ["cloudflare-workers", "vercel", "aws-lambda"],
    options: z.strictObject({ maxPoolSize: z.number().int().positive().optional().describe("connections one instance may hold before the rule speaks up (default 5)") }),
    prescan: DB_PRESCAN,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    const schemas = new Map<string, RawFinding[]>();
    const noFluid = fluidDisabled(ctx);
    for (const fnCtx of ctx.functions) {
      const { fn } = fnCtx;
      for (const file of ctx.candidates(fnCtx)) {
        const sf = fnCtx.ast(file);
        if (!sf) continue;
        for (const site of clientSites(sf)) {
          switch (fn.runtime) {
            case "workerd":
              checkWorkers(ctx, fnCtx, file, site, findings);
              break;
            case "edge":
              checkEdge(ctx, fnCtx, file, site, findings);
              break;
            case "nodejs":
              checkPoolSize(ctx, fnCtx, file, site, findings);
              if (platformDef(fn).concurrentRequests && !noFluid) checkFluid(ctx, fnCtx, file, site, findings);
              if (site.driver === "prisma") checkPrisma(ctx, fnCtx, site, schemas, findings);
              break;
            default:
              fn.runtime satisfies never;
          }
        }
      }
    }
    return findings;
  },
});
