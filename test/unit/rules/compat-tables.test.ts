import { describe, expect, it } from "vitest";
import { BUILTIN_SPECIFIER_PATTERN, parseBuiltin } from "../../../src/audit/compat/node-builtins.js";
import { nodeCompatMode, workersBuiltinVerdict, workersHasNodeGlobals } from "../../../src/audit/compat/workers-node.js";

describe("parseBuiltin", () => {
  it("reads bare and node: specifiers, subpaths, and node:-only modules", () => {
    expect(parseBuiltin("fs/promises")).toEqual({ name: "fs/promises", base: "fs", prefixed: false });
    expect(parseBuiltin("node:crypto")).toEqual({ name: "crypto", base: "crypto", prefixed: true });
    expect(parseBuiltin("node:test")).toEqual({ name: "test", base: "test", prefixed: true });
    expect(parseBuiltin("test")).toBeUndefined();
    expect(parseBuiltin("lodash")).toBeUndefined();
    expect(parseBuiltin("./fs")).toBeUndefined();
    expect(parseBuiltin("node:not-a-module")).toBeUndefined();
  });

  it("pre-scan pattern finds quoted built-in specifiers only", () => {
    expect(BUILTIN_SPECIFIER_PATTERN.test(`import x from "node:fs"`)).toBe(true);
    expect(BUILTIN_SPECIFIER_PATTERN.test(`require('fs/promises')`)).toBe(true);
    expect(BUILTIN_SPECIFIER_PATTERN.test("import(`crypto`)")).toBe(true);
    expect(BUILTIN_SPECIFIER_PATTERN.test(`import x from "fsx"`)).toBe(false);
    expect(BUILTIN_SPECIFIER_PATTERN.test(`import x from "./fs"`)).toBe(false);
    expect(BUILTIN_SPECIFIER_PATTERN.test(`const path = "/api/users"`)).toBe(false);
  });
});

describe("nodeCompatMode", () => {
  const cases: Array<[string | undefined, string[], string]> = [
    [undefined, [], "none"],
    ["2025-01-01", [], "none"],
    ["2025-01-01", ["nodejs_als"], "als"],
    ["2024-06-01", ["nodejs_compat"], "v1"],
    ["2024-09-22", ["nodejs_compat"], "v1"],
    ["2024-09-23", ["nodejs_compat"], "v2"],
    ["2024-01-01", ["nodejs_compat_v2"], "v2"],
    ["2025-01-01", ["nodejs_compat", "no_nodejs_compat_v2"], "v1"],
    ["2026-08-03", [], "none"],
    ["2026-08-04", [], "v2"],
    ["2026-09-01", ["no_nodejs_compat"], "none"],
    ["2026-09-01", ["no_nodejs_compat", "nodejs_als"], "als"],
  ];
  it.each(cases)("date %s with %j is %s", (date, flags, mode) => {
    expect(nodeCompatMode(date, flags)).toBe(mode);
  });

  it("gives Node globals only in v2", () => {
    expect(workersHasNodeGlobals("2024-09-23", ["nodejs_compat"])).toBe(true);
    expect(workersHasNodeGlobals("2024-09-22", ["nodejs_compat"])).toBe(false);
  });
});

describe("workersBuiltinVerdict", () => {
  const v = (spec: string, date: string, flags: string[] = ["nodejs_compat"]) => workersBuiltinVerdict(parseBuiltin(spec)!, date, flags);

  it("opens date-gated modules on their date, or with their enable flag", () => {
    expect(v("node:fs", "2025-09-14")).toMatchObject({ ok: false, why: "before-gate", gate: { date: "2025-09-15" } });
    expect(v("node:fs", "2025-09-15")).toEqual({ ok: true });
    expect(v("fs/promises", "2025-09-15")).toEqual({ ok: true });
    expect(v("node:fs", "2025-05-01", ["nodejs_compat", "enable_nodejs_fs_module"])).toEqual({ ok: true });
    expect(v("node:fs", "2025-10-01", ["nodejs_compat", "disable_nodejs_fs_module"])).toMatchObject({ ok: false, why: "before-gate" });
    expect(v("https", "2025-08-14")).toMatchObject({ ok: false, why: "before-gate" });
    expect(v("https", "2025-08-15")).toEqual({ ok: true });
  });

  it("flags stub modules even after their date, but not modules that became native", () => {
    expect(v("node:child_process", "2026-03-17")).toMatchObject({ ok: false, why: "stub" });
    expect(v("worker_threads", "2026-10-01")).toMatchObject({ ok: false, why: "stub" });
    expect(v("node:perf_hooks", "2026-03-16")).toMatchObject({ ok: false, why: "before-gate" });
    expect(v("node:perf_hooks", "2026-03-17")).toEqual({ ok: true });
    expect(v("node:punycode", "2025-12-04")).toEqual({ ok: true });
  });

  it("accepts the always-native modules and rejects unknown ones", () => {
    for (const spec of ["node:crypto", "path", "node:stream/web", "buffer", "node:async_hooks", "zlib"]) {
      expect(v(spec, "2024-10-01")).toEqual({ ok: true });
    }
    expect(v("node:test", "2026-10-01")).toMatchObject({ ok: false, why: "missing" });
  });

  it("follows the compatibility mode first", () => {
    expect(v("node:crypto", "2025-01-01", [])).toMatchObject({ ok: false, why: "no-compat" });
    expect(v("crypto", "2024-06-01")).toMatchObject({ ok: false, why: "bare-in-v1" });
    expect(v("node:crypto", "2024-06-01")).toEqual({ ok: true });
    expect(v("node:async_hooks", "2025-01-01", ["nodejs_als"])).toEqual({ ok: true });
    expect(v("async_hooks", "2025-01-01", ["nodejs_als"])).toMatchObject({ ok: false, why: "als-only" });
    expect(v("node:events", "2025-01-01", ["nodejs_als"])).toMatchObject({ ok: false, why: "als-only" });
    expect(v("node:crypto", "2026-09-01", [])).toEqual({ ok: true });
  });
});
