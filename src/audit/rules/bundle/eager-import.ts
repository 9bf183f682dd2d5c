// Facts: docs/rules/bundle/eager-import.md (seeds "Cold Start Optimization": lazy imports; reference/audit.md section 3).
import { ts } from "ts-morph";
import { usedOnOneBranch } from "../../analysis/branch-use.js";
import { formatSize } from "../../analysis/bytes.js";
import { handlerNames } from "../../analysis/handler-names.js";
import { handlerUnits } from "../../analysis/handler-units.js";
import { HEAVY_PRESCAN, heavyPackageFor } from "../../analysis/heavy-packages.js";
import { packageOf } from "../../../project/source/specifiers.js";
import { importSites, type ImportSite } from "../../analysis/import-sites.js";
import { defineRule } from "../../define-rule.js";
import type { FileFact, FunctionContext, RawFinding } from "../../types.js";
import { position } from "../../analysis/file-facts.js";
import { packageInOutput } from "../../analysis/in-output.js";
import { fillsInstanceCache } from "../../analysis/instance-cache.js";
import { alwaysSentFields, eventParameter, presenceTestValue } from "../../analysis/event-fields.js";
import * as z from "zod";

/** About 25 ms of load per cold start at the measured +146 KB -> +23 ms (reference/audit.md section 3). */
const DEFAULT_THRESHOLD_KB = 150;


function thresholdBytes(settings: Record<string, unknown>): number {
  const kb = settings.thresholdKb;
  return (typeof kb === "number" && kb > 0 ? kb : DEFAULT_THRESHOLD_KB) * 1000;
}

/** The package's weight for the message, and whether it counts as heavy. */
function weight(fnCtx: FunctionContext, specifier: string, threshold: number): string | undefined {
  const name = packageOf(specifier);
  const bytes = fnCtx.bundle?.packages.find((p) => p.name === name)?.bytes ?? 0;
  const row = heavyPackageFor(specifier);
  if (bytes >= threshold || (row && bytes > 0)) return `${formatSize(bytes)} minified, measured in the esbuild metafile`;
  if (row) return row.measured ? `${row.measured.text}, per ${row.measured.source}` : `not installed, but ${row.why}`;
  return undefined;
}

/** The `await import()` that replaces a top-level import, with the same local names. */
function lazyForm(sf: ts.SourceFile, site: ImportSite): string {
  const decl = site.node.parent;
  const spec = JSON.stringify(site.specifier);
  if (ts.isImportDeclaration(decl) && decl.importClause) {
    const { name, namedBindings } = decl.importClause;
    if (namedBindings && ts.isNamespaceImport(namedBindings)) return `const ${namedBindings.name.text} = await import(${spec});`;
    const parts: string[] = [];
    if (name) parts.push(`default: ${name.text}`);
    if (namedBindings && ts.isNamedImports(namedBindings)) {
      for (const el of namedBindings.elements) parts.push(el.propertyName ? `${el.propertyName.text}: ${el.name.text}` : el.name.text);
    }
    return `const { ${parts.join(", ")} } = await import(${spec});`;
  }
  const statement = decl.parent?.parent?.parent;
  const text = statement && ts.isVariableStatement(statement) ? statement.getText(sf) : `const ${site.bindings.join(", ")} = require(${spec});`;
  return `${text.replace(/\s+/g, " ")} // moved into the branch`;
}

/** Whether the text has the package's name as the start of a quoted string (`"name"`, `'name/sub'`). */
function quotes(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1];
    const after = text[at + name.length];
    if ((before === '"' || before === "'" || before === "`") && (after === before || after === "/")) return true;
  }
  return false;
}

/** An import that binds names when the module loads: `import x from`, `const x = require()` at the top level. */
function boundAtTopLevel(s: ImportSite): boolean {
  return s.topLevel && s.bindings.length > 0 && s.kind !== "export" && s.kind !== "dynamic-import";
}

/** The packages a file binds at its top level, by specifier (only a package can be heavy). */
const TOP_LEVEL_PACKAGES: FileFact<string[]> = {
  name: "bundle/eager-import: top-level packages",
  schema: z.array(z.string()),
  of: (sf) => importSites(sf).filter((s) => boundAtTopLevel(s) && packageOf(s.specifier) !== undefined).map((s) => s.specifier),
};

