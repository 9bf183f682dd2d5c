import { describe, expect, it } from "vitest";
import { resolveAnswers } from "../../../src/choose/defaults.js";
import { parseDuration } from "../../../src/choose/interactive.js";

describe("resolveAnswers", () => {
  it("cannot decide without a workload", () => {
    expect(resolveAnswers({ db: "postgres" })).toEqual({ missing: ["workload"] });
  });

  it("states every default it fills in", () => {
    const r = resolveAnswers({ workload: "api" });
    if ("missing" in r) throw new Error("unexpected");
    expect(r.answers).toEqual({ workload: "api", maxDurationSeconds: 10, nodeApis: true, db: "none", latency: "normal" });
    expect(r.assumed).toEqual(["--max-duration 10 (typical for api)", "--node-apis (most npm packages need Node.js)", "--db none", "--latency normal"]);
  });

  it("assumes middleware is latency-critical and Web-API-only, and keeps given answers", () => {
    const r = resolveAnswers({ workload: "middleware", db: "kv", maxDurationSeconds: 2 });
    if ("missing" in r) throw new Error("unexpected");
    expect(r.answers).toEqual({ workload: "middleware", maxDurationSeconds: 2, nodeApis: false, db: "kv", latency: "critical" });
    expect(r.assumed).toHaveLength(2);
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
