// Facts: docs/rules/edge/dynamic-code.md (Next.js middleware-plugin dynamic code check; Workers code-generation limits).
import { defineRule } from "../../define-rule.js";
import type { RawFinding } from "../../types.js";
import { leaveEdgeAdvice, type EdgeTarget } from "../../analysis/edge-target.js";
import { edgeFiles, position, type DynamicCode } from "../../analysis/file-facts.js";

const NEXT_ERROR = "Dynamic Code Evaluation (e. g. 'eval', 'new Function', 'WebAssembly.compile') not allowed in Edge Runtime";

function describe(target: EdgeTarget, site: DynamicCode): { message: string; instead: string } {
  const wasm = site.what.includes("WebAssembly");
  const what = wasm ? `\`${site.what}\` compiles WebAssembly from bytes at runtime` : `\`${site.what}\` evaluates code from a string at runtime`;
  const instead = wasm
    ? `import the .wasm file so it is compiled at build time (${target.platform === "vercel-edge" ? "`import wasm from \"./module.wasm?module\"`" : "`import wasm from \"./module.wasm\"`"}) and pass that module to \`WebAssembly.instantiate\``
    : "replace it with ordinary code or a lookup table, and precompile templates or schemas at build time";
  if (target.platform === "vercel-edge") {
    // Next.js checks at build time; another framework's edge function (SvelteKit, Nitro's vercel-edge) fails when the code runs.
    if (target.fn.framework) {
      const fails = wasm ? "compiling WebAssembly from bytes is refused there" : "code generation from strings is disallowed there, so this throws EvalError";
      return { message: `${what}, which the Vercel Edge Runtime forbids: ${fails}. Instead, ${instead}, ${leaveEdgeAdvice(target.fn)}.`, instead };
    }
    const allow = wasm ? "" : "; if only a dependency does this on a path you never run, list it in `unstable_allowDynamic` in the route's config";
    return {
      message: `${what}, which the Vercel Edge Runtime forbids: \`next build\` fails with "${NEXT_ERROR}". Instead, ${instead}${allow}, ${leaveEdgeAdvice(target.fn)}.`,
      instead: `${instead}${allow}`,
    };
  }
  const why = wasm
    ? "Workers refuse to compile WebAssembly at runtime, so this throws a CompileError"
    : "Workers forbid code generation from strings, so this throws EvalError (\"Code generation from strings disallowed for this context\")";
  return { message: `${what}: ${why}. Instead, ${instead}.`, instead };
}

export default defineRule({
  meta: {
    id: "edge/dynamic-code",
    description: "eval, new Function or runtime WebAssembly compilation in edge code",
    defaultSeverity: "error",
    platforms: ["vercel", "cloudflare-workers"],
    prescan: /\b(?:eval|Function|WebAssembly)\b/,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const { fnCtx, target, file, sf, facts } of edgeFiles(ctx)) {
      for (const site of facts.dynamic) {
        // A typeof check does not stop the bundler from seeing the code; a NEXT_RUNTIME branch is dropped from edge builds.
        if (site.guard.runtime) continue;
        const { message, instead } = describe(target, site);
        findings.push({
          message,
          file: ctx.relative(file),
          ...position(sf, site.node),
          function: fnCtx.fn.id,
          chain: fnCtx.chainTo(file),
          fix: { description: `Instead, ${instead}.` },
        });
      }
    }
    return findings;
  },
});
