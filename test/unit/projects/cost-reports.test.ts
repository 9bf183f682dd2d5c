import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, realisticProjects } from "./_projects.js";

// A cost estimate is only as good as its prices: every report, in every format, must say where
// each price comes from and how old it is, for every platform it priced.

interface PriceSource {
  source: string;
  asOf: string;
  details?: Array<{ what: string; source: string; asOf: string }>;
}

const PLATFORM = { vercel: "vercel", workers: "cloudflare-workers", lambda: "aws-lambda" } as const;
const work = mkdtempSync(path.join(tmpdir(), "coldstart-cost-reports-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const subjects: Array<{ name: string; dir: string; platforms: string[] }> = [
  ...Object.entries(PLATFORM).map(([target, platform]) => ({
    name: `${target} template`,
    dir: path.join(work, `${target}-app`),
    platforms: [platform],
  })),
  ...realisticProjects().map((p) => ({
    name: p.name,
    dir: p.dir,
    platforms: [...new Set(p.expected.map((f) => f.function.split(":")[0]!))].sort(),
  })),
];

beforeAll(async () => {
  for (const target of Object.keys(PLATFORM)) {
    const created = await cli(["create", path.join(work, `${target}-app`), "--target", target, "--yes", "--no-install", "--no-git"]);
    expect(created.exitCode, created.stderr).toBe(0);
  }
}, 120_000);

/** The line of `text` naming `source` must carry its date. */
function expectSourceWithDate(text: string, source: string, asOf: string, format: string): void {
  const lines = text.split("\n").filter((l) => l.includes(source));
  expect(lines.length, `${format} report should name ${source}`).toBeGreaterThan(0);
  expect(lines.some((l) => l.includes(`as of ${asOf}`)), `${format}: ${source} should say "as of ${asOf}"`).toBe(true);
}

describe.each(subjects)("coldstart cost on $name", { timeout: 120_000 }, ({ dir, platforms }) => {
  it("json, pretty and markdown each give every price's source and date", async () => {
    const json = await cli(["cost", dir, "--format", "json"]);
    expect(json.exitCode, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { prices: Record<string, PriceSource>; estimates: Array<{ platform: string }> };
    expect(report.estimates.length).toBeGreaterThan(0);
    expect(Object.keys(report.prices).sort()).toEqual(platforms);
    const sources = Object.values(report.prices).flatMap((p) => [p, ...(p.details ?? [])]);
    for (const s of sources) {
      expect(s.source.trim()).not.toBe("");
      expect(s.asOf).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
    }

    for (const format of ["pretty", "markdown"] as const) {
      const run = await cli(["cost", dir, "--format", format]);
      expect(run.exitCode, run.stderr).toBe(0);
      const start = run.stdout.search(/^\W*Prices\b/m);
      expect(start, `${format} report should have a Prices section`).toBeGreaterThanOrEqual(0);
      const prices = run.stdout.slice(start);
      for (const s of sources) expectSourceWithDate(prices, s.source, s.asOf, format);
    }
  });
});
