import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/commands/cost.js";
import { discoverProject } from "../../../src/project/discover.js";
import { captureIo } from "./_io.js";

const fixture = path.resolve(import.meta.dirname, "../../../fixtures/frameworks/cloudflare-pages-functions");

describe("a deploy unit is priced as one subject", () => {
  it("sums its routes' traffic, weights their CPU by it, bills the Workers minimum once and lists the routes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-unit-"));
    cpSync(fixture, dir, { recursive: true });
    const ids = (await discoverProject(dir)).functions.map((f) => f.id);
    expect(ids).toHaveLength(4);
    // 12M + 4M requests on two routes at 5 and 13 ms CPU: 16M requests at (12 x 5 + 4 x 13) / 16 = 7 ms.
    const functions = { [ids[2]!]: { invocations: 12e6, cpuMs: 5 }, [ids[3]!]: { invocations: 4e6, cpuMs: 13 } };
    writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify({ cost: { functions } }));
    const t = captureIo(dir);
    expect(await run({ dir: ".", format: "json" }, t.io)).toBe(0);
    const { estimates } = JSON.parse(t.out()) as { estimates: Array<{ function: string; monthlyUsd: number; assumptions: { invocationsPerMonth: number; cpuMs: number; routes: string[] } }> };
    expect(estimates).toHaveLength(1);
    const [unit] = estimates;
    expect(unit!.function).toBe('the Pages project "tea-shop"');
    expect(unit!.assumptions.routes).toEqual(ids);
    expect(unit!.assumptions.invocationsPerMonth).toBe(16e6);
    expect(unit!.assumptions.cpuMs).toBeCloseTo(7, 9);
    // Workers Paid: $5 + (16M - 10M) x $0.30/M + (112M - 30M) CPU-ms x $0.02/M = $8.44.
    expect(unit!.monthlyUsd).toBeCloseTo(5 + 6 * 0.3 + 82 * 0.02, 9);
    const pretty = captureIo(dir);
    expect(await run({ dir: "." }, pretty.io)).toBe(0);
    expect(pretty.out()).toMatch(/Priced once, as the one unit its 4 routes deploy as: /);
  });
});
