import { describe, expect, it } from "vitest";
import pkg from "../../../package.json" with { type: "json" };
import { UsageError } from "../../../src/errors.js";
import { placeholders, resolveSettings } from "../../../src/scaffold/settings.js";

describe("resource settings", () => {
  it("fills the contract's defaults", () => {
    expect(resolveSettings("lambda", {})).toEqual({ settings: { memory: 512, timeout: 10 }, warnings: [] });
    expect(resolveSettings("vercel", {})).toEqual({ settings: { memory: 1024, timeout: 30 }, warnings: [] });
    expect(resolveSettings("workers", {})).toEqual({ settings: {}, warnings: [] });
  });

  it("accepts values at the limits", () => {
    expect(resolveSettings("lambda", { memory: 128, timeout: 1 }).settings).toEqual({ memory: 128, timeout: 1 });
    expect(resolveSettings("lambda", { memory: 10240, timeout: 29 }).settings).toEqual({ memory: 10240, timeout: 29 });
    expect(resolveSettings("workers", { cpuMs: 300000 }).settings).toEqual({ cpuMs: 300000 });
  });

  it.each([
    ["lambda", { memory: 127 }, "--memory 127 is out of range for lambda: expected 128-10240"],
    ["lambda", { memory: 10241 }, "expected 128-10240"],
    ["lambda", { timeout: 30 }, "--timeout 30 is out of range for lambda: expected 1-29 (the template's HTTP API integration"],
    ["lambda", { timeout: 900 }, "expected 1-29"],
    ["vercel", { memory: 4097 }, "expected 128-4096"],
    ["vercel", { timeout: 801 }, "expected 1-800"],
    ["workers", { cpuMs: 300001 }, "expected 1-300000"],
    ["workers", { memory: 256 }, "--memory does not apply to workers: Workers have a fixed 128 MB"],
    ["workers", { timeout: 10 }, "--timeout does not apply to workers"],
    ["lambda", { cpuMs: 50 }, "--cpu-ms does not apply to lambda"],
    ["vercel", { cpuMs: 50 }, "--cpu-ms does not apply to vercel"],
  ] as const)("%s %j is refused", (target, flags, message) => {
    expect(() => resolveSettings(target, flags)).toThrow(UsageError);
    expect(() => resolveSettings(target, flags)).toThrow(message);
  });

  it("warns above the Vercel Hobby maxima but accepts", () => {
    const { settings, warnings } = resolveSettings("vercel", { memory: 3008, timeout: 600 });
    expect(settings).toEqual({ memory: 3008, timeout: 600 });
    expect(warnings).toEqual([
      "--memory 3008: Hobby allows up to 2048 MB; more needs a Pro or Enterprise plan.",
      "--timeout 600: Hobby allows maxDuration up to 300 s; more needs a Pro or Enterprise plan.",
    ]);
    expect(resolveSettings("vercel", { memory: 2048, timeout: 300 }).warnings).toEqual([]);
  });

  it("maps settings to the template placeholders", () => {
    expect(placeholders("lambda", "orders", { memory: 1024, timeout: 20 })).toEqual({
      name: "orders",
      coldstartVersion: pkg.version,
      memory: "1024",
      timeout: "20",
      visibilityTimeout: "120",
    });
    expect(placeholders("vercel", "web", { memory: 1024, timeout: 30 })).toEqual({ name: "web", coldstartVersion: pkg.version, memory: "1024", timeout: "30" });
    expect(placeholders("workers", "edge", { cpuMs: 50 })).toEqual({ name: "edge", coldstartVersion: pkg.version, limits: '"limits": { "cpu_ms": 50 },' });
    expect(placeholders("workers", "edge", {}).limits).toBe(
      '// "limits": { "cpu_ms": 50 }, // Paid plan: cap CPU time per request (coldstart create --cpu-ms)',
    );
  });
});
