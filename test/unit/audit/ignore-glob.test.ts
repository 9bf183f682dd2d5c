import { describe, expect, it } from "vitest";
import { ignoreGlob, matcher } from "../../../src/audit/glob.js";

describe("ignore globs", { timeout: 30_000 }, () => {
  const segment = "a".repeat(200);
  const longPath = Array.from({ length: 25 }, () => segment).join("/");

  it("answers `*a*a*a*a*a*ab` against a 5,000-character path without backtracking", () => {
    expect(longPath.length).toBeGreaterThan(5_000);
    expect(matcher(["*a*a*a*a*a*ab"])(longPath)).toBe(false);
    // Without a slash the pattern names a file or folder at any depth.
    expect(matcher(["*a*a*a*a*a*ab"])(`${longPath}b`)).toBe(true);
    expect(matcher(["src/**/*a*a*a*a*a*ab"])(`src/${longPath}`)).toBe(false);
    expect(matcher(["**a**a**a**a**a**ab"])(`x/${"a".repeat(5_000)}`)).toBe(false);
  });

  it("matches a folder's contents and any depth, as before", () => {
    expect(ignoreGlob("vendor").test("src/vendor/deep/x.js")).toBe(true);
    expect(ignoreGlob("src/*.ts").test("src/a.ts/inside.js")).toBe(true);
    expect(ignoreGlob("src/*.ts").test("lib/src/a.ts")).toBe(false);
    expect(ignoreGlob("**/gen/**").test("gen/x.ts")).toBe(true);
    expect(ignoreGlob("src/?.ts").test("src/ab.ts")).toBe(false);
  });

  it("reads unpaired braces as text instead of throwing", () => {
    expect(ignoreGlob("{a,b").test("{a,b")).toBe(true);
    expect(ignoreGlob("{a,b").test("a")).toBe(false);
    expect(ignoreGlob("x}").test("x}")).toBe(true);
    expect(ignoreGlob("{a,{b}").test("{a,b")).toBe(true);
    expect(ignoreGlob("{a,{b}").test("a")).toBe(false);
  });
});
