import { describe, expect, it } from "vitest";
import { bareRoot, packageOf } from "../../../../src/project/source/specifiers.js";

describe("packageOf", () => {
  it.each([
    ["zod", "zod"], ["zod/v4", "zod"], ["@aws-sdk/client-s3", "@aws-sdk/client-s3"], ["@aws-sdk/client-s3/dist", "@aws-sdk/client-s3"],
    ["lodash.merge", "lodash.merge"], ["Pusher", "Pusher"],
  ])("%s is the package %s", (specifier, name) => {
    expect(packageOf(specifier)).toBe(name);
  });

  it.each(["~/server/db", "$lib/env", "@/components/ui", "#imports", "./x", "../x", "/abs", "node:fs", "cloudflare:workers", "_private/x", ".hidden"])(
    "%s names no package",
    (specifier) => {
      expect(packageOf(specifier)).toBeUndefined();
    },
  );

  it("an empty scope is the alias `@`, not a package", () => {
    expect(bareRoot("@/components/ui")).toBe("@");
  });
});
