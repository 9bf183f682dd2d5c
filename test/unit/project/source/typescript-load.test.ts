import { describe, expect, it } from "vitest";
import { requireTsMorph, requireTypeScript } from "../../../../src/project/source/typescript.js";

describe("requireTypeScript", () => {
  it("is the module ts-morph re-exports as `ts`, so rules and wrapped source files share one TypeScript", () => {
    const ts = requireTypeScript();
    // ts-morph hands out a namespace copy of the module (plus `default`): every member is the same object.
    const morph = requireTsMorph().ts as unknown as Record<string, unknown>;
    const names = Object.keys(morph).filter((name) => name !== "default");
    expect(names.length).toBeGreaterThan(1000);
    expect(names.filter((name) => (ts as unknown as Record<string, unknown>)[name] !== morph[name])).toEqual([]);
    const sf = ts.createSourceFile("a.ts", "export const a = 1;", ts.ScriptTarget.Latest, true);
    expect(sf.statements[0]?.kind).toBe(requireTsMorph().ts.SyntaxKind.VariableStatement);
  });
});
