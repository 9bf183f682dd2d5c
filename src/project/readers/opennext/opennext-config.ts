import path from "node:path";
import type { ts as TS } from "ts-morph";
import { loc, type ScanContext } from "../../context.js";
import { at, objectProp, prop, readJsConfig, stringProp, type JsConfig } from "../../source/js-config-scan.js";

import type { SourceLocation } from "../../types.js";
import { dependencyRange } from "../../source/package-json.js";

export const OPENNEXT_CONFIG = "open-next.config.ts";

/** A split server function of OpenNext for AWS (`functions.<name>` in open-next.config.ts). */
export interface OpenNextFunction {
  name: string;
  /** Route templates: `app/api/orders/route`, `app/page`, `pages/api/hello`. */
  routes: string[];
  runtime: "node" | "edge" | "deno" | undefined;
  wrapper: string | undefined;
  at: SourceLocation;
}

export interface OpenNextConfig {
  /** Where the app deploys: Cloudflare (@opennextjs/cloudflare) or AWS (@opennextjs/aws). */
  platform: "cloudflare" | "aws";
  /** Where that was decided: the config file's import or wrapper, else package.json. */
  at: SourceLocation;
  /** `default.override.wrapper`: `aws-lambda` (the default), `aws-lambda-streaming`, `node`, `cloudflare-node`... */
  wrapper: { value: string; at: SourceLocation } | undefined;
  functions: OpenNextFunction[];
  /** `middleware.external: true`: the middleware is deployed on its own (Lambda@Edge on AWS). */
  externalMiddleware: SourceLocation | undefined;
}

const CLOUDFLARE_WRAPPERS = new Set(["cloudflare", "cloudflare-edge", "cloudflare-node"]);

export function usesOpenNext(ctx: ScanContext): boolean {
  return ctx.files.includes(OPENNEXT_CONFIG) || ["@opennextjs/cloudflare", "@opennextjs/aws", "open-next"].some((d) => dependencyRange(ctx.packageJson, d) !== undefined);
}

/** Reads open-next.config.ts statically (its imports and the exported object) and package.json. */
export async function readOpenNextConfig(ctx: ScanContext): Promise<OpenNextConfig> {
  const pkgAt = loc(ctx, path.join(ctx.pkgRoot, "package.json"), 0);
  const cfg = ctx.files.includes(OPENNEXT_CONFIG) ? await readJsConfig(ctx, OPENNEXT_CONFIG) : undefined;
  const out: OpenNextConfig = { platform: "aws", at: pkgAt, wrapper: undefined, functions: [], externalMiddleware: undefined };
  const cloudflareDep = dependencyRange(ctx.packageJson, "@opennextjs/cloudflare") !== undefined;
  if (cloudflareDep) out.platform = "cloudflare";
  if (!cfg) return out;
  out.at = at(ctx, cfg, cfg.sf.statements[0] ?? cfg.sf);
  const cloudflareImport = cfg.sf.statements.find((s) => cfg.ts.isImportDeclaration(s) && cfg.ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith("@opennextjs/cloudflare"));
  if (cloudflareImport) {
    out.platform = "cloudflare";
    out.at = at(ctx, cfg, cloudflareImport);
  }
  const wrapper = wrapperOf(cfg, objectProp(cfg, cfg.root, "default"));
  if (wrapper) {
    out.wrapper = { value: wrapper.value, at: at(ctx, cfg, wrapper.node) };
    if (CLOUDFLARE_WRAPPERS.has(wrapper.value)) {
      out.platform = "cloudflare";
      out.at = out.wrapper.at;
    }
  }
  const functions = objectProp(cfg, cfg.root, "functions");
  for (const p of functions?.properties ?? []) {
    if (!cfg.ts.isPropertyAssignment(p) || !cfg.ts.isObjectLiteralExpression(p.initializer)) continue;
    const name = p.name.getText(cfg.sf).replace(/^["'`]|["'`]$/g, "");
    const options = p.initializer;
    const runtime = stringProp(cfg, options, "runtime")?.value;
    out.functions.push({
      name,
      routes: stringList(cfg, prop(cfg, options, "routes")),
      runtime: runtime === "node" || runtime === "edge" || runtime === "deno" ? runtime : undefined,
      wrapper: wrapperOf(cfg, options)?.value,
      at: at(ctx, cfg, p),
    });
  }
  const middleware = objectProp(cfg, cfg.root, "middleware");
  const external = prop(cfg, middleware, "external");
  if (external && external.kind === cfg.ts.SyntaxKind.TrueKeyword) out.externalMiddleware = at(ctx, cfg, external.parent);
  return out;
}

function wrapperOf(cfg: JsConfig, fn: TS.ObjectLiteralExpression | undefined): { value: string; node: TS.Node } | undefined {
  return stringProp(cfg, objectProp(cfg, fn, "override"), "wrapper");
}

function stringList(cfg: JsConfig, node: TS.Expression | undefined): string[] {
  if (!node || !cfg.ts.isArrayLiteralExpression(node)) return [];
  return node.elements.flatMap((e) => (cfg.ts.isStringLiteral(e) || cfg.ts.isNoSubstitutionTemplateLiteral(e) ? [e.text] : []));
}
