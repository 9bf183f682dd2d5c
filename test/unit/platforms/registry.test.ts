import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../e2e/_helpers.js";
import { CREATE_TARGETS, PLATFORM_IDS, PLATFORMS, platformDef, RUNTIME_KINDS, runtimeDef } from "../../../src/platforms/index.js";

const ids = PLATFORM_IDS.join("|");
const kinds = RUNTIME_KINDS.join("|");
/**
 * A branch on our model's platform or runtime written as a string comparison: `fn.platform === "vercel"`,
 * `"workerd" !== runtime`, `case "aws-lambda":`. Discovery compares the words a project's own config
 * uses (`export const runtime = "edge"`), which is reading input, not branching on the model.
 */
const COMPARISON = new RegExp(
  [
    `\\b(?:platform|runtime)\\s*[!=]==\\s*"(?:${ids}|${kinds})"`,
    `"(?:${ids}|${kinds})"\\s*[!=]==\\s*[\\w.]*\\b(?:platform|runtime)\\b`,
    `[!=]==\\s*"(?:aws-lambda|cloudflare-workers)"`,
    `case\\s+"(?:${ids})"\\s*:`,
  ].join("|"),
);

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("the platform registry", () => {
  it("is the only place that branches on a platform or runtime by its name", () => {
    const offenders: string[] = [];
    for (const file of sources(path.join(repoRoot, "src"))) {
      const rel = path.relative(repoRoot, file);
      if (rel.startsWith("src/platforms/") || rel.startsWith("src/project/")) continue;
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (COMPARISON.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("the guard itself catches the forms it forbids", () => {
    for (const line of ['if (fn.platform === "vercel") x();', 'if ("workerd" !== fn.runtime) x();', 'case "aws-lambda":', 'p !== "cloudflare-workers"']) {
      expect(COMPARISON.test(line), line).toBe(true);
    }
    expect(COMPARISON.test('if (target.platform === "workers") x();')).toBe(false);
  });

  it("gives every platform a name, a scaffold target, runtimes and sourced size limits", () => {
    expect(new Set(CREATE_TARGETS).size).toBe(PLATFORMS.length);
    for (const p of PLATFORMS) {
      expect(platformDef(p.id)).toBe(p);
      expect(p.runtimes.length).toBeGreaterThan(0);
      for (const runtime of p.runtimes) {
        expect(runtimeDef(runtime).kind).toBe(runtime);
        for (const limit of p.sizeLimits(runtime, {})) expect(limit.source.length, `${p.id} ${runtime}`).toBeGreaterThan(5);
      }
    }
  });
});
