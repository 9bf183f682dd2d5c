import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { OutputKeeper } from "../../../src/audit/bundle.js";
import { runAudit, type AuditOptions } from "../../../src/audit/engine.js";
import type { AuditResult } from "../../../src/audit/result.js";
import { gzipPrinted } from "../../../src/report/groups.js";
import { markdown } from "../../../src/report/markdown.js";
import { pretty } from "../../../src/report/pretty.js";
import { sarif } from "../../../src/report/sarif.js";
import { tempProject } from "./_temp-project.js";
import { runMain } from "../_main.js";
import { coldstart } from "../../e2e/_helpers.js";

const TODAY = "2026-12-01";
const { root, write } = tempProject("gzip-printed");
/** Temp and cache folders of the runs, outside the audited project. */
const scratch = tempProject("gzip-printed-scratch").root;

// Nine Next.js routes of different sizes (route i carries i tables), two of them calling fetch without
// a timeout (a warning, so the pretty report heads them) and small enough not to be among the heaviest.
write("package.json", JSON.stringify({ name: "gzip-printed", private: true, dependencies: { next: "15.5.4" } }));
for (let i = 0; i < 9; i++) {
  const tables = Array.from({ length: i + 1 }, (_, t) => `export const t${t} = [${Array.from({ length: 60 }, (_, k) => `"${i}-${t}-${k}-${"y".repeat((k * 7) % 23)}"`).join(", ")}];`);
  write(`lib/data${i}.ts`, `${tables.join("\n")}\n`);
  const uses = Array.from({ length: i + 1 }, (_, t) => `t${t}.length`).join(" + ");
  const names = Array.from({ length: i + 1 }, (_, t) => `t${t}`).join(", ");
  const call = i < 2 ? `  const upstream = await fetch("https://api.example.com/rows");\n  return Response.json({ n: ${uses}, rows: await upstream.json() });` : `  return Response.json({ n: ${uses} });`;
  write(`app/api/r${i}/route.ts`, `import { ${names} } from "../../../lib/data${i}";\nexport async function GET() {\n${call}\n}\n`);
}

/** The report without the one figure that differs between runs. */
const steady = (text: string) => text.replace(/ · [\d.]+ m?s\b/g, " · <time>").replace(/"durationMs": \d+/g, '"durationMs": 0');
const gzipOf = (result: AuditResult) => Object.fromEntries(result.functions.map((fn) => [fn.id, fn.bundle?.gzipBytes]));

