// Facts: docs/rules/db/client-per-invocation.md (Prisma connection management guide; AWS Lambda execution environment reuse).
import type { ts } from "ts-morph";
import { clientSites, DB_PRESCAN, type ClientSite } from "../../analysis/db-clients.js";
import { handlerNames } from "../../analysis/handler-names.js";
import { isCustomResourceHandler } from "../../analysis/custom-resource.js";
import { HandlerReach, neverEntered, type Step } from "../../analysis/handler-reach.js";
import { enclosingFunction, isKeptAcrossCalls } from "../../analysis/instance-cache.js";
import { defineRule } from "../../define-rule.js";
import type { RawFinding } from "../../types.js";
import { position } from "../../analysis/file-facts.js";
import { platformDef, runtimeDef, RUNTIME_KINDS } from "../../../platforms/index.js";


function describePath(steps: Step[]): string {
  const [root, ...calls] = steps;
  const head = `the exported \`${root!.name}\``;
  if (calls.length === 0) return head;
  return `${head}, through ${calls.map((s) => `\`${s.name}()\` (${s.file}:${s.line})`).join(" → ")}`;
}

function advice(site: ClientSite): string {
  if (site.driver === "prisma") {
    return "create one `PrismaClient` at module scope (or the `globalThis` singleton, `globalForPrisma.prisma ??= new PrismaClient()`) and import it";
  }
  return `create the client once at module scope (or lazily into a module-scope variable, \`client ??= ${site.what.replace("()", "(...)")}\`) and reuse it across invocations`;
}

export default defineRule({
  meta: {
    id: "db/client-per-invocation",
    description: "Database or cache client constructed inside the handler, once per request",
    defaultSeverity: "error",
    platforms: ["aws-lambda", "vercel"],
    // Isolates need a client per request (I/O objects cannot cross requests); the Edge Runtime has no TCP at all (db/unpooled).
    runtimes: RUNTIME_KINDS.filter((kind) => runtimeDef(kind).sharesConnections),
    prescan: DB_PRESCAN,
  },
  check(ctx) {
    const findings: RawFinding[] = [];
    /** One finding per construction site: a helper shared by many routes is named once, with the other functions listed. */
    const bySite = new Map<ts.Node, { finding: RawFinding; others: string[] }>();
    /** Per file: the constructions inside a function that do not keep their client, found once however many functions reach the file. */
    const perCall = new Map<ts.SourceFile, Array<{ site: ClientSite; fn: ts.Node }>>();
    for (const fnCtx of ctx.functions) {
      if (isCustomResourceHandler(fnCtx)) continue;
      const suspects: Array<{ file: string; site: ClientSite; fn: ts.Node }> = [];
      for (const file of ctx.candidates(fnCtx)) {
        const sf = fnCtx.ast(file);
        if (!sf) continue;
        let sites = perCall.get(sf);
        if (!sites) {
          sites = [];
          for (const site of clientSites(sf)) {
            const fn = enclosingFunction(site.node);
            // A factory only ever called at module scope (the globalThis singleton's) is no walk's to find.
            if (fn && !isKeptAcrossCalls(site.node, sf) && !neverEntered(fn)) sites.push({ site, fn });
          }
          perCall.set(sf, sites);
        }
        for (const { site, fn } of sites) suspects.push({ file, site, fn });
      }
      if (suspects.length === 0) continue;
      const reach = new HandlerReach(fnCtx, ctx.relative).compute(handlerNames(fnCtx.fn));
      for (const { file, site, fn } of suspects) {
        const steps = reach.get(fn);
        if (!steps) continue;
        const earlier = bySite.get(site.node);
        if (earlier) {
          earlier.others.push(fnCtx.fn.id);
          continue;
        }
        const sf = site.node.getSourceFile();
        const platform = platformDef(fnCtx.fn).wording.clientPerInvocation;
        const finding: RawFinding = {
          message: `\`${site.what}\` (${site.from}) runs on every invocation, from ${describePath(steps)}: ${platform}, and each request pays the connection handshake. Instead, ${advice(site)}.`,
          file: ctx.relative(file),
          ...position(sf, site.node),
          function: fnCtx.fn.id,
          chain: fnCtx.chainTo(file),
          fix: { description: `Instead, ${advice(site)}.` },
        };
        bySite.set(site.node, { finding, others: [] });
        findings.push(finding);
      }
    }
    for (const { finding, others } of bySite.values()) {
      if (others.length === 0) continue;
      const shown = others.slice(0, 3).join(", ");
      finding.message += ` The same code runs per request in ${others.length} other function${others.length === 1 ? "" : "s"} (${shown}${others.length > 3 ? ", …" : ""}).`;
    }
    return findings;
  },
});
