/** An SST v3 app's infrastructure code: sst.config.ts and the files it imports (`await import("./infra")`). */
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { isFile, readText } from "../../files.js";
import type { Boundary } from "../../source/boundary.js";
import { parseSource } from "../../source/typescript.js";
import type { Src } from "../cdk/cdk-props.js";

export const SST_CONFIG = /^sst\.config\.[cm]?[jt]s$/;
const EXTENSIONS = ["", ".ts", ".mts", ".js", ".mjs", "/index.ts", "/index.js"];
/** An app's infra rarely spans more than a few dozen files; this bounds a pathological import graph. */
const MAX_FILES = 200;

/** sst.config.ts and every project file it reaches through relative imports, parsed, config first. */
export async function sstSources(ts: typeof TS, configAbs: string, boundary: Boundary, onError: (abs: string, message: string) => void): Promise<Src[]> {
  const out: Src[] = [];
  const seen = new Set<string>([configAbs]);
  const queue = [configAbs];
  while (queue.length > 0 && out.length < MAX_FILES) {
    const abs = queue.shift()!;
    const read = await readText(abs, boundary);
    if (!read.ok) {
      onError(abs, read.message);
      continue;
    }
    const sf = parseSource(ts, abs, read.text);
    out.push({ sf, abs });
    for (const spec of await expandFolders(relativeSpecifiers(ts, sf), path.dirname(abs), boundary)) {
      for (const ext of EXTENSIONS) {
        const candidate = path.resolve(path.dirname(abs), spec.replace(/\.[cm]?js$/, "")) + ext;
        if (seen.has(candidate)) break;
        if (!(await isFile(candidate, boundary))) continue;
        seen.add(candidate);
        queue.push(candidate);
        break;
      }
    }
  }
  return out;
}

/**
 * `import x from "./a"`, `export * from "./b"`, `await import("./c")`; and a folder, ending in
 * "/", for `await import("./infra" + name)` over the folder's files (`for (const f of readdirSync("./infra"))`).
 */
function relativeSpecifiers(ts: typeof TS, sf: TS.SourceFile): string[] {
  const specs: string[] = [];
  const visit = (node: TS.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specs.push(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      const arg = node.arguments[0];
      if (ts.isStringLiteral(arg)) specs.push(arg.text);
      const prefix = ts.isBinaryExpression(arg) && ts.isStringLiteral(arg.left) ? arg.left.text : ts.isTemplateExpression(arg) ? arg.head.text : undefined;
      if (prefix?.endsWith("/")) specs.push(prefix);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specs.filter((s) => s.startsWith("./") || s.startsWith("../"));
}

/** A folder specifier ("./infra/") stands for the code files in it. */
async function expandFolders(specs: string[], dir: string, boundary: Boundary): Promise<string[]> {
  const out: string[] = [];
  for (const spec of specs) {
    if (!spec.endsWith("/")) {
      out.push(spec);
      continue;
    }
    const folder = path.resolve(dir, spec);
    if (boundary.refuse(folder)) continue;
    const names = await readdir(folder).catch(() => [] as string[]);
    out.push(...names.filter((n) => /\.[cm]?[jt]s$/.test(n) && !/\.d\.[cm]?ts$/.test(n)).sort().map((n) => spec + n));
  }
  return out;
}

/** `sst.aws.Function` -> "aws.Function"; `sst.cloudflare.Worker` -> "cloudflare.Worker"; anything else undefined. */
export function sstClass(ts: typeof TS, expr: TS.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return undefined;
  const ns = expr.expression;
  if (!ts.isIdentifier(ns.expression) || ns.expression.text !== "sst") return undefined;
  return `${ns.name.text}.${expr.name.text}`;
}

/** "1024 MB", "1.5 GB" -> megabytes. */
export function sizeMb(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(MB|GB)\s*$/i.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (m[2]!.toUpperCase() === "GB" ? 1024 : 1));
}

/** "20 seconds", "1 minute", "900 seconds", "1.5 minutes" -> seconds. */
export function durationS(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(milliseconds?|seconds?|minutes?|hours?|days?)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase().replace(/s$/, "");
  const factor: Record<string, number> = { millisecond: 0.001, second: 1, minute: 60, hour: 3600, day: 86400 };
  return Number(m[1]) * factor[unit]!;
}
