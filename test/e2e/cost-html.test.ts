import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { coldstart, repoRoot, tempDir } from "./_helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const browserFlags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions"];

describe("cost --html in headless Chromium", () => {
  it("renders a self-contained page with one cost/memory chart per function", async () => {
    expect(existsSync(CHROMIUM), "chromium is missing: apt-get install -y chromium").toBe(true);
    const dir = tempDir("cost-html");
    const html = path.join(dir, "cost.html");
    const fixture = path.join(repoRoot, "fixtures/discovery/sam-globals-and-events");
    const result = await coldstart(["cost", fixture, "--format", "json", "--html", html, "--invocations", "5M", "--duration", "250", "--cpu", "80", "--memory-sweep"]);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const parsed = JSON.parse(String(result.stdout)) as { estimates: unknown[]; sweeps: Array<{ rows: unknown[] }> };
    const functions = parsed.estimates.length;
    expect(functions).toBeGreaterThan(1);

    const source = readFileSync(html, "utf8");
    // Nothing to fetch: no scripts, stylesheets or images from elsewhere.
    expect(source).not.toMatch(/<(script|link|img)\b/i);
    expect(source).not.toMatch(/(src|href)="https?:/i);

    // A private profile per run, so a concurrent run cannot share chromium's singleton lock.
    const profile = ["--user-data-dir=" + path.join(dir, "profile")];
    const dom = await execa(CHROMIUM, [...browserFlags, ...profile, "--dump-dom", `file://${html}`], { timeout: 120_000 });
    const charts = dom.stdout.match(/<svg class="sweep-chart"[\s\S]*?<\/svg>/g) ?? [];
    const durations = dom.stdout.match(/<svg class="sweep-duration-chart"[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(functions);
    expect(durations).toHaveLength(functions);
    [...charts, ...durations].forEach((chart, i) => {
      // Every memory size x 2 architectures, two lines, one point of each pick, the configured size marked.
      expect(chart.match(/<circle class="point/g)).toHaveLength(parsed.sweeps[i % functions]!.rows.length);
      expect(chart.match(/<polyline class="series"/g)).toHaveLength(2);
      for (const mark of ["cheapest", "fastest", "balanced", "configured"]) expect(chart.match(new RegExp(`class="point[^"]*${mark}`, "g"))).toHaveLength(1);
      expect(chart.match(/<line class="configured"/g)).toHaveLength(1);
    });
    expect(dom.stdout).toContain("as of 2025-08-01");

    const png = path.join(dir, "cost.png");
    await execa(CHROMIUM, [...browserFlags, ...profile, "--window-size=1000,2400", `--screenshot=${png}`, `file://${html}`], { timeout: 120_000 });
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
