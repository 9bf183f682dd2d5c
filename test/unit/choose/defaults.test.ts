import { describe, expect, it } from "vitest";
import { countOf } from "../../../src/cli/parse.js";
import { resolveAnswers } from "../../../src/choose/defaults.js";
import { parseDuration } from "../../../src/choose/interactive.js";

describe("resolveAnswers", () => {
  it("cannot decide without a workload", () => {
    expect(resolveAnswers({ db: "postgres" })).toEqual({ missing: ["workload"] });
  });

  it("states every default it fills in", () => {
    const r = resolveAnswers({ workload: "api" });
    if ("missing" in r) throw new Error("unexpected");
    expect(r.answers).toEqual({ workload: "api", maxDurationSeconds: 10, nodeApis: true, nativeModules: false, db: "none", latency: "normal" });
    expect(r.assumed).toEqual(["--max-duration 10 (typical for api)", "--node-apis (most npm packages use Node.js built-ins)", "--no-native-modules", "--db none", "--latency normal"]);
  });

  it("assumes middleware is latency-critical and Web-API-only, and keeps given answers", () => {
    const r = resolveAnswers({ workload: "middleware", db: "kv", maxDurationSeconds: 2, nativeModules: false });
    if ("missing" in r) throw new Error("unexpected");
    expect(r.answers).toEqual({ workload: "middleware", maxDurationSeconds: 2, nodeApis: false, nativeModules: false, db: "kv", latency: "critical" });
    expect(r.assumed).toHaveLength(2);
  });

  it("assumes a native library and a volume for CPU-heavy work, and says so", () => {
    const r = resolveAnswers({ workload: "cpu-heavy", maxDurationSeconds: 5, nodeApis: true, db: "none", latency: "normal" });
    if ("missing" in r) throw new Error("unexpected");
    expect(r.answers.nativeModules).toBe(true);
    expect(r.answers.monthlyInvocations).toBeUndefined();
    expect(r.assumed).toEqual([expect.stringMatching(/^--native-modules/), expect.stringMatching(/^--volume 100000 /)]);
  });

  it("keeps a given volume and does not assume one where it does not matter", () => {
    const given = resolveAnswers({ workload: "cpu-heavy", monthlyInvocations: 5000 });
    if ("missing" in given) throw new Error("unexpected");
    expect(given.answers.monthlyInvocations).toBe(5000);
    expect(given.assumed.join(" ")).not.toMatch(/--volume/);
    const api = resolveAnswers({ workload: "api" });
    if ("missing" in api) throw new Error("unexpected");
    expect(api.assumed.join(" ")).not.toMatch(/--volume/);
  });
});

describe("parseDuration", () => {
  it.each([
    ["90", 90],
    ["90s", 90],
    ["15m", 900],
    ["2 h", 7200],
    ["1.5min", 90],
  ])("%s -> %d s", (text, seconds) => expect(parseDuration(text)).toBe(seconds));
  it("rejects junk", () => expect(parseDuration("soon")).toBeUndefined());
});

describe("countOf (the volume)", () => {
  it.each([
    ["100k", 100_000],
    ["2.5M", 2_500_000],
    ["5000", 5000],
    ["1e6", 1_000_000],
  ])("%s -> %d", (text, n) => expect(countOf(text)).toBe(n));
  it.each(["0", "-5", "lots", "2e13"])("rejects %s", (text) => expect(countOf(text)).toBeUndefined());
});
