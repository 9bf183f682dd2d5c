/**
 * Specifiers a TypeScript file re-exports only types from: `export { type A, type B } from "x"`.
 * TypeScript and every framework build erase the statement, but esbuild still follows it (and
 * records it in the metafile), so the audit must not: such an edge never forms an import chain.
 * `export type { A } from` and `import type` never reach the metafile at all.
 */
const REEXPORT = /\bexport\s*\{([^{}]*)\}\s*from\s*(["'])([^"'\n]+)\2/g;
const COMMENT = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
const TYPE_SPECIFIER = /^type\s+[\w$]+(?:\s+as\s+[\w$]+)?$/;
const TYPESCRIPT = /\.[cm]?tsx?$/i;

export function typeOnlyReexports(file: string, text: string | undefined): Set<string> {
  const found = new Set<string>();
  if (text === undefined || !TYPESCRIPT.test(file) || !text.includes("type")) return found;
  const typeOnly = new Map<string, number>();
  for (const m of text.matchAll(REEXPORT)) {
    const parts = m[1]!.replace(COMMENT, " ").split(",").map((p) => p.trim()).filter(Boolean);
    if (parts.length > 0 && parts.every((p) => TYPE_SPECIFIER.test(p))) typeOnly.set(m[3]!, (typeOnly.get(m[3]!) ?? 0) + 1);
  }
  // A module the file also imports or re-exports values from is a real edge.
  for (const [spec, count] of typeOnly) if (mentions(text, spec) === count) found.add(spec);
  return found;
}

function mentions(text: string, specifier: string): number {
  let count = 0;
  for (const quote of ['"', "'"]) {
    const quoted = `${quote}${specifier}${quote}`;
    for (let at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, at + 1)) count++;
  }
  return count;
}
