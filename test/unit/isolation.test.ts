import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../e2e/_helpers.js";

// The unit project runs its files one after another in each worker's one module graph (isolate:
// false in vitest.config.ts). What one file leaves behind, the next file sees: these are the rules
// that keep that from changing any result.

function files(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.parentPath.includes("fixture"))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

const testFiles = [...files("test/unit"), ...files("src")].filter((f) => f.endsWith(".test.ts"));
const helpers = files("test/unit").filter((f) => !f.endsWith(".test.ts") && f !== "test/unit/_per-file.ts");
const text = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");

describe("unit test files share a worker's modules safely", () => {
  it("finds the files", () => {
    expect(testFiles.length).toBeGreaterThan(100);
    expect(helpers).toContain("test/unit/create/_helpers.ts");
  });

  it("a file that mocks a module starts from fresh modules and undoes the mock at its end", () => {
    const mocking = testFiles.filter((f) => /\bvi\.(do)?[mM]ock\(/.test(text(f)));
    expect(mocking).toContain("test/unit/audit/bundle-calls.test.ts");
    for (const file of mocking) {
      const source = text(file);
      expect(source, file).toMatch(/vi\.hoisted\(\(\) => vi\.resetModules\(\)\);/);
      for (const [, mocked] of source.matchAll(/\bvi\.(?:do)?[mM]ock\("([^"]+)"/g)) {
        expect(source, `${file} never undoes its mock of ${mocked}`).toContain(`vi.doUnmock("${mocked}")`);
      }
      expect(source.match(/afterAll\(\(\) => \{\n\s+vi\.doUnmock[^}]*vi\.resetModules\(\);/), `${file}: afterAll undoes the mocks, then resets the modules`).not.toBeNull();
    }
  });

  it("environment and globals stubbed by a file are restored by it", () => {
    for (const file of testFiles) {
      const source = text(file);
      if (source.includes("vi.stubEnv(")) expect(source, file).toContain("vi.unstubAllEnvs()");
      if (source.includes("vi.stubGlobal(")) expect(source, file).toContain("vi.unstubAllGlobals()");
    }
  });

  it("no helper module registers a hook at its top level, where it would run for the first file only", () => {
    for (const file of helpers) expect(text(file), file).not.toMatch(/^(afterAll|afterEach|beforeAll|beforeEach)\(/m);
  });
});
