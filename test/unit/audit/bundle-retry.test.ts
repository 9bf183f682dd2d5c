import type { BuildOptions, BuildResult } from "esbuild";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { bundleGroup, type BundleTarget } from "../../../src/audit/bundle.js";
import { tempProject } from "./_temp-project.js";
import { createBoundary } from "../../../src/project/source/boundary.js";

/** Every esbuild call, in the order started: its platform and number of entries. */
const calls: Array<{ platform: string; entries: number }> = [];
/** The platform whose first failure is handed back only once the other platform's retry has started. */
const gate = { hold: "", held: false, otherRetried: Promise.resolve(), retried: () => {} };

// The unit project shares modules between files (isolate: false): start from fresh ones so the mock
// below reaches every module that imports the mocked one, and leave fresh real ones for the next file.
vi.hoisted(() => vi.resetModules());
vi.mock("../../../src/audit/esbuild-load.js", async () => {
  const real = await import("esbuild");
  const recording = {
    ...real,
    build: async (options: BuildOptions): Promise<BuildResult> => {
      const platform = options.platform ?? "browser";
      calls.push({ platform, entries: (options.entryPoints as unknown[]).length });
      if (calls.filter((c) => c.platform !== gate.hold).length === 2) gate.retried();
      try {
        return await real.build(options);
      } catch (error) {
        if (platform === gate.hold && !gate.held) {
          gate.held = true;
          await gate.otherRetried;
        }
        throw error;
      }
    },
  };
  return { loadEsbuild: () => Promise.resolve(recording) };
});
afterAll(() => {
  vi.doUnmock("../../../src/audit/esbuild-load.js");
  vi.resetModules();
});

const { root, write } = tempProject("retry");

write("package.json", JSON.stringify({ name: "retry-race", private: true }));
const nodeEntries = [
  write("node/one.ts", 'import { a } from "not-installed-alpha";\nimport { b } from "not-installed-beta";\nexport const handler = () => a + b;\n'),
  write("node/two.ts", 'import { b } from "not-installed-beta";\nexport const handler = () => b;\n'),
];
const edgeEntries = {
  // The edge build fails only on packages the Node build also fails on, and adds first.
  overlapping: [
    write("edge/overlap-one.ts", 'import { a } from "not-installed-alpha";\nexport default () => a;\n'),
    write("edge/overlap-two.ts", 'import { b } from "not-installed-beta";\nexport default () => b;\n'),
  ],
  // The edge build fails on a package of its own.
  different: [
    write("edge/own-one.ts", 'import { g } from "not-installed-gamma";\nexport default () => g;\n'),
    write("edge/own-two.ts", 'import { g } from "not-installed-gamma";\nexport default () => g;\n'),
  ],
};

const node: BundleTarget = { key: "nodejs", platform: "node", conditions: ["node"] };
const edge: BundleTarget = { key: "edge", platform: "browser", conditions: ["worker", "browser"] };

async function bundleBoth(edgeSet: string[], hold: "node" | "browser") {
  const boundary = createBoundary(root);
  const guard = { boundary, suspects: new RegExp(boundary.suspects([])) };
  const missing = new Set<string>();
  gate.hold = hold;
  gate.held = false;
  gate.otherRetried = new Promise<void>((resolve) => (gate.retried = resolve));
  const [n, e] = await Promise.all([bundleGroup(root, node, nodeEntries, missing, guard), bundleGroup(root, edge, edgeSet, missing, guard)]);
  return { n, e, missing };
}

describe("concurrent edge and Node builds failing on packages that are not installed", () => {
  beforeAll(async () => {
    // Both groups must reach the recording mock.
    const boundary = createBoundary(root);
    await bundleGroup(root, edge, [write("warm-up.ts", "export const ok = 1;\n")], new Set(), { boundary, suspects: new RegExp(boundary.suspects([])) });
    expect(calls).toEqual([{ platform: "browser", entries: 1 }]);
  });
  beforeEach(() => {
    calls.length = 0;
  });

  for (const [name, set] of Object.entries(edgeEntries)) {
    for (const hold of ["node", "browser"] as const) {
      it(`retries each group as a whole, never entry by entry (${name} packages, ${hold} judged last)`, async () => {
        const { n, e, missing } = await bundleBoth(set, hold);
        expect(calls.filter((c) => c.entries === 1)).toEqual([]);
        expect(calls.filter((c) => c.platform === "node").length).toBeLessThanOrEqual(2);
        expect(calls.filter((c) => c.platform === "browser").length).toBeLessThanOrEqual(2);
        expect([...n.entries.keys()].sort()).toEqual([...nodeEntries].sort());
        expect([...e.entries.keys()].sort()).toEqual([...set].sort());
        expect(n.errors.size + e.errors.size).toBe(0);
        expect([...missing].sort()).toEqual(name === "different" ? ["not-installed-alpha", "not-installed-beta", "not-installed-gamma"] : ["not-installed-alpha", "not-installed-beta"]);
      });
    }
  }
});
