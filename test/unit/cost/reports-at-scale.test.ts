import { describe, expect, it } from "vitest";
import { run as cost } from "../../../src/commands/cost.js";
import { MARKDOWN_LIMIT } from "../../../src/report/markdown.js";
import { writeProject } from "../frameworks/_framework-fixtures.js";
import { captureIo } from "./_io.js";

/** A Next.js app of `n` route handlers; every tenth sets a larger memory through vercel.json, so costs differ. */
function app(n: number): string {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "big", private: true, dependencies: { next: "15.5.4" } }),
    "vercel.json": JSON.stringify({ functions: { "app/api/heavy-*/route.ts": { memory: 3009 } } }),
  };
  for (let i = 0; i < n; i++) {
    const name = i % 10 === 0 ? `heavy-${i}` : `route-${i}`;
    files[`app/api/${name}/route.ts`] = `export async function GET() {\n  return Response.json({ route: ${i} });\n}\n`;
  }
  return writeProject(files);
}

async function prettyOf(dir: string, verbose = false): Promise<string> {
  const t = captureIo(dir);
  expect(await cost({ dir: ".", format: "pretty", ...(verbose ? { verbose: true } : {}) }, t.io)).toBe(0);
  return t.out();
}

async function markdownOf(dir: string): Promise<{ md: string; json: { estimates: Array<{ function: string; monthlyUsd: number }>; totalMonthlyUsd: number } }> {
  const md = captureIo(dir);
  expect(await cost({ dir: ".", format: "markdown" }, md.io)).toBe(0);
  const json = captureIo(dir);
  expect(await cost({ dir: ".", format: "json" }, json.io)).toBe(0);
  return { md: md.out(), json: JSON.parse(json.out()) };
}

describe("cost --format markdown fits a PR comment", () => {
  it("600 functions: under GitHub's limit, the most expensive rows first, every estimate counted, and the prices with their dates", async () => {
    const { md, json } = await markdownOf(app(600));
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    const rows = md.split("\n").filter((l) => /^\| `vercel:/.test(l));
    const more = /^\| … (\d+) more estimates \(the least expensive; every one is in the JSON report\) \| \| \$([\d,.]+) \|$/m.exec(md);
    expect(more).not.toBeNull();
    expect(rows.length + Number(more![1])).toBe(600);
    // The rows shown are the most expensive: none left out costs more than the cheapest shown.
    const shown = rows.map((r) => Number(/\$([\d.]+) \|$/.exec(r)![1]));
    const byCost = json.estimates.map((e) => Math.round(e.monthlyUsd * 100) / 100).sort((a, b) => b - a);
    expect(byCost[0]).toBeGreaterThan(byCost[599]!);
    expect(Math.min(...shown)).toBeGreaterThanOrEqual(byCost[rows.length]!);
    expect(shown.slice(0, 60).every((usd) => usd === byCost[0])).toBe(true);
    expect(md).toContain(`| **Total** | | **$${json.totalMonthlyUsd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}** |`);
    const detailed = (md.match(/<details>/g) ?? []).length;
    expect(detailed).toBeGreaterThan(0);
    expect(md).toContain(`**The details of ${600 - detailed} estimates left out to stay under GitHub's 65,536-character comment limit.**`);
    expect(md).toMatch(/\*\*Prices\*\*\n\n- Vercel: .*, as of \d{4}-\d{2}-\d{2}/);
  });

  it("a small project: every row and every estimate's details, nothing left out", async () => {
    const { md, json } = await markdownOf(app(12));
    expect(md.split("\n").filter((l) => /^\| `vercel:/.test(l))).toHaveLength(12);
    expect((md.match(/<details>/g) ?? []).length).toBe(json.estimates.length);
    expect(md).not.toContain("left out");
    expect(md).not.toContain("more estimate");
  });
});

describe("cost's terminal report on a large project", () => {
  it("600 functions: the 10 most expensive, the rest counted and summed, and each distinct estimate once with how many it stands for", async () => {
    const dir = app(600);
    const text = await prettyOf(dir);
    const { json } = await markdownOf(dir);
    expect(text.split("\n").length).toBeLessThan(120);
    expect(text).toContain("The 10 most expensive of 600 estimates\n");
    const byCost = [...json.estimates].sort((a, b) => b.monthlyUsd - a.monthlyUsd);
    const rest = byCost.slice(10).reduce((sum, e) => sum + e.monthlyUsd, 0);
    expect(text).toContain(`  … 590 more, $${rest.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}/month together`);
    // Two shapes: the 60 routes at 3009 MB (the most expensive, first) and the 540 others.
    expect(text.match(/The same line items and assumptions for \d+ other estimates\./g)).toEqual([
      "The same line items and assumptions for 59 other estimates.",
      "The same line items and assumptions for 539 other estimates.",
    ]);
    expect(text).toContain("Shown in full: all 2 distinct estimates. --verbose prints every estimate");
    expect(text).toMatch(/\nTotal: \$[\d,.]+\/month\n/);
    expect(text).toMatch(/Prices \(check them against the live pricing pages before relying on them\):\n {2}Vercel: .*, as of \d{4}-\d{2}-\d{2}/);
  });

  it("--verbose prints every estimate in full; a project of 20 or fewer is always printed in full", async () => {
    const verbose = await prettyOf(app(30), true);
    expect(verbose.match(/^vercel:app\/api\/[\w-]+\/route\.ts on Vercel {2}\$/gm)).toHaveLength(30);
    expect(verbose).not.toContain("most expensive of");
    const small = await prettyOf(app(12));
    expect(small.match(/^vercel:app\/api\/[\w-]+\/route\.ts on Vercel {2}\$/gm)).toHaveLength(12);
    expect(small).not.toContain("The same line items");
  });
});
