import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fixtureProjects } from "../../../bench/fixture-projects.mjs";
import { repoRoot } from "../../e2e/_helpers.js";
import { cacheDir, report } from "./_audit.js";

// Every fixture project, audited four ways: without a cache, with an empty cache (which it fills),
// from the whole-run cache, and from the bundle cache alone (the run entries removed). The JSON
// reports are byte-identical; only summary.durationMs, the time of each run, is left out.
const projects = fixtureProjects(path.join(repoRoot, "fixtures")).map((dir) => ({ name: path.relative(repoRoot, dir), dir }));

/** How many files the fixture projects are split over (fixtures-1.test.ts to fixtures-N.test.ts), so workers share them. */
export const SHARDS = 4;

/** The fixture projects of shard `shard` (1 to SHARDS): every SHARDS-th one, so each shard has a mix of sizes. */
export function shardOf(shard: number): typeof projects {
  return projects.filter((_, i) => i % SHARDS === shard - 1);
}

export function describeShard(shard: number): void {
  describe(`the cache changes nothing in any fixture's report (${shard} of ${SHARDS})`, { timeout: 600_000 }, () => {
    it("finds the fixture projects, and every one is in exactly one shard", () => {
      expect(projects.length).toBeGreaterThan(100);
      const shards = Array.from({ length: SHARDS }, (_, i) => shardOf(i + 1));
      expect(shards.flat().map((p) => p.name).sort()).toEqual(projects.map((p) => p.name).sort());
      expect(shards[shard - 1]!.length).toBeGreaterThan(0);
      const files = readdirSync(path.dirname(fileURLToPath(import.meta.url))).filter((f) => /^fixtures-\d+\.test\.ts$/.test(f));
      expect(files.sort()).toEqual(Array.from({ length: SHARDS }, (_, i) => `fixtures-${i + 1}.test.ts`).sort());
    });

    it.each(shardOf(shard))("$name", async ({ dir }) => {
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
}
