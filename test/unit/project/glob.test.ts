import { describe, expect, it } from "vitest";
import { matchesGlob } from "../../../src/project/source/glob.js";

describe("matchesGlob", () => {
  it.each([
    ["api/hello.ts", "api/*.ts", true],
    ["api/webhooks/stripe.ts", "api/*.ts", false],
    ["api/webhooks/stripe.ts", "api/**/*.ts", true],
    ["api/hello.ts", "api/**/*.ts", true],
    ["src/app/api/route.ts", "src/app/**", true],
    ["app/(shop)/cart/route.ts", "app/**/route.{ts,js}", true],
    ["app/cart/route.mjs", "app/**/route.{ts,js}", false],
    ["pages/api/[id].ts", "pages/api/[[]id].ts", true],
    ["scripts/seed.ts", "./scripts/**", true],
    ["a.test.ts", "**/*.test.ts", true],
    ["src/deep/a.test.ts", "**/*.test.ts", true],
    ["src/a.ts", "src/?.ts", true],
    ["src/ab.ts", "src/?.ts", false],
  ])("%s against %s is %s", (file, glob, expected) => {
    expect(matchesGlob(file, glob)).toBe(expected);
  });
});

describe("matchesGlob on hostile patterns", { timeout: 30_000 }, () => {
  const segment = "a".repeat(200);
  const longPath = Array.from({ length: 25 }, () => segment).join("/");

  it("answers `*a*a*a*a*a*ab` against a 5,000-character path without backtracking", () => {
    expect(longPath.length).toBeGreaterThan(5_000);
    expect(matchesGlob(longPath, "*a*a*a*a*a*ab")).toBe(false);
    expect(matchesGlob(`${"a".repeat(5_000)}b`, "*a*a*a*a*a*ab")).toBe(true);
    expect(matchesGlob(`${longPath}b`, "**/*a*a*a*a*a*ab")).toBe(true);
    expect(matchesGlob(`${longPath}c`, "**/*a*a*a*a*a*ab")).toBe(false);
    expect(matchesGlob("a".repeat(5_000), "**a**a**a**a**a**ab")).toBe(false);
  });

  it("reads unpaired braces and backwards ranges as text instead of throwing", () => {
    expect(matchesGlob("api/{a.ts", "api/{a.ts")).toBe(true);
    expect(matchesGlob("api/a.ts", "api/{a,b.ts")).toBe(false);
    expect(matchesGlob("api/x}.ts", "api/x}.ts")).toBe(true);
    expect(matchesGlob("api/m.ts", "api/[z-a].ts")).toBe(false);
    expect(matchesGlob("api/a.ts", `${"{".repeat(50_000)}api/a.ts${"}".repeat(50_000)}`)).toBe(true);
  });

  it("keeps character classes: ranges, negation, and `-` at the edges", () => {
    expect(matchesGlob("v3.ts", "v[0-9].ts")).toBe(true);
    expect(matchesGlob("vx.ts", "v[!0-9].ts")).toBe(true);
    expect(matchesGlob("v5.ts", "v[^0-9].ts")).toBe(false);
    expect(matchesGlob("v-.ts", "v[a-].ts")).toBe(true);
    expect(matchesGlob("v/.ts", "v[!a].ts")).toBe(true);
  });
});
