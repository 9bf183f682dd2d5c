import path from "node:path";

/** A value written in a config file, with where. */
export interface Located<T> {
  value: T;
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
}

export interface Datasource {
  provider: string | undefined;
  /** `url = env("DATABASE_URL")` gives `{ env: "DATABASE_URL" }`; a literal gives `{ literal }`. */
  url: Located<{ env?: string; literal?: string }> | undefined;
  directUrl: Located<string> | undefined;
  /** The `datasource db {` line. */
  block: Located<string>;
}

/** Reads a project file through the audit's boundary (RuleContext.text). */
type Read = (abs: string) => string | undefined;

/** The schema Prisma would use for a package: package.json `prisma.schema`, else prisma/schema.prisma, else schema.prisma. */
export function prismaSchemaPath(packageRoot: string, readText: Read): string | undefined {
  let configured: string | undefined;
  try {
    const pkg = JSON.parse(readText(path.join(packageRoot, "package.json")) ?? "{}") as { prisma?: { schema?: unknown } };
    if (typeof pkg.prisma?.schema === "string") configured = path.resolve(packageRoot, pkg.prisma.schema);
  } catch {
    configured = undefined;
  }
  for (const candidate of [configured, path.join(packageRoot, "prisma/schema.prisma"), path.join(packageRoot, "schema.prisma")]) {
    if (candidate && candidate.endsWith(".prisma") && readText(candidate) !== undefined) return candidate;
  }
  return undefined;
}

/** The first `datasource` block of a Prisma schema (Prisma allows only one). */
export function readDatasource(schemaFile: string, readText: Read): Datasource | undefined {
  const text = readText(schemaFile);
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*datasource\s+\w+\s*\{/.test(l));
  if (start < 0) return undefined;
  const at = <T>(value: T, line: number, column: number): Located<T> => ({ value, file: schemaFile, line: line + 1, column: column + 1 });
  const ds: Datasource = { provider: undefined, url: undefined, directUrl: undefined, block: at("datasource", start, lines[start]!.search(/\S/)) };
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\/\/.*$/, "");
    if (/^\s*\}/.test(line)) break;
    const m = /^(\s*)(\w+)\s*=\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    const [, indent, key, raw] = m as unknown as [string, string, string, string];
    const env = /^env\(\s*"([^"]+)"\s*\)$/.exec(raw)?.[1];
    const literal = /^"(.*)"$/.exec(raw)?.[1];
    if (key === "provider") ds.provider = literal;
    else if (key === "url") ds.url = at(env ? { env } : { literal }, i, indent.length);
    else if (key === "directUrl") ds.directUrl = at(raw, i, indent.length);
  }
  return ds;
}

const ENV_EXAMPLES = [".env.example", ".env.sample", ".env.template", ".env.local.example"];

/** A variable's documented value in the package's (or project's) `.env.example`, when it has one. */
export function exampleEnvValue(name: string, dirs: string[], readText: Read): Located<string> | undefined {
  for (const dir of dirs) {
    for (const base of ENV_EXAMPLES) {
      const file = path.join(dir, base);
      const text = readText(file);
      if (text === undefined) continue;
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        const m = /^(\s*(?:export\s+)?)([A-Za-z_][\w.]*)\s*=\s*(.*)$/.exec(lines[i]!);
        if (!m || m[2] !== name) continue;
        const value = m[3]!.replace(/\s+#.*$/, "").trim().replace(/^(["'])(.*)\1$/, "$2");
        if (value) return { value, file, line: i + 1, column: m[1]!.length + 1 };
      }
    }
  }
  return undefined;
}

export interface UrlTraits {
  /** Prisma Accelerate or Prisma Postgres over HTTP: pooled by the service. */
  accelerate: boolean;
  /** Goes through a connection pooler: `pgbouncer=true`, a `-pooler` host, Supabase's pooler host, or port 6543. */
  pooler: boolean;
  /** A transaction-mode pooler (PgBouncer, Supavisor, Neon's pooler), which `prisma migrate` cannot run through. */
  transactionPooler: boolean;
  connectionLimit: number | undefined;
}

export function urlTraits(url: string): UrlTraits {
  const accelerate = /^prisma(\+postgres)?:\/\//i.test(url);
  const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  const params = new URLSearchParams(query);
  const authority = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/?#]*)/i.exec(url)?.[1] ?? "";
  const transactionPooler = params.get("pgbouncer") === "true" || /-pooler\b|pooler\.supabase\.com/i.test(authority) || /:6543$/.test(authority);
  const pooler = transactionPooler || /\.proxy-[^.]+\.[^.]+\.rds\.amazonaws\.com/i.test(authority);
  const limit = params.get("connection_limit");
  return { accelerate, pooler, transactionPooler, connectionLimit: limit !== null && /^\d+$/.test(limit) ? Number(limit) : undefined };
}
