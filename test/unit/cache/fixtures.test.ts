import { rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureProjects } from "../../../bench/fixture-projects.mjs";
import { repoRoot } from "../../e2e/_helpers.js";
import { cacheDir, report } from "./_audit.js";

// Every fixture project, audited four ways: without a cache, with an empty cache (which it fills),
// from the whole-run cache, and from the bundle cache alone (the run entries removed). The JSON
// reports are byte-identical; only summary.durationMs, the time of each run, is left out.
const projects = fixtureProjects(path.join(repoRoot, "fixtures")).map((dir) => ({ name: path.relative(repoRoot, dir), dir }));

describe("the cache changes nothing in any fixture's report", { timeout: 600_000 }, () => {
  it("finds the fixture projects", () => expect(projects.length).toBeGreaterThan(100));

  it.each(projects)("$name", async ({ dir }) => {
    const at = cacheDir();
    const fresh = await report(dir);
    const filling = await report(dir, { cache: { dir: at } });
    expect(filling.hit).toBe(false);
    expect(filling.text).toBe(fresh.text);
    const whole = await report(dir, { cache: { dir: at } });
    expect(whole.text).toBe(fresh.text);
    if (fresh.result) expect(whole.hit).toBe(true);
    rmSync(path.join(at, "run"), { recursive: true, force: true });
    const bundles = await report(dir, { cache: { dir: at } });
    expect(bundles.hit).toBe(false);
    expect(bundles.text).toBe(fresh.text);
  });
});
