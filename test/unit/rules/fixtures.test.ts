import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../../src/audit/engine.js";
import { ruleLoaders } from "../../../src/audit/rules/index.js";
import type { Finding } from "../../../src/audit/types.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const fixturesRoot = path.join(repoRoot, "fixtures/rules");
/** Fixtures are judged on a fixed day, so date rules do not drift. */
const TODAY = "2026-11-25";

interface Expected {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  chain?: string[];
  function?: string;
  functions?: string[];
}

/**
 * Every rule of this registry and the engine's own findings are compared exactly; rules added
 * later by other families are left to their own fixtures.
 */
const compared = new Set([...Object.keys(ruleLoaders), "parse-error", "config-error"]);

function cases(ruleId: string, kind: "valid" | "invalid"): string[] {
  const dir = path.join(fixturesRoot, ruleId, kind);
  return existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith(".")).sort() : [];
}

function project(finding: Finding, expected: Expected | undefined) {
  const shown: Record<string, unknown> = {
    ruleId: finding.ruleId,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    severity: finding.severity,
  };
  if (expected?.chain) shown.chain = finding.chain;
  if (expected?.function) shown.function = finding.function;
  if (expected?.functions) shown.functions = finding.functions;
  return shown;
}

async function audit(root: string): Promise<Finding[]> {
  const result = await runAudit({ root, today: TODAY });
  return result.findings.filter((f) => compared.has(f.ruleId));
}

for (const ruleId of Object.keys(ruleLoaders)) {
  describe(ruleId, () => {
    it("has valid and invalid fixtures", () => {
      expect(cases(ruleId, "valid").length).toBeGreaterThan(0);
      expect(cases(ruleId, "invalid").length).toBeGreaterThan(0);
    });

    for (const name of cases(ruleId, "invalid")) {
      it(`invalid/${name}`, async () => {
        const root = path.join(fixturesRoot, ruleId, "invalid", name);
        const expected = JSON.parse(readFileSync(path.join(root, "expected.json"), "utf8")) as Expected[];
        expect(expected.some((e) => e.ruleId === ruleId)).toBe(true);
        const found = await audit(root);
        const order = (a: { file: string; line: number; column: number; ruleId: string }, b: typeof a) =>
          a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
        const sortedExpected = [...expected].sort(order);
        const actual = [...found].sort(order).map((f, i) => project(f, sortedExpected[i]));
        expect(actual).toEqual(sortedExpected);
        for (const f of found) {
          expect(f.message.length).toBeGreaterThan(40);
          expect(f.message).toMatch(/Instead, |Add |Update |Set |Remove |Keep /);
        }
      });
    }

    for (const name of cases(ruleId, "valid")) {
      it(`valid/${name}`, async () => {
        const found = await audit(path.join(fixturesRoot, ruleId, "valid", name));
        expect(found.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([]);
      });
    }
  });
}
