import { describe, expect, it } from "vitest";
import { requireTypeScript, typeScriptOnFirstUse } from "../../../src/project/source/typescript.js";

describe("typeScriptOnFirstUse", () => {
  it("hands over TypeScript's API on the first use, not before, and answers as the module does", () => {
    const swapped: unknown[] = [];
    const ts = typeScriptOnFirstUse((real) => swapped.push(real));
    expect(swapped).toHaveLength(0);
    expect(ts.SyntaxKind.Identifier).toBe(requireTypeScript().SyntaxKind.Identifier);
    expect(swapped).toEqual([requireTypeScript()]);
    expect("createSourceFile" in ts).toBe(true);
    expect(Object.keys(ts)).toEqual(Object.keys(requireTypeScript()));
    const sf = ts.createSourceFile("a.ts", "const a = 1;", ts.ScriptTarget.Latest, true);
    expect(sf.statements).toHaveLength(1);
  });
});
