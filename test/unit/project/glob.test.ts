import { describe, expect, it } from "vitest";
import { matchesGlob } from "../../../src/project/glob.js";

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
