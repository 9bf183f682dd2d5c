import { describe, expect, it } from "vitest";
import { tomlPositionFinder } from "../../../src/project/formats/toml-lines.js";

describe("tomlPositionFinder", () => {
  const positionOf = tomlPositionFinder(
    [
      'name = "x"',
      'vars = { A = "1" }',
      "",
      "[limits]",
      "cpu_ms = 5",
      "",
      "[env.prod]",
      '"compatibility_date" = "2025-01-01"',
      "",
      "[[env.prod.kv_namespaces]]",
      'binding = "K"',
      "[ env.staging ]",
      '  vars = { A = "2", B = "3" }',
    ].join("\n"),
  );

  it("finds keys at the top, in tables, quoted keys, inline tables and table headers, with 1-based columns", () => {
    expect(positionOf(["name"])).toEqual({ line: 1, column: 1 });
    expect(positionOf(["vars", "A"])).toEqual({ line: 2, column: 10 });
    expect(positionOf(["limits"])).toEqual({ line: 4, column: 2 });
    expect(positionOf(["limits", "cpu_ms"])).toEqual({ line: 5, column: 1 });
    expect(positionOf(["env", "prod", "compatibility_date"])).toEqual({ line: 8, column: 1 });
    expect(positionOf(["env", "prod", "kv_namespaces"])).toEqual({ line: 10, column: 12 });
    expect(positionOf(["missing"])).toBeUndefined();
  });

  it("points at the key itself when it is indented, inside an inline table, or the last part of a header", () => {
    expect(positionOf(["env", "staging"])).toEqual({ line: 12, column: 7 });
    expect(positionOf(["env", "staging", "vars"])).toEqual({ line: 13, column: 3 });
    expect(positionOf(["env", "staging", "vars", "B"])).toEqual({ line: 13, column: 21 });
  });
});

describe("tomlPositionFinder on hostile lines", { timeout: 30_000 }, () => {
  it("reads a 20,000-space line that opens like a header, and thousands of environments, in one pass", () => {
    const envs = Array.from({ length: 5_000 }, (_, i) => `[env.e${i}]\nmain = "src/${i}.ts"`);
    const positionOf = tomlPositionFinder(['x = """', `[${" ".repeat(20_000)}x`, `[[${" ".repeat(20_000)}`, '"""', ...envs].join("\n"));
    expect(positionOf(["env", "e4999", "main"])).toEqual({ line: 4 + 2 * 5_000, column: 1 });
    expect(positionOf(["env", "e0"])).toEqual({ line: 5, column: 6 });
    expect(positionOf(["env", "missing", "main"])).toBeUndefined();
  });

  it("keeps a header's all-space name and a header followed by text as before", () => {
    const positionOf = tomlPositionFinder(["[ a ] trailing", "k = 1", "[b]", "k = 2"].join("\n"));
    // `[ a ] trailing` does not open table a, but still names it.
    expect(positionOf(["a"])).toEqual({ line: 1, column: 3 });
    expect(positionOf(["k"])).toEqual({ line: 2, column: 1 });
    expect(positionOf(["b", "k"])).toEqual({ line: 4, column: 1 });
  });
});
