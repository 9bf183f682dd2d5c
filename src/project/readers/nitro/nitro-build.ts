import path from "node:path";
import type { ts as TS } from "ts-morph";
import type { ScanContext } from "../../context.js";
import { readText } from "../../files.js";
import type { NitroSetup } from "./nitro-preset.js";
import { property } from "../../source/static-config.js";
import type { FunctionInfo } from "../../types.js";
import { loadTs, parseSource } from "../../source/typescript.js";

/** Nitro's scan pattern: `**\/*.{js,mjs,cjs,ts,mts,cts,tsx,jsx}` (nitro src/scan.ts). */
export const SCANNED = /\.(js|mjs|cjs|ts|mts|cts|tsx|jsx)$/;

export interface Layout {
  /** Folders Nitro scans for api/, routes/, middleware/ (relative to the package, "." for the root). */
  scan: string[];
  /** Nuxt's srcDir (`~`, `@`) and the server folder (`#server`). */
  srcDir: string;
  serverDir: string | undefined;
}

/**
 * What Nitro auto-imports from the app (nitro config/resolvers/imports.ts: `<scanDir>/utils/**`;
 * Nuxt adds shared/utils): each exported name, with its file. Off with `imports: false`, and in
 * Nitro 3 unless `imports` is set.
 */
export async function autoImported(ctx: ScanContext, setup: NitroSetup, dirs: Layout): Promise<Record<string, string>> {
  const { cfg, nitro } = setup;
  const option = cfg ? property(cfg, nitro, "imports") : undefined;
  if (option && cfg && option.kind === cfg.ts.SyntaxKind.FalseKeyword) return {};
  if (setup.v3 && !option) return {};
  const folders = [...dirs.scan.map((d) => (d === "." ? "utils" : `${d}/utils`)), ...(setup.kind === "nuxt" ? ["shared/utils"] : [])];
  const rels = ctx.files.filter((f) => SCANNED.test(f) && !/\.d\.[cm]?ts$/.test(f) && folders.some((d) => f.startsWith(`${d}/`)));
  const ts = await loadTs();
  const out: Record<string, string> = {};
  for (const rel of rels) {
    const abs = path.join(ctx.pkgRoot, rel);
    const text = await readText(abs, ctx.boundary);
    if (!text.ok) continue;
    for (const name of exportedNames(ts, parseSource(ts, abs, text.text))) out[name] ??= abs;
  }
  return out;
}

function exportedNames(ts: typeof TS, sf: TS.SourceFile): string[] {
  const names: string[] = [];
  const exported = (s: TS.Statement) => ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && !(ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const s of sf.statements) {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name && exported(s)) names.push(s.name.text);
    else if (ts.isVariableStatement(s) && exported(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) if (!el.isTypeOnly && el.name.text !== "default") names.push(el.name.text);
    }
  }
  return names;
}

/** Nitro's aliases point into the app; its virtual modules (`#imports`, `#internal/nitro`, `#app`) exist only in its build. */
export function buildOf(ctx: ScanContext, dirs: Layout): NonNullable<FunctionInfo["build"]> {
  const abs = (rel: string) => (rel === "." ? ctx.pkgRoot : path.join(ctx.pkgRoot, rel));
  return {
    alias: {
      "~": abs(dirs.srcDir),
      "@": abs(dirs.srcDir),
      "~~": ctx.pkgRoot,
      "@@": ctx.pkgRoot,
      "#shared": abs("shared"),
      ...(dirs.serverDir ? { "#server": abs(dirs.serverDir) } : {}),
    },
    external: ["#*", "virtual:*"],
  };
}
