/** Inline Lambda code (FunctionInfo.inline): bundled from its text, its findings placed back in the file that holds it. */
import path from "node:path";
import type { Plugin } from "esbuild";
import type { FunctionInfo, InlineCode } from "../project/types.js";
import type { Finding } from "./types.js";

const INLINE_NAMESPACE = "coldstart-inline";
const PREFIX = `${INLINE_NAMESPACE}:`;

/**
 * The entries of inline functions load their text from discovery. Their imports stay external:
 * inline code is deployed as one file, so it can only load what the runtime provides (the AWS SDK,
 * and `cfn-response` for CloudFormation's ZipFile).
 */
export function inlinePlugin(inline: ReadonlyMap<string, InlineCode>): Plugin {
  return {
    name: "coldstart-inline",
    setup(build) {
      build.onResolve({ filter: /#[\w.-]+\.js$/ }, (args) => (args.kind === "entry-point" && inline.has(args.path) ? { path: args.path, namespace: INLINE_NAMESPACE } : undefined));
      build.onLoad({ filter: /.*/, namespace: INLINE_NAMESPACE }, (args) => ({ contents: inline.get(args.path)!.text, loader: "js", resolveDir: path.dirname(args.path) }));
      build.onResolve({ filter: /.*/, namespace: INLINE_NAMESPACE }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** A metafile input or message location as a path: inline entries carry the namespace prefix. */
export function inputPath(root: string, key: string): string {
  return key.startsWith(PREFIX) ? key.slice(PREFIX.length) : path.resolve(root, key);
}

/** Moves findings in inline code to where each line is written in its template (file, line and column). */
export function placeInlineFindings(findings: Finding[], functions: FunctionInfo[], rel: (abs: string) => string): void {
  const byFile = new Map(functions.flatMap((fn) => (fn.inline ? [[rel(fn.entry), fn.inline] as const] : [])));
  if (byFile.size === 0) return;
  for (const f of findings) {
    const inline = byFile.get(f.file);
    if (inline) {
      const at = inline.lines[Math.min(Math.max(f.line, 1), inline.lines.length) - 1] ?? { line: 1, column: 1 };
      f.file = rel(inline.file);
      f.line = at.line;
      f.column = at.column + Math.max(f.column, 1) - 1;
    }
    if (f.chain) f.chain = f.chain.map((step) => (byFile.has(step) ? rel(byFile.get(step)!.file) : step));
  }
}
