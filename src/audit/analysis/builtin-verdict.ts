import { alternativeFor, exampleFor } from "../compat/alternatives.js";
import type { BuiltinImport } from "../compat/node-builtins.js";
import { EDGE_NATIVE_MODULES } from "../compat/vercel-edge.js";
import { V2_DATE, workersBuiltinVerdict } from "../compat/workers-node.js";
import type { Fix, Severity } from "../types.js";
import { describeWorkersConfig, leaveEdgeAdvice, wranglerFile, type EdgeTarget } from "./edge-target.js";

/** Why a built-in cannot be used on a target, and what to do instead. */
export interface BuiltinProblem {
  /** "`node:fs` is not available in the Vercel Edge Runtime: ..." (no trailing period). */
  problem: string;
  /** A configuration change that makes the import work, when there is one. */
  configFix?: string;
  /** The configuration line that fixes it, when there is one. */
  configExample?: string;
  /** What to write instead of using the built-in. */
  alternative: string;
  severity: Severity;
  /** Whether the bundler itself fails (so the package's own guards cannot help). */
  breaksBuild: boolean;
  /** Whether loading the module fails; otherwise only using it does (a stub or polyfill). */
  failsAtImport: boolean;
}

const NEXT_KINDS = new Set(["app-route", "pages-api", "middleware", "proxy"]);
const VERCEL_PROVIDES = [...EDGE_NATIVE_MODULES].join(", ");

