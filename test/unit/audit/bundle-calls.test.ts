import type { BuildOptions, BuildResult, Plugin } from "esbuild";
import { afterAll, describe, expect, it, vi } from "vitest";
import { bundleGroup, CALL_GROWTH, CALL_OUTPUT_BUDGET, entriesPerCall, esbuildBuild, FIRST_CALL, MAX_CALL, releaseEsbuild, type BundleTarget } from "../../../src/audit/bundle.js";
import { buildContexts, FileCache } from "../../../src/audit/context.js";
import { createBoundary } from "../../../src/project/source/boundary.js";
import type { FunctionInfo } from "../../../src/project/types.js";
import { tempProject } from "./_temp-project.js";

/** Entries of every esbuild call, in the order started, and how often the service was stopped. */
const calls: number[] = [];
const stops = { count: 0 };

// The unit project shares modules between files (isolate: false): start from fresh ones so the mock
// below reaches every module that imports the mocked one, and leave fresh real ones for the next file.
vi.hoisted(() => vi.resetModules());
vi.mock("../../../src/audit/esbuild-load.js", async () => {
  const real = await import("esbuild");
  const recording = {
    ...real,
    build: (options: BuildOptions): Promise<BuildResult> => {
      calls.push(Array.isArray(options.entryPoints) ? options.entryPoints.length : 0);
      return real.build(options);
    },
    stop: () => {
      stops.count++;
      return real.stop();
    },
  };
  return { loadEsbuild: () => Promise.resolve(recording) };
});
afterAll(() => {
  vi.doUnmock("../../../src/audit/esbuild-load.js");
  vi.resetModules();
});

describe("entriesPerCall: a group's esbuild calls hold about CALL_OUTPUT_BUDGET bytes of output", () => {
  const perEntry = (bytes: number) => ({ entries: 50, outputBytes: bytes * 50, lastCall: 40 });
  it.each([
    ["nothing bundled yet", { entries: 0, outputBytes: 0, lastCall: 0 }, FIRST_CALL],
    ["small bundles (the 1,000-route bench)", perEntry(5_000), MAX_CALL],
    ["small bundles after the first call: CALL_GROWTH times its entries", { entries: 10, outputBytes: 50_000, lastCall: 10 }, CALL_GROWTH * FIRST_CALL],
    ["bundles of exactly a hundredth of the budget", perEntry(CALL_OUTPUT_BUDGET / 100), 100],
    ["dubinc/dub's routes (about 200 KB each)", perEntry(200_000), Math.floor(CALL_OUTPUT_BUDGET / 200_000)],
    ["bundles of half the budget", perEntry(CALL_OUTPUT_BUDGET / 2), 2],
    ["bundles larger than the budget", perEntry(CALL_OUTPUT_BUDGET * 3), 1],
    ["empty outputs", { entries: 50, outputBytes: 0, lastCall: 40 }, MAX_CALL],
  ])("%s", (_name, soFar, expected) => {
    expect(entriesPerCall(soFar)).toBe(expected);
  });
});

const { root, write } = tempProject("calls");
write("package.json", JSON.stringify({ name: "calls", private: true }));
// Code esbuild cannot shrink: each entry's output is about 300 KB.
const big = Array.from({ length: 3_000 }, (_, i) => `  "${i.toString(36)}-${"x".repeat(90)}",`).join("\n");
write("big.ts", `export const rows = [\n${big}\n];\n`);
const entries = (prefix: string, n: number, code: (i: number) => string) => Array.from({ length: n }, (_, i) => write(`${prefix}/e${i}.ts`, code(i)));
const node: BundleTarget = { key: "nodejs", platform: "node", conditions: ["node"] };
const guard = () => {
  const boundary = createBoundary(root);
  return { boundary, suspects: new RegExp(boundary.suspects([])) };
};

describe("bundleGroup sizes its calls by the outputs so far", () => {
  it("takes FIRST_CALL entries, then as many as the budget holds", async () => {
    const list = entries("big", 30, (i) => `import { rows } from "../big";\nexport const handler = () => rows[${i}];\n`);
    calls.length = 0;
    const handed: string[][] = [];
    const built = await bundleGroup(root, node, list, new Set(), guard(), (called) => handed.push(called));
    expect(built.entries.size).toBe(30);
    // Calls limited by memory: nothing is handed on for analysis while esbuild runs.
    expect(handed).toEqual([]);
    const perEntry = [...built.entries.values()][0]!.bytes;
    expect(perEntry).toBeGreaterThan(250_000);
    const next = Math.floor(CALL_OUTPUT_BUDGET / perEntry);
    expect(next).toBeLessThan(30 - FIRST_CALL);
    const expected = [FIRST_CALL];
    for (let left = 30 - FIRST_CALL; left > 0; left -= next) expected.push(Math.min(next, left));
    expect(calls).toEqual(expected);
  });

  it("grows calls to MAX_CALL for small bundles, CALL_GROWTH times the last at most", async () => {
    const list = entries("small", 150, (i) => `export const handler = () => ${i};\n`);
    calls.length = 0;
    // Each call's entries are handed on, gzip-sized, while the next call is being bundled: that call
    // has been started, and its outputs are not in yet.
    const handed: Array<{ called: string[]; builtThen: number; startedThen: number; sized: boolean }> = [];
    const built = await bundleGroup(root, node, list, new Set(), guard(), (called, so) =>
      handed.push({ called, builtThen: so.entries.size, startedThen: calls.length, sized: called.every((e) => (so.entries.get(e)!.gzipBytes ?? 0) > 0) }),
    );
    expect(built.entries.size).toBe(150);
    const second = CALL_GROWTH * FIRST_CALL;
    expect(calls).toEqual([FIRST_CALL, second, 150 - FIRST_CALL - second]);
    expect(150 - FIRST_CALL - second).toBe(MAX_CALL);
    expect(handed.map((h) => h.called)).toEqual([list.slice(0, FIRST_CALL), list.slice(FIRST_CALL, FIRST_CALL + second), list.slice(FIRST_CALL + second)]);
    expect(handed.map((h) => h.builtThen)).toEqual([FIRST_CALL, FIRST_CALL + second, 150]);
    expect(handed.map((h) => h.startedThen)).toEqual([2, 3, 3]);
    expect(handed.every((h) => h.sized)).toBe(true);
  });
});

