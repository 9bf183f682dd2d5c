import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../src/audit/builtin-rules.js";
import { loadRules } from "../../src/audit/rules/index.js";
import { PLATFORMS, runtimeDef } from "../../src/platforms/index.js";
import { ADAPTERS } from "../../src/project/adapters/index.js";
import { repoRoot } from "../e2e/_helpers.js";

// The README's tables are generated from the registries. Regenerate with:
//   COLDSTART_UPDATE_README=1 npx vitest run test/unit/readme-tables.test.ts
const readmeFile = path.join(repoRoot, "README.md");

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

async function tables(): Promise<Record<string, string>> {
  const rules = [...(await loadRules()).map((r) => r.meta), ...BUILTIN_RULES];
  return {
    platforms: [
      "| Platform | Runtimes | `create --target` |",
      "| --- | --- | --- |",
      ...PLATFORMS.map((p) => `| ${p.name} | ${p.runtimes.map((r) => runtimeDef(r).label).join(", ")} | \`${p.createTarget}\` |`),
    ].join("\n"),
    projects: [
      "| Project kind | What discovery reads |",
      "| --- | --- |",
      ...ADAPTERS.map((a) => `| ${cell(a.name)} | ${cell(a.reads)} |`),
    ].join("\n"),
    rules: [
      "| Rule | Default | Platforms | What it finds |",
      "| --- | --- | --- | --- |",
      ...rules.map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.defaultSeverity} | ${r.platforms.length === PLATFORMS.length ? "all" : r.platforms.join(", ")}${r.runtimes ? ` (${r.runtimes.join(", ")})` : ""} | ${cell(r.description)} |`),
    ].join("\n"),
  };
}

function replaceBlock(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start (generated: see test/unit/readme-tables.test.ts) -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${name} block`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

describe("README tables", () => {
  it("list every platform, project kind and rule from the registries", async () => {
    const readme = readFileSync(readmeFile, "utf8");
    let expected = readme;
    for (const [name, body] of Object.entries(await tables())) expected = replaceBlock(expected, name, body);
    if (process.env.COLDSTART_UPDATE_README === "1") writeFileSync(readmeFile, expected);
    expect(readme, "README tables are stale: regenerate them (see the comment above)").toBe(expected);
  });
});