export function builtinProblem(target: EdgeTarget, mod: BuiltinImport, specifier: string): BuiltinProblem | undefined {
  const spec = `\`${specifier}\``;
  if (target.platform === "vercel-edge") {
    if (EDGE_NATIVE_MODULES.has(mod.name)) return undefined;
    const bundler = target.fn.vercel?.advice?.edgeBundler;
    if (bundler) {
      // A framework's own edge build leaves only the built-ins the Edge Runtime provides external.
      return {
        problem: `${spec} is not available in the Vercel Edge Runtime, which provides only ${VERCEL_PROVIDES}: ${bundler} cannot bundle it for the edge, so the build fails`,
        alternative: alternativeFor(mod.base, "vercel-edge"),
        configFix: leaveEdgeAdvice(target.fn).replace(/^or /, ""),
        severity: "error",
        breaksBuild: true,
        failsAtImport: true,
      };
    }
    return {
      problem: `${spec} is not available in the Vercel Edge Runtime, which provides only ${VERCEL_PROVIDES}: ${
        // Only Next.js's own edge build is known to stub it with this message; other builds (a Nitro vercel-edge preset, api/ functions) differ.
        !NEXT_KINDS.has(target.fn.vercel?.kind ?? "")
          ? "the build either fails on any other built-in or replaces it with a stub that throws when it is used"
          : `Next.js replaces any other built-in with a stub that throws "The edge runtime does not support Node.js '${mod.name}' module" when it is used`
      }`,
      alternative: alternativeFor(mod.base, "vercel-edge"),
      configFix: leaveEdgeAdvice(target.fn).replace(/^or /, ""),
      severity: "error",
      breaksBuild: false,
      failsAtImport: false,
    };
  }
  const verdict = workersBuiltinVerdict(mod, target.date, target.flags);
  if (verdict.ok) return undefined;
  const alt = alternativeFor(mod.base, "workers");
  const file = wranglerFile(target);
  const config = describeWorkersConfig(target);
  const builtBy = target.fn.workers?.builtBy;
  const host = target.fn.host;
  switch (verdict.why) {
    case "no-compat":
      if (host) {
        // The host sets the compatibility date and flags; the project cannot turn Node.js compatibility on.
        return {
          problem: `${spec} is a Node.js built-in and ${host.name} runs workerd without Node.js compatibility (${config}), which the project cannot change, so the import fails`,
          alternative: alt,
          severity: "error",
          breaksBuild: false,
          failsAtImport: true,
        };
      }
      if (builtBy) {
        // Without a wrangler config the framework writes one, from its own option.
        const wrangler = /(^|\/)wrangler\.(toml|jsonc?)$/.test(file);
        return {
          problem: `${spec} is a Node.js built-in and this Worker has no Node.js compatibility (${config}): ${builtBy.name} bundles unenv's stub for it, whose functions throw "[unenv] … is not implemented yet!" at runtime`,
          configFix: wrangler ? `add "nodejs_compat" to compatibility_flags in ${file}` : `${builtBy.nodeCompat.how} in ${file}`,
          configExample: !wrangler ? builtBy.nodeCompat.example : file.endsWith(".toml") ? 'compatibility_flags = ["nodejs_compat"]' : '"compatibility_flags": ["nodejs_compat"]',
          alternative: alt,
          severity: "error",
          breaksBuild: false,
          failsAtImport: false,
        };
      }
      return {
        problem: `${spec} is a Node.js built-in and this Worker has no Node.js compatibility (${config}): wrangler cannot resolve it, so the build fails`,
        configFix: `add "nodejs_compat" to compatibility_flags in ${file}`,
        configExample: file.endsWith(".toml") ? 'compatibility_flags = ["nodejs_compat"]' : '"compatibility_flags": ["nodejs_compat"]',
        alternative: alt,
        severity: "error",
        breaksBuild: true,
        failsAtImport: true,
      };
    case "als-only":
      return {
        problem: `${spec} is not available: the nodejs_als flag provides \`node:async_hooks\` and nothing else, so the build fails`,
        configFix: mod.name === "async_hooks" ? "import it as `node:async_hooks`" : `replace nodejs_als with nodejs_compat in ${file}`,
        alternative: alt,
        severity: "error",
        breaksBuild: true,
        failsAtImport: true,
      };
    case "bare-in-v1":
      return {
        problem: `the bare specifier ${spec} does not resolve in this Worker (${config}): with a compatibility_date before ${V2_DATE}, nodejs_compat only provides \`node:\`-prefixed imports, so the build fails`,
        configFix: `import \`node:${mod.name}\`, or set compatibility_date to ${V2_DATE} or later`,
        alternative: alt,
        severity: "error",
        breaksBuild: true,
        failsAtImport: true,
      };
    case "before-gate": {
      const polyfilled = target.mode === "v2";
      const configFix = verdict.gate.status === "works"
        ? `set compatibility_date to ${verdict.gate.date} or later${verdict.gate.enableFlag ? ` (or add the ${verdict.gate.enableFlag} flag)` : ""}`
        : undefined;
      return {
        problem: polyfilled
          ? `Workers provide \`node:${mod.name}\` natively only from compatibility_date ${verdict.gate.date} (this Worker has ${config}): until then ${builtBy?.name ?? "wrangler"} bundles unenv's polyfill, whose functions throw "[unenv] … is not implemented yet!" at runtime`
          : `Workers provide \`node:${mod.name}\` only from compatibility_date ${verdict.gate.date} (this Worker has ${config}), so the import fails`,
        ...(configFix ? { configFix } : {}),
        alternative: alt,
        severity: polyfilled ? "warning" : "error",
        breaksBuild: !polyfilled,
        failsAtImport: !polyfilled,
      };
    }
    case "stub":
      return {
        problem: `\`node:${mod.name}\` is a non-functional stub in Workers: the import succeeds, but its functions throw at runtime`,
        alternative: alt,
        severity: "error",
        breaksBuild: false,
        failsAtImport: false,
      };
    case "missing":
      return {
        problem: `Workers do not provide \`node:${mod.name}\`, so the import fails`,
        alternative: alt,
        severity: "error",
        breaksBuild: false,
        failsAtImport: true,
      };
  }
}

/** What to do instead, in the order worth trying. */
export function insteadOf(problem: BuiltinProblem, platform: EdgeTarget["platform"]): string {
  if (!problem.configFix) return problem.alternative;
  // On Workers a flag or date usually fixes it; on Vercel, moving off the edge is the last resort.
  return platform === "workers" ? `${problem.configFix}, or ${problem.alternative}` : `${problem.alternative}; or ${problem.configFix}`;
}

/** The finding's fix: the advice, with a code example when the Web API replacement fits in a line or two. */
export function fixFor(problem: BuiltinProblem, platform: EdgeTarget["platform"], base: string): Fix {
  const example = platform === "workers" && problem.configFix ? problem.configExample : exampleFor(base);
  return example ? { description: `Instead, ${insteadOf(problem, platform)}.`, example } : { description: `Instead, ${insteadOf(problem, platform)}.` };
}