/** The OS temp folder of this test, so no other test's kept outputs are counted. */
let temp: string;
let before: string | undefined;
beforeEach(() => {
  before = process.env.TMPDIR;
  temp = path.join(scratch, `tmp-${Math.random().toString(36).slice(2)}`);
  mkdirSync(temp);
  process.env.TMPDIR = temp;
});
afterEach(() => {
  if (before === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = before;
});
const audit = (options: Partial<AuditOptions> = {}) => runAudit({ root, today: TODAY, ...options });

describe("gzip measured for what the reports print", { timeout: 120_000 }, () => {
  it("measures the heaviest functions' and those the pretty report heads, exactly as measuring every output does, and keeps no output after", async () => {
    const every = await audit();
    expect(Object.values(gzipOf(every)).every((g) => typeof g === "number" && g > 0)).toBe(true);
    const printed = await audit({ gzipFor: gzipPrinted(["pretty"], false) });
    const warned = new Set(printed.findings.filter((f) => f.severity === "warning").map((f) => f.function));
    expect(warned).toEqual(new Set(["vercel:app/api/r0/route.ts", "vercel:app/api/r1/route.ts"]));
    const heaviest = new Set(["r8", "r7", "r6", "r5", "r4"].map((r) => `vercel:app/api/${r}/route.ts`));
    const measured = Object.entries(gzipOf(printed)).filter(([, g]) => g !== undefined).map(([id]) => id);
    expect(new Set(measured)).toEqual(new Set([...heaviest, ...warned]));
    for (const id of measured) expect(gzipOf(printed)[id]).toBe(gzipOf(every)[id]);
    // What each report prints is the same as with every output gzipped.
    expect(steady(pretty(printed, { color: false }))).toBe(steady(pretty(every, { color: false })));
    expect(steady(markdown(printed))).toBe(steady(markdown(every)));
    expect(steady(sarif(printed, { version: "test" }))).toBe(steady(sarif(every, { version: "test" })));
    // A report that prints more than it was measured for says so, and prints no made-up figure.
    const verbose = pretty(printed, { color: false, verbose: true });
    expect(verbose).toContain("(vercel, nodejs) · 3.9 kB minified, gzip not measured");
    expect(verbose).toMatch(/^ +[\d.]+ kB +not measured  vercel:app\/api\/r3\/route\.ts/m);
    // The outputs written for a later gzip went with the audit.
    expect(readdirSync(temp)).toEqual([]);
  });

  it("measures the bundles the size budget judges, and says the same as measuring every output", async () => {
    // 3 KB: the bigger routes are over it, and their messages print gzip; none of them is printed otherwise (SARIF).
    const config = { bundle: { budgetKb: 3 } };
    const every = await audit({ config });
    const asked = await audit({ config, gzipFor: gzipPrinted(["sarif"], false) });
    const over = every.findings.filter((f) => f.ruleId === "bundle/size-budget");
    expect(over.length).toBeGreaterThan(0);
    expect(over.length).toBeLessThan(every.functions.length);
    expect(asked.findings.filter((f) => f.ruleId === "bundle/size-budget").map((f) => f.message)).toEqual(over.map((f) => f.message));
    expect(over.every((f) => / minified, \d[\d.]* k?B gzip /.test(f.message))).toBe(true);
    const measured = new Set(Object.entries(gzipOf(asked)).filter(([, g]) => g !== undefined).map(([id]) => id));
    expect(measured).toEqual(new Set(over.map((f) => f.function)));
    expect(readdirSync(temp)).toEqual([]);
  });

  it("fills in from the cache what an earlier run did not measure: building again only what is asked for", async () => {
    const every = gzipOf(await audit());
    const dir = path.join(scratch, `cache-${Math.random().toString(36).slice(2)}`);
    // A run that prints no gzip stores bundles without it; a run that prints all of them gets them, exact.
    const none = await audit({ cache: { dir }, gzipFor: () => [] });
    expect(Object.values(gzipOf(none)).every((g) => g === undefined)).toBe(true);
    const all = await audit({ cache: { dir } });
    expect(all.summary.phases?.["cache hit"]).toBeUndefined();
    expect(gzipOf(all)).toEqual(every);
    // Then a stored result serves a run that prints some of them.
    const some = await audit({ cache: { dir }, gzipFor: () => ["vercel:app/api/r3/route.ts"] });
    expect(some.summary.phases?.["cache hit"]).toBeDefined();
    expect(gzipOf(some)["vercel:app/api/r3/route.ts"]).toBe(every["vercel:app/api/r3/route.ts"]);

    // A second folder: bundles stored without gzip, then one asked for is built again and measured.
    const other = path.join(scratch, `cache-${Math.random().toString(36).slice(2)}`);
    await audit({ cache: { dir: other }, gzipFor: () => [] });
    const one = await audit({ cache: { dir: other }, gzipFor: () => ["vercel:app/api/r2/route.ts", "vercel:app/api/r6/route.ts"] });
    expect(one.summary.phases?.["cache hit"]).toBeUndefined();
    expect(gzipOf(one)["vercel:app/api/r2/route.ts"]).toBe(every["vercel:app/api/r2/route.ts"]);
    expect(gzipOf(one)["vercel:app/api/r6/route.ts"]).toBe(every["vercel:app/api/r6/route.ts"]);
    expect(gzipOf(one)["vercel:app/api/r0/route.ts"]).toBeUndefined();
    // ... and stored: the next such run is the stored result's.
    const again = await audit({ cache: { dir: other }, gzipFor: () => ["vercel:app/api/r6/route.ts"] });
    expect(again.summary.phases?.["cache hit"]).toBeDefined();
    expect(readdirSync(temp)).toEqual([]);
  });

  it("coldstart audit measures what its formats print: the pretty report some, JSON every one", async () => {
    const dir = path.join(scratch, `cache-${Math.random().toString(36).slice(2)}`);
    const stored = () =>
      readdirSync(path.join(dir, "bundle")).map((f) => (JSON.parse(readFileSync(path.join(dir, "bundle", f), "utf8").replace(/^.*\n/, "")) as { value: { graph: { bundle: { gzipBytes?: number } } } }).value.graph.bundle.gzipBytes);
    const env = { GITHUB_ACTIONS: "" };
    expect((await runMain(["audit", root, "--cache-dir", dir, "--fail-on", "never"], { env })).exitCode).toBe(0);
    // The five heaviest and the two the report heads for their warnings.
    expect(stored().filter((g) => g !== undefined)).toHaveLength(7);
    expect((await runMain(["audit", root, "--cache-dir", dir, "--fail-on", "never", "--format", "sarif", "--report", "json=" + path.join(scratch, "r.json")], { env })).exitCode).toBe(0);
    expect(stored().every((g) => typeof g === "number")).toBe(true);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("an interrupted audit removes the outputs it kept, and ends as the interrupt says", async () => {
    const big = tempProject("gzip-interrupted");
    big.write("package.json", JSON.stringify({ name: "interrupted", private: true, dependencies: { next: "15.5.4" } }));
    // Outputs of about 100 KB: too large to be held in memory, so each is written to the temp folder.
    big.write("lib/rows.ts", `export const rows = [${Array.from({ length: 5000 }, (_, k) => `"row-${k}-${"z".repeat(k % 17)}"`).join(", ")}];\n`);
    for (let i = 0; i < 300; i++) big.write(`app/api/r${i}/route.ts`, `import { rows } from "../../../lib/rows";\nexport async function GET() {\n  return Response.json({ n: rows.length + ${i} });\n}\n`);
    const own = path.join(scratch, `tmp-${Math.random().toString(36).slice(2)}`);
    mkdirSync(own);
    const run = coldstart(["audit", big.root, "--no-cache", "--output", path.join(scratch, "interrupted.txt")], { env: { TMPDIR: own } });
    const kept = () => readdirSync(own).filter((d) => d.startsWith("coldstart-outputs-"));
    // Once the first outputs are written (or the run is over: then nothing was seen, and the test says so).
    let seen = false;
    for (let waited = 0; waited < 60_000 && run.exitCode === null && !seen; waited += 10) {
      seen = kept().some((d) => readdirSync(path.join(own, d)).length > 0);
      if (!seen) await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toBe(true);
    run.kill("SIGINT");
    const result = await run;
    expect(result.signal).toBe("SIGINT");
    expect(kept()).toEqual([]);
  });
});

describe("OutputKeeper", () => {
  /** Text of `n` bytes that gzip cannot shrink much (so the two sizes differ in every test). */
  const text = (n: number, seed: number) => {
    let x = seed;
    return Uint8Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) % 2147483648), 32 + (x % 90)));
  };

  it("holds small outputs in memory, writes large ones to a temp folder it makes then, and measures both as gzip does", async () => {
    const keeper = new OutputKeeper();
    const small = text(20_000, 1);
    const kept = await keeper.keep(small);
    expect(kept && "text" in kept).toBe(true);
    // Nothing written yet: no folder.
    expect(keeper.dir).toBeUndefined();
    expect(readdirSync(temp)).toEqual([]);
    // A copy: what esbuild's buffer holds afterwards does not change it.
    const before = gzipSync(small).byteLength;
    small.fill(65);
    expect(await keeper.gzip(kept!)).toBe(before);

    const large = text(200_000, 2);
    const written = await keeper.keep(large);
    expect(written && "file" in written).toBe(true);
    expect(keeper.dir && readdirSync(keeper.dir)).toHaveLength(1);
    expect(await keeper.gzip(written!)).toBe(gzipSync(large).byteLength);
    keeper.remove();
    expect(readdirSync(temp)).toEqual([]);
    expect(await keeper.keep(text(100, 3))).toBeUndefined();
  });

  it("writes small outputs too once those held reach its budget", async () => {
    const keeper = new OutputKeeper();
    const kinds: string[] = [];
    // 300 outputs of 60 KB: 18 MB, over the 16 MB held at most.
    const output = text(60_000, 10);
    for (let i = 0; i < 300; i++) {
      const kept = await keeper.keep(output);
      kinds.push(kept && "text" in kept ? "held" : "written");
    }
    expect(kinds.filter((k) => k === "held").length).toBe(266);
    expect(kinds.slice(266).every((k) => k === "written")).toBe(true);
    keeper.remove();
    expect(readdirSync(temp)).toEqual([]);
  });
});
