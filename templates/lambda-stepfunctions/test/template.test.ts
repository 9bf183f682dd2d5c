import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// SAM builds from template.yaml, `npm run build` from src/handlers/: keep the two pointing at the same code.
const template = readFileSync(new URL("../template.yaml", import.meta.url), "utf8");
const handlers = readdirSync(new URL("../src/handlers/", import.meta.url))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3));

describe("template.yaml", () => {
  it.each(handlers)("deploys src/handlers/%s.ts as its own function", (name) => {
    expect(template).toContain(`- src/handlers/${name}.ts`);
    expect(template).toContain(`Handler: ${name}.handler`);
  });

  it("lists no entry point that does not exist", () => {
    const entries = [...template.matchAll(/- src\/handlers\/([\w-]+)\.ts/g)].map((match) => match[1]);
    expect(entries.sort()).toEqual([...handlers].sort());
  });

  it("bundles every function the way scripts/build.mjs does", () => {
    const blocks = template.split(/\n(?= {2}\w+:\n {4}Type: )/).filter((block) => block.includes("BuildMethod: esbuild"));
    expect(blocks).toHaveLength(handlers.length);
    for (const block of blocks) {
      for (const setting of ["Format: esm", ".js=.mjs", "Target: node22", "Minify: true", "MainFields: module,main"]) {
        expect(block).toContain(setting);
      }
    }
  });
});