describe("bundleGroup when the first entries bundle little", () => {
  it("does not take the budget's worth of them for every later entry: calls grow CALL_GROWTH times at most", async () => {
    // vercel/ai's shape: routes of a few bytes first, then routes of about 300 KB each.
    const list = [...entries("tiny", FIRST_CALL, (i) => `export const handler = () => ${i};\n`), ...entries("heavy", 60, (i) => `import { rows } from "../big";\nexport const handler = () => rows[${i}];\n`)];
    calls.length = 0;
    const built = await bundleGroup(root, node, list, new Set(), guard());
    expect(built.entries.size).toBe(70);
    // 40 heavy entries (about 12 MB of output), not all 60 (18 MB, 4.5 times the budget); then calls the budget holds.
    expect(calls.slice(0, 2)).toEqual([FIRST_CALL, CALL_GROWTH * FIRST_CALL]);
    const perEntry = list.slice(0, 50).reduce((sum, entry) => sum + built.entries.get(entry)!.bytes, 0) / 50;
    expect(calls[2]).toBe(Math.floor(CALL_OUTPUT_BUDGET / perEntry));
    expect(calls.reduce((a, b) => a + b, 0)).toBe(70);
  });
});

describe("esbuild's service after bundling", () => {
  it("is stopped once the audit's bundles are built, and a later build starts it again", async () => {
    const entry = write("service/a.ts", "export const handler = () => 1;\n");
    const fn: FunctionInfo = { id: "a", platform: "vercel", runtime: "nodejs", entry, config: { file: "a.ts", line: 1 }, packageRoot: root };
    const before = stops.count;
    const { contexts } = await buildContexts(root, [fn], new FileCache(createBoundary(root)), { bundle: true, special: [] });
    expect(contexts[0]!.bundle?.bytes).toBeGreaterThan(0);
    expect(stops.count).toBe(before + 1);
    const again = await esbuildBuild({ stdin: { contents: "export const b = 2;" }, write: false });
    expect(again.outputFiles).toHaveLength(1);
  });

  it("is not stopped under a build that is still running", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = () => {};
    const loading = new Promise<void>((resolve) => (started = resolve));
    const slow: Plugin = {
      name: "slow",
      setup(b) {
        b.onLoad({ filter: /slow\.ts$/ }, async () => {
          started();
          await held;
          return { contents: "export const slow = 1;", loader: "ts" };
        });
      },
    };
    const running = esbuildBuild({ entryPoints: [write("service/slow.ts", "")], absWorkingDir: root, bundle: true, write: false, plugins: [slow] });
    await loading;
    const before = stops.count;
    await releaseEsbuild();
    expect(stops.count).toBe(before);
    release();
    expect((await running).outputFiles).toHaveLength(1);
  });
});

describe("buildContexts analyses each call's entries while the next call is bundled", () => {
  it("gives every function, and the bundle cache, the analysis against the group's final missing packages", async () => {
    // The second call finds a package that is not installed: the group's missing set grows after the
    // first call's entries were analysed, so those are analysed again; the results must not tell.
    const list = entries("grow", 15, (i) =>
      i === 12 ? `import pad from "not-installed-pad";\nexport const handler = () => pad(${i});\n` : `import { rows } from "../small-shared";\nexport const handler = () => rows.length + ${i};\n`,
    );
    write("small-shared.ts", "export const rows = [1, 2, 3];\n");
    const fns: FunctionInfo[] = list.map((entry, i) => ({ id: `f${i}`, platform: "vercel", runtime: "nodejs", entry, config: { file: `grow/e${i}.ts`, line: 1 }, packageRoot: root }));
    const puts = new Map<string, string>();
    const bundles = { get: () => undefined, setGzip: () => undefined, put: (entry: string, _group: unknown, _built: unknown, graph: { bundle: unknown; externalImports: unknown }) => puts.set(entry, JSON.stringify([graph.bundle, graph.externalImports])) };
    calls.length = 0;
    const { contexts } = await buildContexts(root, fns, new FileCache(createBoundary(root)), { bundle: true, special: [], bundles });
    expect(calls.slice(0, 2)).toEqual([FIRST_CALL, 5]);
    expect(contexts.map((c) => c.bundle?.missingPackages)).toEqual(list.map((_, i) => (i === 12 ? ["not-installed-pad"] : [])));
    for (const ctx of contexts) expect(puts.get(ctx.fn.entry)).toBe(JSON.stringify([ctx.bundle, ctx.externalImports]));
  });
});
