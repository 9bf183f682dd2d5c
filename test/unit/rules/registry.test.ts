import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DOCS_BASE } from "../../../src/audit/define-rule.js";
import { loadRules, ruleLoaders } from "../../../src/audit/rules/index.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const rulesDir = path.join(repoRoot, "src/audit/rules");

/** Rule ids from the files: every .ts under rules/ except the registry, tests and `_`-prefixed helper folders. */
function ruleFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : ruleFiles(path.join(dir, entry.name), rel);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts") || rel === "index.ts") return [];
    return [rel.slice(0, -3)];
  });
}

describe("rule registry", () => {
  it("registers every rule file, and only those", () => {
    expect(Object.keys(ruleLoaders).sort()).toEqual(ruleFiles(rulesDir).sort());
  });

  it("gives each rule the id of its path, a docs page whose first line is its description, and its docs URL", async () => {
    const ids = Object.keys(ruleLoaders);
    const rules = await loadRules(ids);
    rules.forEach((rule, i) => {
      expect(rule.meta.id).toBe(ids[i]);
      const doc = path.join(repoRoot, "docs/rules", `${rule.meta.id}.md`);
      expect(existsSync(doc), `${doc} is missing`).toBe(true);
      const text = readFileSync(doc, "utf8");
      expect(text.split("\n")[0]).toBe(rule.meta.description);
      expect(text).toMatch(/## Invalid/);
      expect(text).toMatch(/## Valid/);
      expect(text).toMatch(/## When not to use it/);
      expect(rule.meta.docsUrl).toBe(`${DOCS_BASE}/${rule.meta.id}.md`);
      expect(rule.meta.platforms.length).toBeGreaterThan(0);
    });
  });
});
