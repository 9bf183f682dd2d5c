import { describe, expect, it } from "vitest";
import { checkName, suggestName } from "../../../src/scaffold/name.js";

describe("project name", () => {
  it.each(["my-api", "api", "a1", "orders-v2-worker"])("accepts %s", (name) => {
    expect(checkName(name)).toEqual({ ok: true });
  });

  it.each([
    ["My-API", "uppercase", "my-api"],
    [".hidden", "dot or an underscore", "hidden"],
    ["_private", "dot or an underscore", "private"],
    ["hello world", "URL-safe", "hello-world"],
    ["wow!", "~'!()*", "wow"],
    [" padded", "spaces", "padded"],
    ["node_modules", "reserved", "node-modules"],
    ["http", "core module", "http-app"],
    ["@acme/api", "scoped", "api"],
    ["2fa-service", "starting with a letter", "app-2fa-service"],
    ["my_api", "lowercase letters, digits and dashes", "my-api"],
    ["trailing-", "end with a dash", "trailing"],
    ["a/b", "slash", "a-b"],
    ["x".repeat(60), "longer than 58", "x".repeat(58)],
  ])("rejects %j (%s) and suggests %s", (name, problem, suggestion) => {
    const check = checkName(name);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problem).toContain(problem);
    expect(check.suggestion).toBe(suggestion);
    expect(checkName(suggestion)).toEqual({ ok: true });
  });

  it("rejects an empty name and suggests a usable one", () => {
    const check = checkName("");
    expect(check).toMatchObject({ ok: false, problem: "the name is empty", suggestion: "my-app" });
  });

  it("suggests valid names for messy input", () => {
    for (const input of ["  Über Service!! ", "@scope/My_Thing", "123", "---", "fs"]) {
      expect(checkName(suggestName(input))).toEqual({ ok: true });
    }
  });
});