export default defineRule({
  meta: {
    id: "bundle/eager-import",
    description: "Heavy module imported at the top level but used on only one branch of the handler",
    defaultSeverity: "warning",
    platforms: ["aws-lambda", "vercel", "cloudflare-workers"],
    options: z.strictObject({ thresholdKb: z.number().positive().optional().describe("a package this big (minified KB) is heavy (default 150)") }),
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    const threshold = thresholdBytes(ctx.settings);
    for (const fnCtx of ctx.functions) {
      const entry = fnCtx.fn.entry;
      const text = fnCtx.text(entry);
      if (!text || !ctx.candidates(fnCtx).includes(entry)) continue;
      const heavyNames = new Set((fnCtx.bundle?.packages ?? []).filter((p) => p.bytes >= threshold && p.name !== "(project)").map((p) => p.name));
      // Cheap text test first: parse only entries that name a candidate package.
      if (!/\b(?:import|require)\b/.test(text)) continue;
      const heavy = (specifier: string) =>
        (heavyNames.has(packageOf(specifier) ?? "") || heavyPackageFor(specifier) !== undefined) && packageInOutput(fnCtx, packageOf(specifier) ?? "");
      // A specifier is a string literal: an entry that quotes neither a listed package nor one of the
      // bundle's heavy ones binds none of them, and is not parsed at all.
      if (!HEAVY_PRESCAN.test(text) && ![...heavyNames].some((name) => quotes(text, name))) continue;
      // What the entry binds at its top level is kept between runs: an unchanged entry that binds no heavy package is not parsed.
      if (!ctx.fact(entry, TOP_LEVEL_PACKAGES)?.some(heavy)) continue;
      const sf = fnCtx.ast(entry);
      if (!sf) continue;
      const sites = importSites(sf).filter((s) => boundAtTopLevel(s) && heavy(s.specifier));
      if (sites.length === 0) continue;
      const units = handlerUnits(sf, handlerNames(fnCtx.fn));
      // A test of a field the function's triggers always send (`if (event.Records)`, a TOKEN
      // authorizer's `if (event.authorizationToken)`) is taken by every invocation: not a branch.
      const sent = alwaysSentFields(fnCtx.fn);
      const known = sent && ((cond: ts.Expression, unit: { node: ts.Node }) => {
        const event = eventParameter(unit.node);
        return event ? presenceTestValue(cond, event, sent) : undefined;
      });
      for (const site of sites) {
        const what = weight(fnCtx, site.specifier, threshold);
        if (!what) continue;
        let declaration: ts.Node = site.node;
        while (declaration.parent && !ts.isSourceFile(declaration.parent)) declaration = declaration.parent;
        const where = usedOnOneBranch(sf, new Set(site.bindings), declaration, units, known);
        if (!where) continue;
        // A branch the first call of every instance takes (filling a cache) runs on every cold start anyway.
        if (where.branch && ts.isIfStatement(where.at) && fillsInstanceCache(where.at, where.branch.startsWith("else of") ? "else" : "then", sf)) continue;
        const useAt = position(sf, where.firstUse);
        const place = where.branch
          ? `only the \`${where.branch}\` branch of \`${where.unit.name}\` uses it (line ${useAt.line})`
          : `only \`${where.unit.name}\` uses it (line ${useAt.line}), not the entry's other handlers`;
        const lazy = lazyForm(sf, site);
        const instead = `Instead, load it where it is used: \`${lazy}\` inside that ${where.branch ? "branch" : "handler"}, so the other requests never load it.`;
        findings.push({
          message:
            `\`${site.specifier}\` is imported at the top of ${ctx.relative(entry)}, so every cold start of ${fnCtx.fn.id} loads and evaluates it (${what}), ` +
            `but ${place}. ${instead}`,
          file: ctx.relative(entry),
          ...position(sf, site.node),
          function: fnCtx.fn.id,
          chain: [ctx.relative(entry)],
          fix: { description: instead, example: lazy },
        });
      }
    }
    return findings;
  },
});
