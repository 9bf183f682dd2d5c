// Facts: docs/rules/edge/node-builtin.md (Next.js SUPPORTED_NATIVE_MODULES; workers-sdk unenv preset and node-compat modes).
import path from "node:path";
import { ts } from "ts-morph";
import { defineRule } from "../../define-rule.js";
import { BUILTIN_SPECIFIER_PATTERN, parseBuiltin } from "../../compat/node-builtins.js";
import { isFirstParty, packageOf } from "../../graph.js";
import type { FunctionContext, RawFinding } from "../../types.js";
import { builtinProblem, fixFor, insteadOf, type BuiltinProblem } from "../../analysis/builtin-verdict.js";
import { edgeTarget, type EdgeTarget } from "../../analysis/edge-target.js";
import { fileFacts, position } from "../../analysis/file-facts.js";
import { guardsModuleLoad } from "../../analysis/guards.js";
import { bundledFiles } from "../../analysis/in-output.js";

export default defineRule({
  meta: {
    id: "edge/node-builtin",
    description: "Node.js built-in module imported in edge code whose runtime does not provide it",
    defaultSeverity: "error",
    platforms: ["vercel", "cloudflare-workers"],
    prescan: BUILTIN_SPECIFIER_PATTERN,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    for (const fnCtx of ctx.functions) {
      const target = edgeTarget(fnCtx.fn);
      if (!target) continue;
      for (const file of bundledFiles(ctx, fnCtx)) {
        const sf = fnCtx.ast(file);
        if (!sf) continue;
        for (const site of fileFacts(sf).modules) {
          const mod = parseBuiltin(site.specifier);
          if (!mod) continue;
          const dynamic = site.kind === "require" || site.kind === "dynamic-import";
          if (dynamic && guardsModuleLoad(site.guard)) continue;
          const problem = builtinProblem(target, mod, site.specifier);
          if (!problem) continue;
          // `import "node:perf_hooks"` binds nothing: a stub or polyfill that loads fine is never called.
          if (!problem.failsAtImport && isSideEffectOnly(site.node)) continue;
          findings.push({
            message: `${capitalize(problem.problem)}. Instead, ${insteadOf(problem, target.platform)}.`,
            severity: problem.severity,
            file: ctx.relative(file),
            ...position(sf, site.node),
            function: fnCtx.fn.id,
            chain: fnCtx.chainTo(file),
            fix: fixFor(problem, target.platform, mod.base),
          });
        }
      }
      findings.push(...fromPackages(fnCtx, target, ctx.project.root, ctx.relative));
    }
    return findings;
  },
});

interface PackageUse {
  /** First-party file that imports the package, and the chain to it. */
  importer: string;
  chain: string[];
  pkg: string;
  builtins: Map<string, { inside: string; problem: BuiltinProblem }>;
}

/**
 * Built-ins imported by packages, from the bundle's metafile. The package's own code is not read
 * (its guards are unknown), so these are warnings unless the bundler itself would fail.
 */
function fromPackages(
  fnCtx: FunctionContext,
  target: EdgeTarget,
  root: string,
  relative: (abs: string) => string,
): RawFinding[] {
  const uses = new Map<string, PackageUse>();
  const nodeModules = `${path.sep}node_modules${path.sep}`;
  for (const ext of fnCtx.externalImports) {
    if (!ext.importer.includes(nodeModules)) continue;
    const mod = parseBuiltin(ext.specifier);
    if (!mod) continue;
    const problem = builtinProblem(target, mod, ext.specifier);
    if (!problem) continue;
    const chain = fnCtx.chainTo(ext.importer);
    const firstPackage = chain.findIndex((p) => !isFirstParty(p));
    if (firstPackage <= 0) continue;
    const importer = chain[firstPackage - 1]!;
    const pkg = packageOf(chain[firstPackage]!);
    const key = `${importer}\0${pkg}`;
    let use = uses.get(key);
    if (!use) {
      use = { importer, chain: chain.slice(0, firstPackage), pkg, builtins: new Map() };
      uses.set(key, use);
    }
    if (!use.builtins.has(ext.specifier)) use.builtins.set(ext.specifier, { inside: relative(ext.importer), problem });
  }

  const findings: RawFinding[] = [];
  for (const use of uses.values()) {
    const abs = path.resolve(root, use.importer);
    const sf = fnCtx.ast(abs);
    const site = sf ? fileFacts(sf).modules.find((m) => packageOf(`node_modules/${m.specifier}`) === use.pkg) : undefined;
    const at = sf && site ? position(sf, site.node) : { line: 1, column: 1 };
    const entries = [...use.builtins];
    const [first] = entries;
    const { problem } = first![1];
    const list = entries.map(([spec, v]) => `\`${spec}\` (${v.inside})`).join(", ");
    const severity = entries.some(([, v]) => v.problem.breaksBuild) ? "error" : "warning";
    const swap = "use a package or version that supports this runtime (many publish an edge or worker build)";
    const instead = !problem.configFix ? swap : target.platform === "workers" ? `${problem.configFix}, or ${swap}` : `${swap}, or ${problem.configFix}`;
    findings.push({
      message: `The package \`${use.pkg}\` imported here loads the Node.js built-in${entries.length > 1 ? "s" : ""} ${list}. ${capitalize(problem.problem)}. Instead, ${instead}.`,
      severity,
      file: use.importer,
      line: at.line,
      column: at.column,
      function: fnCtx.fn.id,
      chain: use.chain,
      fix: { description: `Instead, ${instead}.` },
    });
  }
  return findings;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The specifier of an `import "x"` that binds nothing. */
function isSideEffectOnly(specifier: ts.Node): boolean {
  const parent = specifier.parent;
  return parent !== undefined && ts.isImportDeclaration(parent) && parent.importClause === undefined;
}
