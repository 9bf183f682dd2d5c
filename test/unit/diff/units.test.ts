import { describe, expect, it } from "vitest";
import { checkBudgets, exceeds } from "../../../src/diff/budgets.js";
import { parseCostLimit, parseSizeLimit } from "../../../src/diff/limits.js";
import { addedLines } from "../../../src/diff/worktree.js";
import type { FunctionDiff } from "../../../src/diff/types.js";

describe("changed lines", () => {
  const lines = (text: string) => text.split("\n");
  it("finds inserted and replaced lines, not moved neighbours", () => {
    expect([...addedLines(lines("a\nb\nc\nd"), lines("a\nb\nNEW\nc\nd"))]).toEqual([3]);
    expect([...addedLines(lines("a\nb\nc"), lines("a\nB\nc"))]).toEqual([2]);
    expect([...addedLines(lines("a\nb\nc\nd\ne"), lines("x\na\nc\nd\ny\ne"))].sort()).toEqual([1, 5]);
    expect([...addedLines(lines("a\nb\nc"), lines("a\nc"))]).toEqual([]);
    expect([...addedLines([], lines("a\nb"))].sort()).toEqual([1, 2]);
  });
  it("matches a brute-force longest common subsequence on random edits", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rand(12) }, () => "abcd"[rand(4)]!);
      const b = Array.from({ length: rand(12) }, () => "abcd"[rand(4)]!);
      const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      const added = addedLines(a, b);
      expect(added.size, `${a.join("")} -> ${b.join("")}`).toBe(b.length - lcs[0]![0]!);
      // What is left of b, in order, is a subsequence of a.
      const kept = b.filter((_, i) => !added.has(i + 1));
      let at = 0;
      for (const ch of kept) {
        at = a.indexOf(ch, at) + 1;
        expect(at, `${a.join("")} -> ${b.join("")}`).toBeGreaterThan(0);
      }
    }
  });
});

describe("budget limits", () => {
  it("reads percentages, dollars and sizes, and refuses anything else", () => {
    expect(parseCostLimit("10%")).toEqual({ text: "10%", percent: 10 });
    expect(parseCostLimit("$5.50")).toEqual({ text: "$5.50", amount: 5.5 });
    expect(parseCostLimit("5")).toBeUndefined();
    expect(parseSizeLimit("20kB")).toEqual({ text: "20kB", amount: 20_000 });
    expect(parseSizeLimit("1.5MB")).toEqual({ text: "1.5MB", amount: 1_500_000 });
    expect(parseSizeLimit("$3")).toBeUndefined();
  });
  it("holds a new function to amounts only, and a percentage to a base above zero", () => {
    expect(exceeds({ text: "10%", percent: 10 }, null, 5_000_000)).toBe(false);
    expect(exceeds({ text: "1kB", amount: 1000 }, null, 1001)).toBe(true);
    expect(exceeds({ text: "10%", percent: 10 }, 100, 110)).toBe(false);
    expect(exceeds({ text: "10%", percent: 10 }, 100, 111)).toBe(true);
    expect(exceeds({ text: "$1", amount: 1 }, 5, null)).toBe(false);
  });
  it("lets a function's own budget replace the project-wide size budget", () => {
    const fn = { id: "f", sizeBytes: { base: 1000, head: 5000 }, monthlyUsd: { base: 1, head: 1 } } as FunctionDiff;
    const wide = { size: { limit: { text: "1kB", amount: 1000 }, from: "--max-size-increase" }, functions: {} };
    expect(checkBudgets(wide, [fn], { base: 1, head: 1 }).exceeded.map((b) => b.from)).toEqual(["--max-size-increase"]);
    const own = { ...wide, functions: { f: { size: { limit: { text: "10kB", amount: 10_000 }, from: "config" } } } };
    expect(checkBudgets(own, [fn], { base: 1, head: 1 })).toEqual({ checked: 1, exceeded: [] });
  });
});

describe("budgets in config", () => {
  it("refuses a budget it cannot read, in one line naming the setting", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { loadConfig } = await import("../../../src/config/load.js");
    const dir = mkdtempSync(path.join(tmpdir(), "coldstart-diff-config-"));
    try {
      writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify({ diff: { functions: { "a:b": { maxSizeIncrease: "big" } } } }));
      await expect(loadConfig(dir)).rejects.toThrow(/diff\.functions\.a:b\.maxSizeIncrease|diff\.functions\["a:b"\]\.maxSizeIncrease/);
      await expect(loadConfig(dir)).rejects.toThrow(/expected a percentage or a size/);
      writeFileSync(path.join(dir, "coldstart.config.json"), JSON.stringify({ diff: { failOnIncrease: "$5", maxSizeIncrease: "10%" } }));
      expect((await loadConfig(dir)).diff).toEqual({ failOnIncrease: "$5", maxSizeIncrease: "10%" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
