import { bareRoot } from "../../project/source/specifiers.js";
import type { FunctionContext, RuleContext } from "../types.js";

/**
 * The rule's candidate files that put code in the function's bundle: a file esbuild tree-shook out
 * entirely (imported only for types, or for something never used) runs nothing in this function.
 */
export function bundledFiles(ctx: RuleContext, fnCtx: FunctionContext): string[] {
  const files = ctx.candidates(fnCtx);
  return fnCtx.shaken?.size ? files.filter((f) => !fnCtx.shaken!.has(f)) : files;
}

/**
 * Whether a package is part of what the function loads: bytes in its bundle, or an import the
 * output keeps (left external by the build, or not installed). Without a bundle it is unknown,
 * and counts as yes.
 */
export function packageInOutput(fnCtx: FunctionContext, name: string): boolean {
  const bundle = fnCtx.bundle;
  if (!bundle || bundle.missingPackages.includes(name)) return true;
  if ((bundle.packages.find((p) => p.name === name)?.bytes ?? 0) > 0) return true;
  return fnCtx.externalImports.some((e) => bareRoot(e.specifier) === name);
}
