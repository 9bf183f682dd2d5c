import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleGroup, type BundleTarget } from "../../../src/audit/bundle.js";
import { analyzeEntry } from "../../../src/audit/graph.js";
import { tempProject } from "./_temp-project.js";
import { createBoundary } from "../../../src/project/source/boundary.js";

const { root, write } = tempProject("sizes");

write("package.json", JSON.stringify({ name: "sizes", private: true }));
// Shared modules of different sizes, so every route's bundle has its own size.
for (let m = 0; m < 7; m++) {
  write(`lib/m${m}.ts`, `export const table${m} = [${Array.from({ length: 40 * (m + 1) }, (_, k) => `"${m}-${k}-${"x".repeat(k % 13)}"`).join(", ")}];\nexport type Row${m} = { id: string };\n`);
}
write("lib/types.ts", 'export { type Row0, type Row1 } from "./m0";\nexport const kind = "row";\n');
// More routes than one esbuild call takes, each reaching its own mix of the shared modules.
const routes = Array.from({ length: 120 }, (_, i) => {
  const used = [0, 1, 2, 3, 4, 5, 6].filter((m) => (i >> m) % 2 === 1 || m === i % 7);
  return write(
    `routes/r${i}.ts`,
    [...used.map((m) => `import { table${m} } from "../lib/m${m}";`), 'import { kind, type Row0 } from "../lib/types";', `export const handler = (row: Row0) => [kind, row.id, ${i}, ${used.map((m) => `table${m}.length`).join(", ")}];`, ""].join("\n"),
  );
});
// Routes that reach lib/m6.ts through one shared helper.
write("lib/chain.ts", 'import { table6 } from "./m6";\nexport const count = () => table6.length;\n');
const chained = Array.from({ length: 3 }, (_, i) => write(`chain/c${i}.ts`, `import { count } from "../lib/chain";\nexport const handler = () => count() + ${i};\n`));
const boundary = createBoundary(root);
const guard = { boundary, suspects: new RegExp(boundary.suspects([])) };
const target: BundleTarget = { key: "nodejs", platform: "node", conditions: ["node"] };

describe("bundle sizes", () => {
  it("sizes every entry of a group built in several calls as a build of that entry alone does", async () => {
    const group = await bundleGroup(root, target, routes, new Set(), guard);
    expect(group.errors.size).toBe(0);
    // In entry order, whichever output was sized first.
    expect([...group.entries.keys()]).toEqual(routes);
    const sample = [0, 49, 50, 51, 99, 100, 119].map((i) => routes[i]!);
    for (const entry of sample) {
      const alone = (await bundleGroup(root, target, [entry], new Set(), guard)).entries.get(entry)!;
      const built = group.entries.get(entry)!;
      expect(built.bytes).toBeGreaterThan(0);
      // gzip sizes are filled in after the call returns (while the next call runs): never read before.
      expect(built.gzipBytes).toBeGreaterThan(0);
      expect({ bytes: built.bytes, gzipBytes: built.gzipBytes }).toEqual({ bytes: alone.bytes, gzipBytes: alone.gzipBytes });
      const graph = await analyzeEntry(root, built, new Set(), () => undefined);
      expect({ bytes: graph.bundle.bytes, gzipBytes: graph.bundle.gzipBytes }).toEqual({ bytes: alone.bytes, gzipBytes: alone.gzipBytes });
      expect(graph.bundle.gzipBytes).toBeLessThan(graph.bundle.bytes);
    }
    // Sizes differ between routes: a mix-up of outputs between entries would show.
    expect(new Set(sample.map((e) => group.entries.get(e)!.bytes)).size).toBeGreaterThan(4);
  });

  it("leaves out type-only re-exports for every entry sharing a call", async () => {
    const entries = routes.slice(0, 3);
    const group = await bundleGroup(root, target, entries, new Set(), guard);
    const m0 = path.join(root, "lib/m0.ts");
    const graphs = await Promise.all(entries.map((entry) => analyzeEntry(root, group.entries.get(entry)!, new Set(), (abs) => readFileSync(abs, "utf8"))));
    for (const [i, graph] of graphs.entries()) {
      expect(graph.files[0]).toBe(entries[i]);
      expect(graph.files).toContain(path.join(root, "lib/types.ts"));
    }
    // Routes 0 and 1 import m0 themselves; route 2 reaches it only through lib/types.ts's type-only re-export.
    expect(graphs.map((g) => g.parent.get(m0))).toEqual([entries[0], entries[1], undefined]);
    expect(graphs[2]!.files).not.toContain(m0);
  });

  it("reads a shared input's imports once per esbuild call, not once per entry that reaches it", async () => {
    const group = await bundleGroup(root, target, chained, new Set(), guard);
    const reads = new Map<string, number>();
    const text = (abs: string) => {
      reads.set(abs, (reads.get(abs) ?? 0) + 1);
      return readFileSync(abs, "utf8");
    };
    const graphs = await Promise.all(chained.map((entry) => analyzeEntry(root, group.entries.get(entry)!, new Set(), text)));
    const helper = path.join(root, "lib/chain.ts");
    const m6 = path.join(root, "lib/m6.ts");
    for (const graph of graphs) {
      expect(graph.imports.get(helper)).toEqual([{ specifier: "./m6", target: m6 }]);
      expect(graph.parent.get(m6)).toBe(helper);
    }
    // One list for the three entries: the helper's edges were read once.
    expect(graphs[1]!.imports.get(helper)).toBe(graphs[0]!.imports.get(helper));
    expect(graphs[2]!.imports.get(helper)).toBe(graphs[0]!.imports.get(helper));
    expect(reads.get(helper)).toBe(1);
  });
});
