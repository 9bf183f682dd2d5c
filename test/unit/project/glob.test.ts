import { describe, expect, it } from "vitest";
import { matchesGlob } from "../../../src/project/glob.js";
import { tomlLineFinder } from "../../../src/project/toml-lines.js";

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

describe("tomlLineFinder", () => {
  const lineOf = tomlLineFinder(
    ['name = "x"', 'vars = { A = "1" }', "", "[limits]", "cpu_ms = 5", "", "[env.prod]", '"compatibility_date" = "2025-01-01"', "", "[[env.prod.kv_namespaces]]", 'binding = "K"'].join("\n"),
  );
  it("finds keys at the top, in tables, quoted keys, inline tables and table headers", () => {
    expect(lineOf(["name"])).toBe(1);
    expect(lineOf(["vars", "A"])).toBe(2);
    expect(lineOf(["limits"])).toBe(4);
    expect(lineOf(["limits", "cpu_ms"])).toBe(5);
    expect(lineOf(["env", "prod", "compatibility_date"])).toBe(8);
    expect(lineOf(["env", "prod", "kv_namespaces"])).toBe(10);
    expect(lineOf(["missing"])).toBeUndefined();
  });
});
