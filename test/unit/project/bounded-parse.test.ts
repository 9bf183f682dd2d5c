import { describe, expect, it } from "vitest";
import { parseCfnYaml } from "../../../src/project/formats/cfn-yaml.js";
import { parseJsonc } from "../../../src/project/formats/jsonc.js";
import { MAX_NESTING } from "../../../src/project/formats/limits.js";
import { parseToml } from "../../../src/project/formats/toml.js";
import { billionLaughs, DEEP, deepBrackets, oversized } from "./_hostile-text.js";

/** Every hostile input must give a located failure that names the bound, never a throw. */
function expectLimit(result: { ok: boolean }, message: RegExp, at?: { line: number; column?: number }) {
  expect(result).toMatchObject({ ok: false, limit: true, message: expect.stringMatching(message) });
  if (at) expect(result).toMatchObject(at);
}

const nesting = new RegExp(`^nests collections more than ${MAX_NESTING} levels deep`);

describe("YAML within bounds", { timeout: 60_000 }, () => {
  it("refuses a billion-laughs alias bomb at the alias that overflows", () => {
    const result = parseCfnYaml(`${billionLaughs()}Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Tags: *i\n`);
    // Expansions add up in document order: the budget runs out inside `f: &f [*e, …]`, at its first alias.
    expectLimit(result, /aliases that expand to more than 100,000 values/, { line: 6, column: 8 });
  });

  it("refuses a self-referencing alias, in a flow list and in a map", () => {
    expectLimit(parseCfnYaml("a: &a [*a]\nb: 1\n"), /alias \(\*a\) inside the value it names/, { line: 1, column: 8 });
    expectLimit(parseCfnYaml("Resources: &r\n  Self: *r\n"), /alias \(\*r\) inside the value it names/, { line: 2, column: 9 });
  });

  it("refuses flow and block collections nested 20,000 deep, before composing them", () => {
    // Two maps, then brackets from column 6: the one past the limit is bracket MAX_NESTING - 1.
    expectLimit(parseCfnYaml(`Resources:\n  x: ${deepBrackets()}\n`), nesting, { line: 2, column: 6 + MAX_NESTING - 2 });
    expectLimit(parseCfnYaml(`${"- ".repeat(DEEP)}x\n`), nesting, { line: 1 });
    expectLimit(parseCfnYaml(`${Array.from({ length: 300 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} 1\n`), nesting);
  });

  it("refuses values that nest too deep only through a chain of aliases", () => {
    const chain = ["a0: &a0 [x]", ...Array.from({ length: 400 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]`)];
    expectLimit(parseCfnYaml(chain.join("\n") + "\n"), /levels deep through aliases/);
  });

  it("refuses an oversized template at line 1, and the flow-indent retry is not tried on it", () => {
    expectLimit(parseCfnYaml(oversized("Resources: {}\n", "#")), /^is 5\.0 MB, over the 5\.0 MB coldstart reads/, { line: 1, column: 1 });
  });

  it("still reads ordinary aliases, within the budget, and finds positions through them", () => {
    const text = "defaults: &d\n  Runtime: nodejs22.x\n  Timeout: 10\nResources:\n  A:\n    Properties: *d\n  B:\n    Properties: *d\n";
    const result = parseCfnYaml(text);
    if (!result.ok) throw new Error(result.message);
    expect(result.doc.value).toMatchObject({ Resources: { A: { Properties: { Runtime: "nodejs22.x", Timeout: 10 } }, B: { Properties: { Timeout: 10 } } } });
    expect(result.doc.positionOf(["Resources", "B", "Properties", "Timeout"])).toEqual({ line: 3, column: 3 });
  });

  it("does not count aliases of scalars against the budget: they cost what they are written with", () => {
    const result = parseCfnYaml(`runtime: &rt nodejs22.x\nall: [${Array.from({ length: 150_000 }, () => "*rt").join(",")}]\n`);
    if (!result.ok) throw new Error(result.message);
    expect((result.doc.value as { all: string[] }).all).toHaveLength(150_000);
  });

  it("keeps the first of duplicate keys for positions, and reads nesting at the limit", () => {
    const result = parseCfnYaml(`a: 1\nb: 2\na: 3\nd: ${deepBrackets(MAX_NESTING - 1)}\n`);
    if (!result.ok) throw new Error(result.message);
    expect(result.doc.positionOf(["a"])).toEqual({ line: 1, column: 1 });
  });
});

describe("JSON within bounds", { timeout: 60_000 }, () => {
  it("refuses arrays and objects nested 20,000 deep at the first bracket past the limit", () => {
    expectLimit(parseJsonc(`{"x": ${deepBrackets()}}`), nesting, { line: 1, column: 7 + MAX_NESTING - 1 });
    expectLimit(parseJsonc(`${'{"a":'.repeat(DEEP)}1${"}".repeat(DEEP)}`), nesting, { line: 1 });
  });

  it("does not count brackets inside strings or comments", () => {
    const result = parseJsonc(`// ${"[".repeat(DEEP)}\n{"x": "${"{".repeat(DEEP)}", /* ${"[".repeat(DEEP)} */ "y": ${deepBrackets(MAX_NESTING - 1)}}`);
    expect(result.ok).toBe(true);
  });

  it("refuses an oversized file", () => {
    expectLimit(parseJsonc(oversized('{"Resources": {}}', " ")), /^is 5\.0 MB/, { line: 1, column: 1 });
  });

  it("finds the first of duplicate keys and list items, as before", () => {
    const result = parseJsonc('{\n  "a": 1,\n  "list": [\n    10,\n    20\n  ],\n  "a": 2\n}');
    if (!result.ok) throw new Error(result.message);
    expect(result.doc.value).toEqual({ a: 2, list: [10, 20] });
    expect(result.doc.positionOf(["a"])).toEqual({ line: 2, column: 3 });
    expect(result.doc.positionOf(["list", 1])).toEqual({ line: 5, column: 5 });
    expect(result.doc.positionOf(["list", 2])).toBeUndefined();
    expect(result.doc.positionOf(["a", 0])).toBeUndefined();
  });
});

describe("TOML within bounds", { timeout: 60_000 }, () => {
  it("refuses arrays and inline tables nested 20,000 deep", () => {
    expectLimit(parseToml(`name = "w"\nx = ${deepBrackets()}\n`), nesting, { line: 2 });
    expectLimit(parseToml(`x = ${"{a = ".repeat(DEEP)}1${"}".repeat(DEEP)}\n`), nesting);
  });

  it("refuses dotted keys and table headers that nest without brackets", () => {
    expectLimit(parseToml(`a${".a".repeat(DEEP)} = 1\n`), nesting, { line: 1, column: 1 });
    expectLimit(parseToml(`[a${".a".repeat(DEEP)}]\nb = 1\n`), nesting);
  });

  it("refuses an oversized file, and still reports syntax errors with their line", () => {
    expectLimit(parseToml(oversized('name = "w"\n', "#")), /^is 5\.0 MB/);
    expect(parseToml('name = "w"\nmain = \n')).toMatchObject({ ok: false, line: 2 });
    expect(parseToml('name = "w"\nmain = \n')).not.toHaveProperty("limit");
  });
});
